"""Hostile or malformed requests: 4xx with a German message, nothing stored."""

import pytest

from tests.factories import DEMO_PASSWORD, make_customer


def stored_sessions():
    from chalicelib.models import Session

    return list(Session.scan())


def test_foreign_origin_is_refused(client):
    make_customer()
    response = client.post(
        "/api/auth/login",
        {"login": "100001", "password": DEMO_PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert response.json_body["Code"] == "ForeignOrigin"
    assert stored_sessions() == []


def test_cross_site_fetch_metadata_is_refused(client):
    make_customer()
    response = client.post(
        "/api/auth/login",
        {"login": "100001", "password": DEMO_PASSWORD},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


def test_non_json_is_refused(client):
    make_customer()
    response = client.post(
        "/api/auth/login",
        b"login=100001&password=Kundencenter-Demo-2026",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415
    assert "JSON" in response.json_body["Message"]
    assert stored_sessions() == []


def test_body_over_64_kib_is_refused(client):
    response = client.post("/api/auth/login", {"login": "x" * (64 * 1024), "password": "y"})
    assert response.status_code == 413
    assert response.json_body["Message"] == "Die Anfrage ist zu groß."


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"login": "100001"}, {"password": "Bitte füllen Sie dieses Feld aus."}),
        ({"login": 100001, "password": "x"}, {"login": "Bitte geben Sie einen Text ein."}),
        ({"login": "a", "password": "b", "admin": True}, {"admin": "Dieses Feld ist unbekannt."}),
        ({"login": "a" * 255, "password": "b"}, {"login": "Bitte geben Sie höchstens 254 Zeichen ein."}),
        ({"login": "", "password": "b"}, {"login": "Bitte füllen Sie dieses Feld aus."}),
    ],
)
def test_invalid_fields_are_named_in_german(client, body, fields):
    response = client.post("/api/auth/login", body)
    assert response.status_code == 400
    assert response.json_body["Code"] == "ValidationError"
    assert response.json_body["Fields"] == fields


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"null"])
def test_malformed_json_is_a_400(client, raw):
    response = client.post("/api/auth/login", raw)
    assert response.status_code == 400
    assert response.json_body["Code"] == "MalformedRequest"
    assert "gültiges JSON" in response.json_body["Message"]


def test_wrong_method_is_answered_in_german(client):
    response = client.request("PUT", "/api/auth/login", body={})
    assert response.status_code == 405
    assert response.json_body["Message"] == "Diese Methode ist hier nicht erlaubt."


def test_unexpected_failure_is_a_german_500_without_details(client, monkeypatch):
    from chalicelib.auth import service

    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(service, "authenticate", broken)
    response = client.post("/api/auth/login", {"login": "100001", "password": "x"})
    assert response.status_code == 500
    assert "database" not in response.body.decode()
    assert response.json_body["Message"].startswith("Es ist ein interner Fehler aufgetreten")


def patch_settings(monkeypatch, **changes):
    """Replace the settings every request-handling module reads."""
    from dataclasses import replace

    from chalicelib import settings as settings_module
    from chalicelib.auth import routes as auth_routes
    from chalicelib.web import cookies, guard

    changed = replace(settings_module.settings, **changes)
    for module in (settings_module, cookies, guard, auth_routes):
        monkeypatch.setattr(module, "settings", changed)
    return changed


def test_https_origin_uses_secure_host_prefixed_cookies(client, monkeypatch):
    patch_settings(monkeypatch, site_origin="https://kundencenter.unicorn2.de")
    make_customer()
    response = client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    session_cookie, device_cookie = response.headers["Set-Cookie"]
    assert session_cookie.startswith("__Host-kc_session=100001.")
    assert device_cookie.startswith("__Host-kc_device=")
    for cookie in (session_cookie, device_cookie):
        assert "Secure" in cookie
        assert "Path=/" in cookie
        assert "Domain" not in cookie
    assert client.get("/api/session").status_code == 200


@pytest.fixture
def behind_cloudfront(monkeypatch):
    from tests.portal.platform.test_origin_secret import behind_cloudfront_with

    behind_cloudfront_with(monkeypatch, "s3cr3t-from-cloudfront")
    return {"X-Origin-Verify": "s3cr3t-from-cloudfront"}


def test_behind_cloudfront_requests_that_bypass_it_are_refused(client, behind_cloudfront):
    make_customer()
    direct = client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
    assert direct.status_code == 403
    via_cloudfront = client.post(
        "/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}, headers=behind_cloudfront
    )
    assert via_cloudfront.status_code == 200


def test_behind_cloudfront_the_viewer_address_is_the_client(client, behind_cloudfront):
    make_customer()
    headers = {**behind_cloudfront, "CloudFront-Viewer-Address": "2001:db8::7:51234"}
    client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}, headers=headers)
    sessions = client.get("/api/sessions", headers=headers).json_body["sessions"]
    assert sessions[0]["ip_address"] == "2001:db8::7"


def test_every_api_answer_is_no_store_by_default(client):
    make_customer()
    answers = [
        client.get("/api/session"),  # 401 from the guard
        client.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"}),  # 401 from the view
        client.post("/api/auth/login", b"{kaputt"),  # 400
        client.request("PUT", "/api/auth/login", body={}),  # Chalice's own 405
    ]
    client.login()
    answers += [client.get("/api/session"), client.get("/api/audit"), client.post("/api/auth/logout")]
    for response in answers:
        assert response.headers.get("Cache-Control") == "no-store", (response.status_code, response.headers)


def test_an_unsafe_request_with_cookies_but_no_origin_is_refused(client):
    """Browsers name the origin of every unsafe request; one with cookies but no origin is not our page."""
    make_customer()
    client.login()
    bare = {"Origin": None}
    for method, path in (("DELETE", "/api/sessions"), ("POST", "/api/auth/logout")):
        response = client.request(method, path, headers=bare)
        assert response.status_code == 403, (method, path)
        assert response.json_body["Code"] == "ForeignOrigin"
    assert client.get("/api/session").status_code == 200  # nothing happened
    fetch_metadata_only = client.request(
        "DELETE", "/api/sessions", headers={"Origin": None, "Sec-Fetch-Site": "same-origin"}
    )
    assert fetch_metadata_only.status_code == 200
    same_site = client.request("DELETE", "/api/sessions", headers={"Sec-Fetch-Site": "same-site"})
    assert same_site.status_code == 403
