"""Request handling shared by every domain: the guard, route declaration, parsing, cookies.

guard      access level per route, origin and body checks, error rendering, no-store, request log
routing    `route(...)`: access level, request/response models, `Reply`
parsing    JSON bodies and query strings into pydantic models, German field messages
cookies    reading and setting cookies
"""

from chalicelib.web.cookies import expire_cookie, read_cookie, set_cookie
from chalicelib.web.guard import client, client_ip, current, current_principal, install, user_agent
from chalicelib.web.parsing import parse_body, parse_query
from chalicelib.web.routing import ACCESS_LEVELS, Access, Reply, RouteSpec, route, route_spec

__all__ = [
    "ACCESS_LEVELS",
    "Access",
    "Reply",
    "RouteSpec",
    "client",
    "client_ip",
    "current",
    "current_principal",
    "expire_cookie",
    "install",
    "parse_body",
    "parse_query",
    "read_cookie",
    "route",
    "route_spec",
    "set_cookie",
    "user_agent",
]
