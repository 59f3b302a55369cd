"""Cookies: reading one by name, and the Set-Cookie values the API sends."""

from http.cookies import CookieError, SimpleCookie

from chalice.app import Request

from chalicelib.settings import settings


def read_cookie(request: Request, name: str) -> str | None:
    """The value of cookie `name`, if the request carries it."""
    header = request.headers.get("cookie")
    if not header:
        return None
    try:
        cookie = SimpleCookie(header)
    except CookieError:
        return None
    morsel = cookie.get(name)
    return morsel.value if morsel else None


def set_cookie(name: str, value: str, *, max_age: int) -> str:
    """Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure wherever the site is on HTTPS."""
    parts = [f"{name}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if settings.cookie_secure:
        parts.append("Secure")
    return "; ".join(parts)


def expire_cookie(name: str) -> str:
    return set_cookie(name, "", max_age=0)
