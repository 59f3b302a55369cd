"""Opening the Kundencenter from unicorn 2: one-time links (60 s, single use) that start a normal session."""

import re
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pyotp
import pytest
import time_machine

from local.seed import OTHER_CUSTOMER
from tests.factories import DEMO_PASSWORD, make_customer

START = datetime(2026, 11, 27, 9, 0, 0, tzinfo=UTC)
LINK = re.compile(r"http://testserver\.local/kundencenter/sso/#token=([A-Za-z0-9_-]{43})")
INVALID = (
    "Dieser Link zum Kundencenter ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte öffnen "
    "Sie das Kundencenter erneut aus unicorn 2 oder melden Sie sich mit Ihrem Passwort an."
)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


class Unicorn2:
    """The unicorn 2 installations of 100001 and 100002, each with its licence key (no cookies, no Origin)."""

    def __init__(self, client: Any) -> None:
        from chalicelib.contracts import licence, service

        self.client = client
        self.keys: dict[str, str] = {}
        for number in ("100001", "100002"):
            service.open_contract(
                customer_number=number, licence="single", options=[], start_date=date(2024, 12, 1)
            )
            self.keys[number] = licence.regenerate_licence_key(customer_number=number, client=None)

    def ask(self, key: str) -> Any:
        """`POST /api/ingest/sso` as the "Kundencenter" button of an installation with `key` sends it."""
        headers = {"Authorization": f"Bearer {key}", "Origin": None, "User-Agent": "unicorn2/2.14"}
        return self.client.another_browser().post("/api/ingest/sso", headers=headers)

    def link(self, customer_number: str = "100001") -> dict[str, Any]:
        response = self.ask(self.keys[customer_number])
        assert response.status_code == 201, response.body
        return dict(response.json_body)


@pytest.fixture
def unicorn2(client):
    make_customer()
    make_customer(**OTHER_CUSTOMER)
    return Unicorn2(client)


def token_of(link):
    match = LINK.fullmatch(link["url"])
    assert match, link
    return match.group(1)


def exchange(browser, token):
    return browser.post("/api/auth/sso", {"token": token})


def sso_session(client, unicorn2, customer_number="100001"):
    """A browser signed in through a link from unicorn 2 (no password typed)."""
    browser = client.another_browser()
    response = exchange(browser, token_of(unicorn2.link(customer_number)))
    assert response.status_code == 200, response.body
    return browser


def test_the_licence_key_gets_a_link_of_60_seconds(client, unicorn2, clock):
    from chalicelib.models import SsoToken

    response = unicorn2.ask(unicorn2.keys["100001"])
    assert response.status_code == 201, response.body
    assert set(response.json_body) == {"url", "expires_in"}
    assert response.json_body["expires_in"] == 60
    assert LINK.fullmatch(response.json_body["url"])
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    (item,) = SsoToken.scan()
    assert item.customer_number == "100001"
    assert unicorn2.keys["100001"] not in str(item.attribute_values)
    assert token_of(unicorn2.link()) != token_of(response.json_body)  # a new token every time


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer u2lk_" + "A" * 43, "Basic dTJsazpzZWNyZXQ=", "old key"],
    ids=["missing", "empty", "no-key", "unknown-key", "basic", "replaced-key"],
)
def test_without_a_valid_licence_key_there_is_no_link(client, unicorn2, clock, authorization):
    from chalicelib.contracts import licence
    from chalicelib.models import SsoToken

    if authorization == "old key":
        authorization = f"Bearer {unicorn2.keys['100001']}"
        licence.regenerate_licence_key(customer_number="100001", client=None)
    headers = {"Authorization": authorization, "Origin": None}
    response = client.another_browser().post("/api/ingest/sso", headers=headers)
    assert response.status_code == 401
    assert response.json_body == {
        "Code": "InvalidLicenceKey",
        "Message": "Der Lizenzschlüssel fehlt, ist ungültig oder wurde ersetzt.",
    }
    assert SsoToken.count() == 0


def test_a_customer_session_gets_no_link(client, unicorn2, clock):
    client.login()
    assert client.post("/api/ingest/sso").status_code == 401


def test_links_are_throttled_per_licence(client, unicorn2, clock):
    from chalicelib.models import SsoToken

    for _ in range(20):
        unicorn2.link("100001")
    refused = unicorn2.ask(unicorn2.keys["100001"])
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Zu viele Versuche" in refused.json_body["Message"]
    assert SsoToken.count() == 20  # the refused request stored nothing
    assert unicorn2.ask(unicorn2.keys["100002"]).status_code == 201  # another licence is not affected
    clock.move_to(START + timedelta(minutes=15))
    assert unicorn2.ask(unicorn2.keys["100001"]).status_code == 201


