"""Who is asking, seen from behind the proxy: used by the login rate limiter."""


def client_ip(request) -> str:
    """The address our proxy appended last to X-Forwarded-For (earlier entries are the client's
    own claims and can be forged), or the peer's address without a proxy."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR", "")
