"""Who may read the monitoring pages: the committee and the department's staff; anyone else
learns nothing (404)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from grants.roles import may_read_monitoring


def monitoring_reader(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_monitoring(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