def test_a_link_signs_in_like_a_password_with_the_session_marked(client, unicorn2, clock):
    from chalicelib.models import Session

    link = unicorn2.link()
    assert link["expires_in"] == 60
    response = exchange(client, token_of(link))
    assert response.status_code == 200, response.body
    assert response.json_body == client.another_browser().login().json_body  # the same answer as sign-in
    session_cookie, device_cookie = response.headers["Set-Cookie"]
    assert session_cookie.startswith("kc_session=100001.")
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
        assert flag in session_cookie
    assert device_cookie.startswith("kc_device=")
    assert client.get("/api/session").json_body["customer_number"] == "100001"

    sessions = client.get("/api/sessions").json_body["sessions"]
    assert sorted((s["current"], s["via"] or "") for s in sessions) == [(False, ""), (True, "unicorn2")]
    stored = {session.via for session in Session.scan()}
    assert stored == {"unicorn2", None}
    labels = [(e["event"], e["label"]) for e in client.get("/api/audit").json_body["entries"]]
    assert ("login_unicorn2", "Anmeldung über unicorn 2") in labels
    assert labels.count(("login", "Anmeldung")) == 1  # the password sign-in beside it


def test_only_the_tokens_hash_is_stored(client, unicorn2, clock):
    from chalicelib.models import SsoToken

    token = token_of(unicorn2.link())
    (item,) = SsoToken.scan()
    assert token not in item.token_hash
    assert token not in str(item.attribute_values)
    assert item.customer_number == "100001"
    assert item.expires_at == START + timedelta(seconds=60)


def test_a_link_lasts_60_seconds(client, unicorn2, clock):
    early, late = token_of(unicorn2.link()), token_of(unicorn2.link())
    clock.move_to(START + timedelta(seconds=59))
    assert exchange(client.another_browser(), early).status_code == 200
    clock.move_to(START + timedelta(seconds=60))
    expired = exchange(client.another_browser(), late)
    assert expired.status_code == 401
    assert expired.json_body == {"Code": "InvalidSsoLink", "Message": INVALID}
    assert "Set-Cookie" not in expired.headers


def test_a_link_works_once_and_used_expired_unknown_answer_alike(client, unicorn2, clock):
    token, stale = token_of(unicorn2.link()), token_of(unicorn2.link())
    assert exchange(client.another_browser(), token).status_code == 200
    used = exchange(client.another_browser(), token)
    clock.move_to(START + timedelta(minutes=5))
    expired = exchange(client.another_browser(), stale)
    unknown = exchange(client.another_browser(), "A" * 43)
    assert used.status_code == expired.status_code == unknown.status_code == 401
    assert used.body == expired.body == unknown.body
    assert all("Set-Cookie" not in answer.headers for answer in (used, expired, unknown))


