"""Two-factor sign-in: switching it on and off, recovery codes, the second sign-in step."""

import hashlib
import re
import threading
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine

from local.seed import OTHER_CUSTOMER
from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer

START = datetime(2026, 11, 27, 9, 0, 5, tzinfo=UTC)
STEP = timedelta(seconds=30)
WRONG_CODE = "Der Code ist nicht korrekt. Bitte geben Sie den aktuellen Code aus Ihrer App ein."


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code(secret, at):
    return pyotp.TOTP(secret.replace(" ", "")).at(at)


def switch_on(client, when=START):
    """Sign in, set up and switch on two-factor sign-in; returns the secret and the recovery codes."""
    client.login()
    status = client.get("/api/auth/two-factor").json_body
    setup = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD})
    assert setup.status_code == 200, setup.body
    assert setup.json_body["version"] != status["version"]  # the pending secret is a change
    secret = setup.json_body["secret"]
    enabled = client.post(
        "/api/auth/two-factor/enable", {"code": code(secret, when), "version": setup.json_body["version"]}
    )
    assert enabled.status_code == 200, enabled.body
    return secret, enabled.json_body["recovery_codes"]


def challenge_for(client, login="100001", password=DEMO_PASSWORD):
    response = client.post("/api/auth/login", {"login": login, "password": password})
    assert response.status_code == 200, response.body
    assert response.json_body["two_factor_required"] is True
    return response.json_body["challenge"]


def second_step(client, challenge, value):
    return client.post("/api/auth/login/two-factor", {"challenge": challenge, "code": value})


def events(client):
    """The audit log's events (the clock stands still in these tests: entries of one instant in any order)."""
    return sorted(entry["event"] for entry in client.get("/api/audit").json_body["entries"])


def test_off_by_default(client):
    make_customer()
    client.login()
    status = client.get("/api/auth/two-factor").json_body
    assert status["enabled"] is False
    assert status["recovery_codes_left"] == 0
    assert isinstance(status["version"], int)


def test_setup_needs_the_password_and_stays_pending(client, clock):
    from chalicelib.models import Customer

    make_customer()
    client.login()
    wrong = client.post("/api/auth/two-factor/setup", {"password": "falsch-falsch"})
    assert wrong.status_code == 400
    assert wrong.json_body["Fields"] == {"password": "Das Passwort ist nicht korrekt."}
    assert Customer.get("100001").totp_pending_secret is None

    setup = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD}).json_body
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", setup["secret"])  # 160 bits, grouped for typing
    assert setup["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={setup['secret'].replace(' ', '')}" in setup["otpauth_uri"]
    stored = Customer.get("100001")
    assert stored.totp_secret is None  # not active before a code confirms it
    assert client.get("/api/auth/two-factor").json_body["enabled"] is False
    assert "customer" in client.another_browser().login().json_body  # sign-in unchanged meanwhile

    clock.move_to(START + timedelta(minutes=10))
    late = client.post(
        "/api/auth/two-factor/enable", {"code": code(setup["secret"], START), "version": setup["version"]}
    )
    assert late.status_code == 400
    assert late.json_body["Code"] == "TwoFactorSetupExpired"


def test_switch_on_hands_out_ten_recovery_codes_once_and_stores_hashes(client, clock):
    from chalicelib.models import Customer

    make_customer()
    client.login()
    setup = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD}).json_body
    wrong = client.post("/api/auth/two-factor/enable", {"code": "000000", "version": setup["version"]})
    assert wrong.status_code == 400
    assert wrong.json_body["Fields"] == {"code": WRONG_CODE}

    enabled = client.post(
        "/api/auth/two-factor/enable", {"code": code(setup["secret"], START), "version": setup["version"]}
    )
    assert enabled.status_code == 200
    codes = enabled.json_body["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    for item in codes:
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", item)
    stored = Customer.get("100001")
    assert stored.totp_secret == setup["secret"].replace(" ", "")
    assert stored.totp_pending_secret is None
    assert stored.recovery_code_hashes == {
        hashlib.sha256(item.replace("-", "").encode()).hexdigest() for item in codes
    }
    assert enabled.json_body["version"] == stored.version
    assert client.get("/api/auth/two-factor").json_body == {
        "enabled": True,
        "recovery_codes_left": 10,
        "version": stored.version,
    }
    assert "two_factor_enabled" in events(client)
    mail = sent_mails()[-1]
    assert mail["to"] == "demo@example.com"
    assert mail["subject"] == "Zwei-Faktor-Anmeldung eingeschaltet"
    assert "Guten Tag Frau Mustermann" in mail["text"]
    again = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD})
    assert again.status_code == 409


