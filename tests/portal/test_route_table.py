"""The route table: every route declares its access level, and the guard enforces it.

ROUTES lists every route with its level: adding a route means adding it here, so opening a route to
the public (or to licence keys) is always a visible decision in review. The authorization walk over the
whole table lives in tests/portal/test_authorization.py.
"""

import re

import pytest

ROUTES = {
    ("POST", "/api/auth/login"): "public",
    ("POST", "/api/auth/logout"): "public",
    ("POST", "/api/auth/password/forgot"): "public",
    ("POST", "/api/auth/password/reset"): "public",
    ("POST", "/api/auth/login/forgot"): "public",
    ("POST", "/api/auth/login/two-factor"): "public",
    ("POST", "/api/feedback"): "public",
    ("GET", "/api/session"): "customer",
    ("POST", "/api/auth/password/change"): "customer",
    ("GET", "/api/sessions"): "customer",
    ("DELETE", "/api/sessions"): "customer",
    ("DELETE", "/api/sessions/{session_id}"): "customer",
    ("GET", "/api/audit"): "customer",
    ("GET", "/api/auth/two-factor"): "customer",
    ("POST", "/api/auth/two-factor/setup"): "customer",
    ("POST", "/api/auth/two-factor/enable"): "customer",
    ("POST", "/api/auth/two-factor/disable"): "customer",
    ("POST", "/api/auth/two-factor/recovery-codes"): "customer",
    ("GET", "/api/customer"): "customer",
    ("PUT", "/api/customer/address"): "customer",
    ("PUT", "/api/customer/email"): "customer",
    ("POST", "/api/customer/email/confirm"): "public",
    ("PUT", "/api/customer/bank"): "customer",
    ("POST", "/api/customer/rename"): "customer",
    ("DELETE", "/api/customer/rename"): "customer",
    ("GET", "/api/customer/export"): "customer",
    ("GET", "/api/openapi.json"): "public",
    ("POST", "/api/team/auth/login"): "public",
    ("POST", "/api/team/auth/logout"): "public",
    ("GET", "/api/team/session"): "staff",
    ("GET", "/api/contacts"): "customer",
    ("POST", "/api/contacts/emails"): "customer",
    ("POST", "/api/contacts/emails/confirm"): "public",
    ("POST", "/api/contacts/emails/{id}/resend"): "customer",
    ("POST", "/api/contacts/phones"): "customer",
    ("PATCH", "/api/contacts/{kind}/{id}"): "customer",
    ("DELETE", "/api/contacts/{kind}/{id}"): "customer",
}


def declared_routes():
    from app import app
    from chalicelib import web

    table = {}
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            spec = web.route_spec(entry.view_function)
            table[(method, path)] = spec.access if spec else None
    return table


def test_every_route_is_listed_with_its_access_level():
    assert declared_routes() == ROUTES


def test_a_route_without_access_level_cannot_be_registered():
    from chalice.app import Blueprint, Chalice

    from chalicelib import web

    bp = Blueprint(__name__)

    @bp.route("/api/forgotten", methods=["GET"])
    def forgotten():
        return {}

    app = Chalice(app_name="probe")
    app.register_blueprint(bp)
    with pytest.raises(RuntimeError, match="GET /api/forgotten declares no access level"):
        web.install(app, loaders={})


def test_an_unknown_access_level_is_refused():
    from chalice.app import Blueprint

    from chalicelib import web

    with pytest.raises(ValueError, match="unknown access level"):
        web.route(Blueprint(__name__), "/api/x", "GET", access="admin")  # type: ignore[arg-type]


def concrete(path):
    return re.sub(r"\{[^}]+\}", "irgendwas", path)


@pytest.mark.parametrize(("method", "path"), sorted(r for r, level in ROUTES.items() if level != "public"))
def test_route_refuses_an_expired_or_forged_cookie(client, method, path):
    from chalicelib.settings import settings

    client.cookies[settings.session_cookie_name] = "100001." + "A" * 43
    client.cookies[settings.staff_cookie_name] = "A" * 43
    response = client.request(method, concrete(path), body={} if method in {"POST", "PUT", "PATCH"} else None)
    assert response.status_code == 401