def test_two_parallel_exchanges_of_one_link_start_exactly_one_session(client, unicorn2, monkeypatch):
    """Both requests pass the throttle before either deletes the token; the conditional delete lets one in.

    (moto is atomic per operation in the tests, as DynamoDB is: tests/conftest.py installs local/moto_atomic.)
    """
    from chalicelib import throttle
    from chalicelib.models import AuditEntry, Session

    token = token_of(unicorn2.link())
    both_counted = threading.Barrier(2, timeout=10)
    original_consume = throttle.consume

    def consume_then_wait(**kwargs):
        hits = original_consume(**kwargs)
        both_counted.wait()
        return hits

    monkeypatch.setattr(throttle, "consume", consume_then_wait)
    browsers = [client.another_browser() for _ in range(2)]
    statuses: list[int] = []

    def open_link(browser):
        statuses.append(exchange(browser, token).status_code)

    threads = [threading.Thread(target=open_link, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 401]
    assert len(list(Session.scan())) == 1
    assert [entry.event for entry in AuditEntry.query("100001") if "login" in entry.event] == [
        "login_unicorn2"
    ]
    assert sum("kc_session" in browser.cookies for browser in browsers) == 1


def test_a_link_opens_only_its_own_customers_account(client, unicorn2, clock):
    owner = client.another_browser()
    owner.login("100001")
    browser = sso_session(client, unicorn2, "100002")
    assert browser.get("/api/session").json_body["customer_number"] == "100002"
    for path in ("/api/customer", "/api/sessions", "/api/audit", "/api/customer/export"):
        answer = browser.get(path)
        assert answer.status_code == 200, (path, answer.body)
        assert "100001" not in answer.body.decode()
        assert "demo@example.com" not in answer.body.decode()
    other_session = owner.get("/api/sessions").json_body["sessions"][0]["id"]
    assert browser.delete(f"/api/sessions/{other_session}").status_code == 404
    assert owner.get("/api/session").status_code == 200


def test_a_link_replaces_the_browsers_previous_session(client, unicorn2, clock):
    client.login("100002")
    old_cookie = client.cookies["kc_session"]
    assert exchange(client, token_of(unicorn2.link())).status_code == 200
    assert client.get("/api/session").json_body["customer_number"] == "100001"
    stale = client.another_browser()
    stale.cookies["kc_session"] = old_cookie
    assert stale.get("/api/session").status_code == 401


def test_exchanges_are_throttled_per_client_address(client, unicorn2, clock):
    browser = client.another_browser()
    for _ in range(30):
        assert exchange(browser, "B" * 43).status_code == 401
    blocked = exchange(browser, token_of(unicorn2.link()))
    assert blocked.status_code == 429
    assert "Zu viele Versuche" in blocked.json_body["Message"]
    assert int(blocked.headers["Retry-After"]) > 0


def test_a_successful_exchange_does_not_count_against_the_address(client, unicorn2, clock):
    browser = client.another_browser()
    for number in ["100001", "100002"] * 18:  # 36 links: within each licence's 20 per 15 minutes
        assert exchange(browser, token_of(unicorn2.link(number))).status_code == 200


@pytest.mark.parametrize(
    "body", [{}, {"token": ""}, {"token": "x" * 129}, {"token": 5}, {"token": "a", "x": 1}]
)
def test_malformed_requests_are_a_400_and_use_nothing_up(client, unicorn2, clock, body):
    token = token_of(unicorn2.link())
    response = client.post("/api/auth/sso", body)
    assert response.status_code == 400
    assert response.json_body["Message"]
    assert exchange(client, token).status_code == 200


# Two-factor sign-in: the link replaces the password, not the code.


def switch_on_two_factor(client):
    client.login()
    setup = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD}).json_body
    secret = setup["secret"].replace(" ", "")
    enabled = client.post(
        "/api/auth/two-factor/enable", {"code": pyotp.TOTP(secret).at(START), "version": setup["version"]}
    )
    assert enabled.status_code == 200, enabled.body
    return secret, enabled.json_body["recovery_codes"]


def test_with_two_factor_sign_in_the_code_is_still_asked_for(client, unicorn2, clock):
    from chalicelib.models import Session

    secret, _ = switch_on_two_factor(client)
    browser = client.another_browser()
    first = exchange(browser, token_of(unicorn2.link()))
    assert first.status_code == 200
    assert first.json_body["two_factor_required"] is True
    assert "Set-Cookie" not in first.headers
    assert browser.get("/api/session").status_code == 401
    assert len(list(Session.scan())) == 1  # only the password session of `client`

    clock.move_to(START + timedelta(seconds=30))
    wrong = browser.post(
        "/api/auth/login/two-factor", {"challenge": first.json_body["challenge"], "code": "000000"}
    )
    assert wrong.status_code == 401
    second = browser.post(
        "/api/auth/login/two-factor",
        {
            "challenge": first.json_body["challenge"],
            "code": pyotp.TOTP(secret).at(START + timedelta(seconds=30)),
        },
    )
    assert second.status_code == 200, second.body
    assert second.json_body["customer"]["customer_number"] == "100001"
    current = next(s for s in browser.get("/api/sessions").json_body["sessions"] if s["current"])
    assert current["via"] == "unicorn2"
    events = [entry["event"] for entry in browser.get("/api/audit").json_body["entries"]]
    assert "login_unicorn2" in events
    assert "two_factor_failed" in events


def test_a_recovery_code_completes_a_link_sign_in_too(client, unicorn2, clock):
    _, codes = switch_on_two_factor(client)
    browser = client.another_browser()
    challenge = exchange(browser, token_of(unicorn2.link())).json_body["challenge"]
    done = browser.post("/api/auth/login/two-factor", {"challenge": challenge, "code": codes[0]})
    assert done.status_code == 200
    current = next(s for s in browser.get("/api/sessions").json_body["sessions"] if s["current"])
    assert current["via"] == "unicorn2"


