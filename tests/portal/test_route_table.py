"""Every route outside an explicit public list refuses an anonymous request."""

import re

import pytest

# The only routes a visitor may call without signing in. Adding one here is a security decision.
PUBLIC_ROUTES = {
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/logout"),
    ("POST", "/api/auth/password/forgot"),
    ("POST", "/api/auth/password/reset"),
    ("POST", "/api/auth/login/forgot"),
    ("POST", "/api/feedback"),
}


def all_routes():
    from app import app

    return sorted((method, path) for path, methods in app.routes.items() for method in methods)


def test_public_routes_are_exactly_the_declared_ones():
    from app import app
    from chalicelib import web

    declared = {(method, path) for method, path in all_routes() if web.is_public(app, path, method)}
    assert declared == {route for route in PUBLIC_ROUTES if route in set(all_routes())}


@pytest.mark.parametrize(("method", "path"), [r for r in all_routes() if r not in PUBLIC_ROUTES])
def test_route_refuses_anonymous_requests(client, method, path):
    concrete = re.sub(r"\{[^}]+\}", "irgendwas", path)
    body = {} if method in {"POST", "PUT", "PATCH"} else None
    response = client.request(method, concrete, body=body)
    assert response.status_code == 401, (method, path, response.body)
    assert response.json_body == {"Code": "NotSignedIn", "Message": "Bitte melden Sie sich an."}


@pytest.mark.parametrize(("method", "path"), [r for r in all_routes() if r not in PUBLIC_ROUTES])
def test_route_refuses_an_expired_or_forged_cookie(client, method, path):
    client.cookies["kc_session"] = "A" * 43
    concrete = re.sub(r"\{[^}]+\}", "irgendwas", path)
    response = client.request(method, concrete, body={} if method in {"POST", "PUT", "PATCH"} else None)
    assert response.status_code == 401
