"""Security findings of the platform review, each with the test that failed before its fix."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import time_machine

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer

NEW_PASSWORD = "Sommerregen-ueber-Bremen-7"
START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)


def reset_tokens() -> list[str]:
    return [
        match.group(1)
        for mail in sent_mails()
        if (match := re.search(r"#token=([A-Za-z0-9_-]+)", mail["text"]))
    ]


def fail(client, login="100001"):
    return client.post("/api/auth/login", {"login": login, "password": "falsch-falsch"})


def test_a_sign_in_that_checked_the_old_password_does_not_survive_a_reset(client):
    """The sign-in verified the old password, the reset happened, then its session was written."""
    from chalicelib.auth import service
    from chalicelib.customers.service import get_customer

    make_customer()
    before_reset = get_customer(customer_number="100001")  # what the racing sign-in read and verified
    client.post("/api/auth/password/forgot", {"login": "100001"})
    assert (
        client.post(
            "/api/auth/password/reset", {"token": reset_tokens()[-1], "password": NEW_PASSWORD}
        ).status_code
        == 204
    )
    session, cookie = service.new_session(customer=before_reset, client=service.Client("127.0.0.1", ""))
    session.save()  # written after the reset's sweep of the customer's sessions
    assert service.find_signed_in(cookie=cookie) is None
    racer = client.another_browser()
    racer.cookies["kc_session"] = cookie
    assert racer.get("/api/session").status_code == 401


def test_a_password_change_ends_sessions_the_index_does_not_list_yet(client, monkeypatch):
    """Sessions are found for the sweep through an eventually consistent index: a late one is void too."""
    from chalicelib.auth import service
    from chalicelib.models import Session

    make_customer()
    client.login()
    other = client.another_browser()
    other.login()
    monkeypatch.setattr(Session.customer_index, "query", lambda *args, **kwargs: iter(()))  # index lags
    changed = client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 204
    assert len(list(Session.scan())) == 2  # nothing was swept ...
    assert other.get("/api/session").status_code == 401  # ... and the other device is out all the same
    assert client.get("/api/session").status_code == 200  # the device that changed it stays signed in
    assert service.SESSION_ABSOLUTE  # (module in use)


def test_a_reset_invalidates_every_outstanding_reset_link(client):
    make_customer()
    for _ in range(3):
        client.post("/api/auth/password/forgot", {"login": "100001"})
    first, second, third = reset_tokens()
    assert (
        client.post("/api/auth/password/reset", {"token": second, "password": NEW_PASSWORD}).status_code
        == 204
    )
    for unused in (first, third):
        response = client.post(
            "/api/auth/password/reset", {"token": unused, "password": "Noch-ein-anderes-42"}
        )
        assert response.status_code == 400
        assert response.json_body["Code"] == "InvalidResetToken"
    assert client.post("/api/auth/login", {"login": "100001", "password": NEW_PASSWORD}).status_code == 200


def test_a_password_change_invalidates_reset_links_sent_before(client):
    make_customer()
    client.post("/api/auth/password/forgot", {"login": "100001"})
    client.login()
    client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )
    stale = client.post(
        "/api/auth/password/reset", {"token": reset_tokens()[0], "password": "Noch-ein-anderes-42"}
    )
    assert stale.status_code == 400


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(client):
    """Counted before the check: 16 parallel attempts against a limit of 10 check at most 10 passwords."""
    from chalicelib.auth import passwords, service
    from chalicelib.models import AttemptCounter

    make_customer()
    checks = []
    real_verify = passwords.verify_password

    def counting_verify(password_hash, password):
        checks.append(password)
        return real_verify(password_hash, password)

    browsers = [client.another_browser() for _ in range(16)]
    with time_machine.travel(START, tick=False):
        original = passwords.verify_password
        passwords.verify_password = counting_verify
        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(lambda browser: fail(browser).status_code, browsers))
        finally:
            passwords.verify_password = original
        counter = AttemptCounter.get(
            f"{service.LOGIN_PER_ACCOUNT.scope}#100001#{int(START.timestamp()) // 900 * 900}"
        )
    assert len(checks) <= 10
    assert answers.count(401) == len(checks)
    assert answers.count(429) == 16 - len(checks)
    assert counter.attempts <= 10


def test_the_account_limit_is_keyed_by_the_customer_number_however_the_login_is_typed(client):
    make_customer()
    with time_machine.travel(START, tick=False):
        for login in ["demo@example.com", "100001"] * 5:
            assert fail(client, login=login).status_code == 401
        assert fail(client, login="100001").status_code == 429
        assert fail(client, login="Demo@Example.com").status_code == 429


def test_strangers_cannot_lock_out_a_device_that_signed_in_before(client):
    make_customer()
    owner = client.another_browser()
    with time_machine.travel(START, tick=False):
        owner.login()  # this browser is now a known device of the account
        owner.post("/api/auth/logout")
        stranger = client.another_browser()
        for _ in range(10):
            assert fail(stranger).status_code == 401
        right_password = stranger.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
        assert right_password.status_code == 429  # unknown devices wait, even with the right password
        assert (
            owner.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}).status_code == 200
        )


def test_a_device_cookie_of_another_account_does_not_help(client):
    make_customer()
    make_customer(
        customer_number="100002", email="max.beispiel@example.com", first_name="Max", last_name="Beispiel"
    )
    browser = client.another_browser()
    with time_machine.travel(START, tick=False):
        browser.login("100002")
        for _ in range(10):
            fail(browser, login="100001")
        assert (
            browser.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}).status_code == 429
        )


def test_a_known_device_has_a_limit_of_its_own(client):
    make_customer()
    with time_machine.travel(START, tick=False):
        client.login()
        answers = [fail(client).status_code for _ in range(11)]
    assert answers == [401] * 10 + [429]


def test_deeply_nested_json_is_a_400_not_a_500(client):
    for raw in (b"[" * 30_000, b'{"a":' * 12_000, b'{"login": ' + b"[" * 100 + b"]" * 100 + b"}"):
        response = client.post("/api/auth/login", raw)
        assert response.status_code == 400, raw[:20]
        assert response.json_body["Code"] == "MalformedRequest"


def test_a_non_ascii_session_id_in_the_path_is_a_404(client):
    make_customer()
    client.login()
    for session_id in ("%C3%A4%C3%B6%C3%BC", "%F0%9F%98%80", "x" * 16):
        response = client.delete(f"/api/sessions/{session_id}")
        assert response.status_code == 404, session_id
        assert response.json_body["Code"] == "SessionNotFound"