def test_a_stale_version_is_a_409_and_changes_nothing(client, clock):
    from chalicelib.models import Customer

    make_customer()
    client.login()
    first_tab = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD}).json_body
    second_tab = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD}).json_body
    stale = client.post(
        "/api/auth/two-factor/enable",
        {"code": code(second_tab["secret"], START), "version": first_tab["version"]},
    )
    assert stale.status_code == 409
    assert stale.json_body == {
        "Code": "StaleWrite",
        "Message": "Die Daten wurden inzwischen geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
    }
    assert Customer.get("100001").totp_secret is None
    fresh = client.post(
        "/api/auth/two-factor/enable",
        {"code": code(second_tab["secret"], START), "version": second_tab["version"]},
    )
    assert fresh.status_code == 200


def test_a_change_between_reading_and_writing_is_a_409_too(client, clock):
    """The version is also the update's condition: a write after the request read the record loses."""
    from chalicelib import errors
    from chalicelib.auth import service, two_factor
    from chalicelib.models import Customer

    make_customer()
    client.login()
    setup = client.post("/api/auth/two-factor/setup", {"password": DEMO_PASSWORD}).json_body
    read = Customer.get("100001")  # what the request loaded
    Customer.get("100001").update(actions=[Customer.city.set("Potsdam")])  # another request, meanwhile
    signed_in = service.SignedIn(session=None, customer=read)  # type: ignore[arg-type]
    with pytest.raises(errors.StaleWrite):
        two_factor.enable(
            signed_in=signed_in,
            code=code(setup["secret"], START),
            version=setup["version"],
            client=service.Client(ip_address="127.0.0.1", user_agent=""),
        )
    assert Customer.get("100001").totp_secret is None


