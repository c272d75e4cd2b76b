"""Production's security rules that tests also read without loading the production settings:
the Content-Security-Policy, and who is asking, seen from behind the proxy (for the login
rate limiter)."""

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
    """The address our proxy appended last to X-Forwarded-For (earlier entries are the client's
    own claims and can be forged), or the peer's address without a proxy."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR", "")