# Changes in a session from unicorn 2 ask for the password first: the link is not the password.


@pytest.fixture
def sso_browser(client, unicorn2):
    from local.seed import add_demo_profile

    add_demo_profile("100001")
    return sso_session(client, unicorn2)


def _bank(browser, **changes):
    body = {
        "version": browser.get("/api/customer").json_body["version"],
        "account_holder": "Erika Mustermann",
        "iban": "DE02 1203 0000 0000 2020 51",
        **changes,
    }
    return browser.request("PUT", "/api/customer/bank", body={k: v for k, v in body.items() if v is not None})


def test_bank_change_in_a_link_session_needs_the_password(sso_browser):
    from chalicelib.models import Customer

    before = Customer.get("100001").bank.iban
    missing = _bank(sso_browser)
    assert missing.status_code == 400
    assert "password" in missing.json_body["Fields"]
    wrong = _bank(sso_browser, password="falsch-falsch")
    assert wrong.status_code == 400
    assert wrong.json_body["Fields"] == {"password": "Das Passwort ist nicht korrekt."}
    assert Customer.get("100001").bank.iban == before
    done = _bank(sso_browser, password=DEMO_PASSWORD)
    assert done.status_code == 200, done.body
    assert Customer.get("100001").bank.iban == "DE02120300000000202051"


def test_email_change_in_a_link_session_needs_the_password(sso_browser):
    from chalicelib.models import Customer
    from tests.conftest import sent_mails

    new = "erika.neu@example.com"
    missing = sso_browser.request("PUT", "/api/customer/email", body={"email": new})
    assert missing.status_code == 400
    wrong = sso_browser.request(
        "PUT", "/api/customer/email", body={"email": new, "password": "falsch-falsch"}
    )
    assert wrong.status_code == 400
    assert wrong.json_body["Fields"] == {"password": "Das Passwort ist nicht korrekt."}
    assert Customer.get("100001").pending_email_token is None
    assert not [mail for mail in sent_mails() if mail["to"] == new]
    done = sso_browser.request("PUT", "/api/customer/email", body={"email": new, "password": DEMO_PASSWORD})
    assert done.status_code == 202, done.body
    assert [mail for mail in sent_mails() if mail["to"] == new]


def test_password_change_in_a_link_session_needs_the_current_password(sso_browser):
    from chalicelib.auth import passwords
    from chalicelib.models import Customer

    new = "Sommer-Regen-Laterne-42"
    before = Customer.get("100001").password_hash
    missing = sso_browser.post("/api/auth/password/change", {"new_password": new})
    assert missing.status_code == 400
    wrong = sso_browser.post(
        "/api/auth/password/change", {"current_password": "falsch-falsch", "new_password": new}
    )
    assert wrong.status_code == 400
    assert "current_password" in wrong.json_body["Fields"]
    assert Customer.get("100001").password_hash == before
    done = sso_browser.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": new}
    )
    assert done.status_code == 204, done.body
    assert passwords.verify_password(Customer.get("100001").password_hash, new)
    assert sso_browser.get("/api/session").status_code == 200  # the link session lives on, as any session


def test_two_factor_changes_in_a_link_session_need_the_password(client, unicorn2, clock):
    from chalicelib.models import Customer

    _, codes = switch_on_two_factor(client)
    browser = client.another_browser()
    challenge = exchange(browser, token_of(unicorn2.link())).json_body["challenge"]
    assert (
        browser.post("/api/auth/login/two-factor", {"challenge": challenge, "code": codes[0]}).status_code
        == 200
    )
    for path in ("/api/auth/two-factor/disable", "/api/auth/two-factor/recovery-codes"):
        missing = browser.post(path, {"code": codes[1]})
        assert missing.status_code == 400
        assert "password" in missing.json_body["Fields"]
        wrong = browser.post(path, {"password": "falsch-falsch", "code": codes[1]})
        assert wrong.status_code == 400
        assert wrong.json_body["Fields"] == {"password": "Das Passwort ist nicht korrekt."}
    stored = Customer.get("100001")
    assert stored.totp_secret
    assert len(stored.recovery_code_hashes) == 9  # nothing changed, no code used
    off = browser.post("/api/auth/two-factor/disable", {"password": DEMO_PASSWORD, "code": codes[1]})
    assert off.status_code == 200, off.body
    assert Customer.get("100001").totp_secret is None
