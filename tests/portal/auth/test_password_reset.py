"""Passwort vergessen / zurücksetzen and Login vergessen."""

import re
from datetime import UTC, datetime, timedelta

import time_machine

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer

NEW_PASSWORD = "Sommerregen-ueber-Bremen-7"


def reset_token_from_mail() -> str:
    mail = sent_mails()[-1]
    match = re.search(r"/kundencenter/passwort-zuruecksetzen/#token=([A-Za-z0-9_-]+)", mail["text"])
    assert match, mail["text"]
    return match.group(1)


def test_forgot_password_answers_the_same_for_existing_and_unknown_accounts(client):
    make_customer()
    known = client.post("/api/auth/password/forgot", {"login": "demo@example.com"})
    unknown = client.post("/api/auth/password/forgot", {"login": "nobody@example.com"})
    unknown_number = client.post("/api/auth/password/forgot", {"login": "999999"})
    assert known.status_code == unknown.status_code == unknown_number.status_code == 202
    assert known.body == unknown.body == unknown_number.body
    assert [mail["to"] for mail in sent_mails()] == ["demo@example.com"]


def test_reset_link_carries_a_256_bit_token_stored_only_hashed(client):
    from chalicelib.models import PasswordResetToken

    make_customer()
    client.post("/api/auth/password/forgot", {"login": "100001"})
    mail = sent_mails()[0]
    assert mail["subject"] == "Ihr Link zum Zurücksetzen des Passworts"
    assert mail["text"].startswith("Guten Tag Frau Mustermann,\n")
    assert "30 Minuten" in mail["text"]
    token = reset_token_from_mail()
    assert len(token) >= 43
    stored = list(PasswordResetToken.scan())
    assert len(stored) == 1
    assert token not in stored[0].token_hash


def test_reset_sets_the_new_password_and_ends_every_session(client):
    make_customer()
    client.login()
    old_cookie = client.cookies["kc_session"]
    client.post("/api/auth/password/forgot", {"login": "100001"})
    token = reset_token_from_mail()
    response = client.post("/api/auth/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 204
    client.cookies["kc_session"] = old_cookie
    assert client.get("/api/session").status_code == 401
    assert sent_mails()[-1]["subject"] == "Ihr Passwort wurde geändert"
    assert client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}).status_code == 401
    client.login(password=NEW_PASSWORD)
    events = [entry["event"] for entry in client.get("/api/audit").json_body["entries"]]
    assert events[:3] == ["login", "login_failed", "password_reset"]
    assert "password_reset_requested" in events


def test_reset_token_works_once(client):
    make_customer()
    client.post("/api/auth/password/forgot", {"login": "100001"})
    token = reset_token_from_mail()
    assert (
        client.post("/api/auth/password/reset", {"token": token, "password": NEW_PASSWORD}).status_code == 204
    )
    again = client.post(
        "/api/auth/password/reset", {"token": token, "password": "Noch-ein-anderes-Passwort-9"}
    )
    assert again.status_code == 400
    assert again.json_body["Code"] == "InvalidResetToken"
    client.login(password=NEW_PASSWORD)


def test_reset_token_expires_after_30_minutes(client):
    make_customer()
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.post("/api/auth/password/forgot", {"login": "100001"})
        token = reset_token_from_mail()
        clock.move_to(start + timedelta(minutes=30, seconds=1))
        response = client.post("/api/auth/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400
    assert "abgelaufen" in response.json_body["Message"]
    client.login(password=DEMO_PASSWORD)


def test_unknown_token_is_refused(client):
    response = client.post("/api/auth/password/reset", {"token": "x" * 43, "password": NEW_PASSWORD})
    assert response.status_code == 400
    assert response.json_body["Code"] == "InvalidResetToken"


def test_weak_new_password_keeps_the_token_usable(client):
    make_customer()
    client.post("/api/auth/password/forgot", {"login": "100001"})
    token = reset_token_from_mail()
    weak = client.post("/api/auth/password/reset", {"token": token, "password": "passwort123"})
    assert weak.status_code == 400
    assert "verbreitet" in weak.json_body["Fields"]["password"]
    assert (
        client.post("/api/auth/password/reset", {"token": token, "password": NEW_PASSWORD}).status_code == 204
    )


def test_login_forgot_mails_the_customer_number_only_to_known_addresses(client):
    make_customer()
    known = client.post("/api/auth/login/forgot", {"email": "DEMO@example.com"})
    unknown = client.post("/api/auth/login/forgot", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.body == unknown.body
    mails = sent_mails()
    assert len(mails) == 1
    assert mails[0]["to"] == "demo@example.com"
    assert "100001" in mails[0]["text"]


def test_login_forgot_refuses_what_is_not_an_email_address(client):
    response = client.post("/api/auth/login/forgot", {"email": "keine-adresse"})
    assert response.status_code == 400
    assert response.json_body["Fields"]["email"] == "Bitte geben Sie eine gültige E-Mail-Adresse ein."
    assert sent_mails() == []


# The reset page checks its link on load (POST /api/auth/password/reset/check), before a password is typed.


def check(client, token):
    return client.post("/api/auth/password/reset/check", {"token": token})


def test_check_says_a_fresh_link_is_valid_and_nothing_else(client):
    make_customer()
    client.post("/api/auth/password/forgot", {"login": "100001"})
    token = reset_token_from_mail()
    response = check(client, token)
    assert response.status_code == 200
    assert response.json_body == {"valid": True}
    # Checking does not use the link up.
    assert check(client, token).json_body == {"valid": True}
    assert (
        client.post("/api/auth/password/reset", {"token": token, "password": NEW_PASSWORD}).status_code == 204
    )


def test_check_answers_the_resets_400_for_unknown_used_and_expired_links(client):
    make_customer()
    unknown = check(client, "x" * 43)
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.post("/api/auth/password/forgot", {"login": "100001"})
        used = reset_token_from_mail()
        client.post("/api/auth/password/reset", {"token": used, "password": NEW_PASSWORD})
        client.post("/api/auth/password/forgot", {"login": "100001"})
        expired = reset_token_from_mail()
        clock.move_to(start + timedelta(minutes=30, seconds=1))
        answers = [unknown, check(client, used), check(client, expired)]
        reset = client.post("/api/auth/password/reset", {"token": "x" * 43, "password": NEW_PASSWORD})
    for answer in answers:
        assert answer.status_code == 400
        assert answer.json_body == reset.json_body  # the reset's own answer: no e-mail, no name
        assert answer.json_body["Code"] == "InvalidResetToken"
        assert "demo@example.com" not in str(answer.body)
        assert "Mustermann" not in str(answer.body)


def test_check_refuses_a_link_sent_before_the_password_changed(client):
    make_customer()
    client.post("/api/auth/password/forgot", {"login": "100001"})
    token = reset_token_from_mail()
    client.login()
    changed = client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 204
    assert check(client, token).json_body["Code"] == "InvalidResetToken"


def test_check_is_throttled_per_client_address(client):
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        answers = [check(client, f"{i:043d}").status_code for i in range(31)]
    assert answers[:30] == [400] * 30
    assert answers[30] == 429


def test_check_validates_its_body(client):
    response = client.post("/api/auth/password/reset/check", {"token": ""})
    assert response.status_code == 400
    assert "token" in response.json_body["Fields"]