def test_sign_in_asks_for_a_code_and_starts_no_session_before(client, clock):
    from chalicelib.models import TwoFactorChallenge

    make_customer()
    secret, _ = switch_on(client)
    browser = client.another_browser()
    response = browser.post("/api/auth/login", {"login": "demo@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert set(response.json_body) == {"two_factor_required", "challenge"}
    assert "Set-Cookie" not in response.headers
    assert browser.get("/api/session").status_code == 401
    challenge = response.json_body["challenge"]
    assert len(challenge) >= 43  # 256 bits
    (stored,) = TwoFactorChallenge.scan()
    assert stored.challenge_hash == hashlib.sha256(challenge.encode()).hexdigest()

    clock.move_to(START + STEP)
    done = second_step(browser, challenge, code(secret, START + STEP))
    assert done.status_code == 200
    assert done.json_body["customer"]["customer_number"] == "100001"
    assert browser.cookies["kc_session"].startswith("100001.")
    assert browser.get("/api/session").status_code == 200
    assert list(TwoFactorChallenge.scan()) == []  # single use
    assert second_step(browser, challenge, code(secret, START + 2 * STEP)).json_body["Code"] == (
        "TwoFactorChallengeExpired"
    )


def test_wrong_used_and_replayed_codes_answer_alike(client, clock):
    make_customer()
    secret, _ = switch_on(client)
    browser = client.another_browser()
    challenge = challenge_for(browser)
    answers = [
        second_step(browser, challenge, "123456" if code(secret, START) != "123456" else "654321"),
        second_step(browser, challenge, code(secret, START)),  # used to switch on: never again
        second_step(browser, challenge, "zzzz-zzzz-zzzz"),
        second_step(browser, challenge, "kein Code"),
    ]
    assert {response.status_code for response in answers} == {401}
    assert {response.body for response in answers} == {answers[0].body}
    assert answers[0].json_body == {"Code": "InvalidTwoFactorCode", "Message": WRONG_CODE}
    assert "Set-Cookie" not in answers[0].headers
    assert events(client).count("two_factor_failed") == 4

    clock.move_to(START + STEP)
    accepted = second_step(browser, challenge, code(secret, START + STEP))
    assert accepted.status_code == 200
    replay = second_step(browser, challenge_for(browser), code(secret, START + STEP))
    assert replay.status_code == 401
    assert replay.json_body["Code"] == "InvalidTwoFactorCode"


def test_a_recovery_code_works_once(client, clock):
    from chalicelib.models import Customer

    make_customer()
    _, codes = switch_on(client)
    browser = client.another_browser()
    typed = f"  {codes[3].upper().replace('-', ' ')} "  # case, spaces and hyphens do not matter
    response = second_step(browser, challenge_for(browser), typed)
    assert response.status_code == 200
    assert len(Customer.get("100001").recovery_code_hashes) == 9
    assert client.get("/api/auth/two-factor").json_body["recovery_codes_left"] == 9
    (used,) = [
        entry
        for entry in client.get("/api/audit").json_body["entries"]
        if entry["event"] == "recovery_code_used"
    ]
    assert used["label"] == "Anmeldung mit einem Wiederherstellungscode"
    assert used["detail"] == "noch 9 übrig"

    again = second_step(browser, challenge_for(browser), codes[3])
    assert again.status_code == 401
    assert again.json_body["Code"] == "InvalidTwoFactorCode"
    assert second_step(browser, challenge_for(browser), codes[4]).status_code == 200


def test_a_challenge_lasts_five_minutes(client, clock):
    make_customer()
    secret, _ = switch_on(client)
    browser = client.another_browser()
    challenge = challenge_for(browser)
    late = START + timedelta(minutes=5)
    clock.move_to(late)
    response = second_step(browser, challenge, code(secret, late))
    assert response.status_code == 401
    assert response.json_body == {
        "Code": "TwoFactorChallengeExpired",
        "Message": "Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut mit Ihrem Passwort an.",
    }


def test_a_challenge_is_void_after_five_wrong_codes(client, clock):
    make_customer()
    secret, _ = switch_on(client)
    browser = client.another_browser()
    challenge = challenge_for(browser)
    for _ in range(5):
        assert second_step(browser, challenge, "zzzz-zzzz-zzzz").json_body["Code"] == "InvalidTwoFactorCode"
    clock.move_to(START + STEP)
    response = second_step(browser, challenge, code(secret, START + STEP))
    assert response.json_body["Code"] == "TwoFactorChallengeExpired"
    assert second_step(browser, challenge_for(browser), code(secret, START + STEP)).status_code == 200


def test_a_challenge_is_void_after_a_password_change(client, clock):
    from chalicelib.models import Customer

    make_customer()
    secret, _ = switch_on(client)
    browser = client.another_browser()
    challenge = challenge_for(browser)
    Customer.get("100001").update(actions=[Customer.credential_generation.add(1)])
    clock.move_to(START + STEP)
    response = second_step(browser, challenge, code(secret, START + STEP))
    assert response.json_body["Code"] == "TwoFactorChallengeExpired"


def test_codes_are_throttled_per_account(client, clock):
    make_customer()
    switch_on(client)
    browser = client.another_browser()
    for _ in range(2):
        challenge = challenge_for(browser)
        for _ in range(5):
            assert second_step(browser, challenge, "zzzz-zzzz-zzzz").status_code == 401
    blocked = second_step(browser, challenge_for(browser), "zzzz-zzzz-zzzz")
    assert blocked.status_code == 429
    assert "Zu viele Versuche" in blocked.json_body["Message"]


def test_two_parallel_requests_with_the_same_code_sign_in_once(client, clock, monkeypatch):
    """Both requests check the code before either writes; the conditional update lets one through.

    (moto is atomic per operation in the tests, as DynamoDB is: tests/conftest.py installs local/moto_atomic.)
    """
    from chalicelib import totp

    make_customer()
    secret, _ = switch_on(client)
    browsers = [client.another_browser() for _ in range(2)]
    challenges = [challenge_for(browser) for browser in browsers]

    both_checked = threading.Barrier(2, timeout=10)
    original_accepted_step = totp.accepted_step

    def accepted_step_then_wait(*args, **kwargs):
        step = original_accepted_step(*args, **kwargs)
        both_checked.wait()
        return step

    monkeypatch.setattr(totp, "accepted_step", accepted_step_then_wait)
    clock.move_to(START + STEP)
    same_code = code(secret, START + STEP)
    statuses: list[int] = []

    def answer(browser, challenge):
        statuses.append(second_step(browser, challenge, same_code).status_code)

    threads = [threading.Thread(target=answer, args=pair) for pair in zip(browsers, challenges, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 401]


def test_wrong_password_answers_alike_with_and_without_two_factor(client, clock):
    make_customer()
    make_customer(**OTHER_CUSTOMER)
    switch_on(client)
    browser = client.another_browser()
    with_two_factor = browser.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"})
    without = browser.post("/api/auth/login", {"login": "100002", "password": "falsch-falsch"})
    unknown = browser.post("/api/auth/login", {"login": "100099", "password": "falsch-falsch"})
    assert with_two_factor.status_code == without.status_code == unknown.status_code == 401
    assert with_two_factor.body == without.body == unknown.body
    assert "Set-Cookie" not in with_two_factor.headers
    assert set(browser.login("100002").json_body) == {"customer"}  # sign-in without two-factor unchanged


def test_switch_off_needs_password_and_code(client, clock):
    make_customer()
    secret, codes = switch_on(client)
    clock.move_to(START + STEP)
    now_code = code(secret, START + STEP)
    wrong_password = client.post(
        "/api/auth/two-factor/disable", {"password": "falsch-falsch", "code": now_code}
    )
    assert wrong_password.json_body["Fields"] == {"password": "Das Passwort ist nicht korrekt."}
    wrong_code = client.post(
        "/api/auth/two-factor/disable", {"password": DEMO_PASSWORD, "code": "zzzz-zzzz-zzzz"}
    )
    assert wrong_code.status_code == 400
    assert wrong_code.json_body["Fields"] == {"code": WRONG_CODE}

    off = client.post("/api/auth/two-factor/disable", {"password": DEMO_PASSWORD, "code": now_code})
    assert off.status_code == 200
    assert off.json_body["enabled"] is False
    assert client.get("/api/auth/two-factor").json_body == off.json_body
    assert "two_factor_disabled" in events(client)
    assert sent_mails()[-1]["subject"] == "Zwei-Faktor-Anmeldung ausgeschaltet"
    assert set(client.another_browser().login().json_body) == {"customer"}
    again = client.post("/api/auth/two-factor/disable", {"password": DEMO_PASSWORD, "code": codes[0]})
    assert again.status_code == 409


def test_switch_off_with_a_recovery_code(client, clock):
    make_customer()
    _, codes = switch_on(client)
    off = client.post("/api/auth/two-factor/disable", {"password": DEMO_PASSWORD, "code": codes[9]})
    assert off.status_code == 200
    assert client.get("/api/auth/two-factor").json_body["enabled"] is False


def test_new_recovery_codes_replace_the_old_ones(client, clock):
    make_customer()
    secret, old = switch_on(client)
    clock.move_to(START + STEP)
    renewed = client.post(
        "/api/auth/two-factor/recovery-codes", {"password": DEMO_PASSWORD, "code": code(secret, START + STEP)}
    )
    assert renewed.status_code == 200
    new = renewed.json_body["recovery_codes"]
    assert len(new) == 10
    assert not set(new) & set(old)
    assert "recovery_codes_renewed" in events(client)
    assert sent_mails()[-1]["subject"] == "Neue Wiederherstellungscodes erzeugt"
    browser = client.another_browser()
    assert second_step(browser, challenge_for(browser), old[0]).status_code == 401
    assert second_step(browser, challenge_for(browser), new[0]).status_code == 200
    replayed = client.post(
        "/api/auth/two-factor/recovery-codes", {"password": DEMO_PASSWORD, "code": code(secret, START + STEP)}
    )
    assert replayed.status_code == 400


def test_a_sign_in_with_a_code_does_not_make_open_forms_stale(client, clock):
    """Using up a code is bookkeeping: the version the Persönliche Daten form holds stays valid."""
    make_customer()
    secret, _ = switch_on(client)
    form_version = client.get("/api/customer").json_body["version"]
    browser = client.another_browser()
    clock.move_to(START + STEP)
    assert second_step(browser, challenge_for(browser), code(secret, START + STEP)).status_code == 200
    address = {
        "version": form_version,
        "salutation": "Frau",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "street": "Musterstraße 14",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "phone": "030 1234567",
    }
    response = client.request("PUT", "/api/customer/address", body=address)
    assert response.status_code == 200, response.body
