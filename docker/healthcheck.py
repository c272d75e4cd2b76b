"""The container's health check: GET /healthz on this container (no curl in a slim image).

An optional argument picks one part, e.g. `python docker/healthcheck.py /healthz/database`."""

import os
import sys
import urllib.request

PORT = os.environ.get("PORT", "8000")
PATH = sys.argv[1] if len(sys.argv) > 1 else "/healthz"
request = urllib.request.Request(f"http://127.0.0.1:{PORT}{PATH}",
                                 headers={"Host": os.environ.get("HEALTHCHECK_HOST", "localhost")})
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:  # HTTPError (503) included
    print(error, file=sys.stderr)
    sys.exit(1)
