"""Sign-in, sign-out and the current session through the API."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.factories import DEMO_PASSWORD, make_customer


def test_sign_in_with_email_sets_a_safe_session_cookie(client):
    make_customer()
    response = client.post("/api/auth/login", {"login": "Demo@Example.com ", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert response.json_body["customer"] == {
        "customer_number": "100001",
        "name": "Erika Mustermann",
        "salutation": "Frau",
        "email": "demo@example.com",
        "company": "Muster Handels GmbH",
    }
    session_cookie, device_cookie = response.headers["Set-Cookie"]
    assert session_cookie.startswith("kc_session=100001.")
    assert device_cookie.startswith("kc_device=")
    for cookie in (session_cookie, device_cookie):
        for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
            assert flag in cookie
        assert "Secure" not in cookie  # the test origin is plain http
    token = session_cookie.split(";")[0].split(".", 1)[1]
    assert len(token) >= 43  # 256 bits, URL-safe base64


def test_sign_in_with_customer_number(client):
    make_customer()
    response = client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert client.get("/api/session").json_body["customer_number"] == "100001"


def test_wrong_password_and_unknown_login_answer_alike(client):
    make_customer()
    wrong = client.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"})
    unknown = client.post("/api/auth/login", {"login": "nobody@example.com", "password": "falsch-falsch"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.body == unknown.body
    assert "Set-Cookie" not in wrong.headers
    assert "nicht korrekt" in wrong.json_body["Message"]


def test_session_is_stored_only_as_a_hash(client):
    from chalicelib.models import Session

    make_customer()
    client.login()
    token = client.cookies["kc_session"]
    stored = list(Session.scan())
    assert len(stored) == 1
    assert token not in stored[0].session_hash
    assert stored[0].public_id != token


def test_new_session_id_at_every_sign_in(client):
    from chalicelib.models import Session

    make_customer()
    client.login()
    first = client.cookies["kc_session"]
    client.login()
    second = client.cookies["kc_session"]
    assert first != second
    assert len(list(Session.scan())) == 1  # the old session ended
    client.cookies["kc_session"] = first
    assert client.get("/api/session").status_code == 401


def test_sign_out_ends_the_session(client):
    make_customer()
    client.login()
    token = client.cookies["kc_session"]
    response = client.post("/api/auth/logout")
    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    client.cookies["kc_session"] = token
    response = client.get("/api/session")
    assert response.status_code == 401
    # A cookie of an ended session (a browser that missed the sign-out) hears why, once: the cookie goes.
    assert response.json_body["Code"] == "SessionEnded"
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    response = client.get("/api/session")
    assert response.json_body == {"Code": "NotSignedIn", "Message": "Bitte melden Sie sich an."}


def test_sign_out_without_session_is_harmless(client):
    assert client.post("/api/auth/logout").status_code == 204


def test_session_ends_after_30_minutes_idle(client):
    make_customer()
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.login()
        clock.move_to(start + timedelta(minutes=29))
        assert client.get("/api/session").status_code == 200
        clock.move_to(start + timedelta(minutes=29 + 31))
        assert client.get("/api/session").status_code == 401


def test_session_ends_after_8_hours_even_when_active(client):
    make_customer()
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.login()
        for minutes in range(20, 8 * 60, 20):
            clock.move_to(start + timedelta(minutes=minutes))
            assert client.get("/api/session").status_code == 200
        clock.move_to(start + timedelta(hours=8, minutes=1))
        assert client.get("/api/session").status_code == 401


def test_sign_in_is_audited_and_failures_too(client):
    make_customer()
    client.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"})
    client.login()
    entries = client.get("/api/audit").json_body["entries"]
    assert [entry["event"] for entry in entries] == ["login", "login_failed"]
    assert entries[0]["label"] == "Anmeldung"
    assert entries[1]["label"] == "Fehlgeschlagene Anmeldung"
    assert entries[0]["browser"] == "Firefox 140 auf Linux"


def test_a_session_ended_elsewhere_is_not_revived_by_its_last_use(aws):
    from chalicelib.auth import service
    from chalicelib.models import Session

    customer = make_customer()
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        session, cookie = service.new_session(
            customer=customer, client=service.Client(ip_address="127.0.0.1", user_agent="")
        )
        session.save()
        clock.move_to(start + timedelta(minutes=5))
        Session.get(session.session_hash).delete()  # signed out on another device meanwhile
        assert service._touch_session(session, now=start + timedelta(minutes=5)) is False
        assert list(Session.scan()) == []
        assert service.find_signed_in(cookie=cookie) is None


def _with_old_parameters() -> str:
    """The demo password hashed with other argon2 parameters than the configured ones (needs a rehash)."""
    from chalicelib.auth import passwords

    old = passwords.profile_hasher("owasp").hash(DEMO_PASSWORD)
    assert passwords.needs_rehash(old)
    return old


def test_sign_in_rehashes_an_old_hash_without_raising_the_version(client):
    """The rehash is bookkeeping: an open Persönliche Daten form (which carries `version`) stays valid."""
    from chalicelib.auth import passwords
    from chalicelib.models import Customer
    from chalicelib.models.base import update_bookkeeping

    customer = make_customer()
    update_bookkeeping(customer, actions=[Customer.password_hash.set(_with_old_parameters())])
    version = Customer.get("100001").version
    assert client.login().status_code == 200
    stored = Customer.get("100001")
    assert not passwords.needs_rehash(stored.password_hash)
    assert stored.version == version


def test_a_rehash_never_undoes_a_password_change_made_at_the_same_moment(client, monkeypatch):
    from chalicelib.auth import passwords
    from chalicelib.models import Customer
    from chalicelib.models.base import update_bookkeeping

    customer = make_customer()
    update_bookkeeping(customer, actions=[Customer.password_hash.set(_with_old_parameters())])
    changed = passwords.hash_password("Das-neue-Passwort-2026")
    verify = passwords.verify_password

    def verify_then_change_in_parallel(password_hash, password):
        right = verify(password_hash, password)
        Customer.get("100001").update(actions=[Customer.password_hash.set(changed)])  # another request
        return right

    monkeypatch.setattr(passwords, "verify_password", verify_then_change_in_parallel)
    response = client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.body
    assert Customer.get("100001").password_hash == changed
