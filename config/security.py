"""Production's security rules that tests also read without loading the production settings:
the Content-Security-Policy, and who is asking, seen from behind the proxy (for the login
rate limiter)."""

from django.conf import settings

# Content-Security-Policy (django-csp): only our own scripts and styles; the dashboard's bars
# are sized with style attributes, which style-src-attr allows without allowing <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}


def client_ip(request) -> str:
    """The client's address for the login rate limiter.

    Every proxy appends its peer's address to X-Forwarded-For, so with ``TRUSTED_PROXY_COUNT``
    proxies of ours in front the client is the entry that many places from the end; anything
    before it is the client's own claim. Without a configured proxy (the default) the header is
    ignored: whoever reaches gunicorn directly could otherwise pick a fresh address per attempt.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
