"""Changing the login address: PUT /api/customer/email, POST /api/customer/email/confirm."""

import threading
from datetime import UTC, datetime, timedelta

import time_machine

from chalicelib.models import EmailClaim
from chalicelib.settings import settings
from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD
from tests.portal.auth.test_password_reset import reset_token_from_mail
from tests.portal.customers.conftest import profile, put, token_from_last_mail

NEW = "erika.neu@example.com"


def request_change(client, email=NEW, password=DEMO_PASSWORD):
    return put(client, "/api/customer/email", {"email": email, "password": password})


def test_change_mails_a_link_to_the_new_address_and_a_notice_to_the_old(signed_in):
    response = request_change(signed_in, email="  Erika.Neu@Example.com ")
    assert response.status_code == 202
    assert "24 Stunden" in response.json_body["Message"]
    confirm, notice = sent_mails()[-2:]
    assert confirm["to"] == NEW
    assert confirm["subject"] == "Bitte bestätigen Sie Ihre neue E-Mail-Adresse"
    assert confirm["text"].startswith("Guten Tag,\n")
    assert "Kundennummer 100001" in confirm["text"]
    assert f"{settings.site_origin}/kundencenter/e-mail-bestaetigen/#token=" in confirm["text"]
    assert "24 Stunden gültig und kann einmal verwendet werden" in confirm["text"]
    assert notice["to"] == "demo@example.com"
    assert notice["subject"] == "Änderung Ihrer Login-E-Mail-Adresse angefordert"
    assert NEW in notice["text"]
    assert "#token=" not in notice["text"]
    assert profile(signed_in)["email"] == "demo@example.com"  # not before the confirmation
    entry = signed_in.get("/api/audit").json_body["entries"][0]
    assert (entry["event"], entry["detail"]) == ("email_change_requested", NEW)


def test_confirm_switches_the_login_address(signed_in):
    request_change(signed_in)
    anonymous = signed_in.another_browser()  # the link may be opened in a browser that is signed out
    response = anonymous.post("/api/customer/email/confirm", {"token": token_from_last_mail(NEW)})
    assert response.status_code == 200, response.body
    assert response.json_body["email"] == NEW
    assert "ab sofort" in response.json_body["Message"]
    assert profile(signed_in)["email"] == NEW
    assert EmailClaim.get(NEW).customer_number == "100001"
    assert EmailClaim.count("demo@example.com") == 0
    assert sent_mails()[-1]["to"] == "demo@example.com"
    assert sent_mails()[-1]["subject"] == "Ihre Login-E-Mail-Adresse wurde geändert"
    fresh = signed_in.another_browser()
    fresh.login(NEW)
    old = fresh.post("/api/auth/login", {"login": "demo@example.com", "password": DEMO_PASSWORD})
    assert old.status_code == 401
    entry = signed_in.get("/api/audit").json_body["entries"]
    assert any(e["event"] == "email_changed" and e["detail"] == f"demo@example.com → {NEW}" for e in entry)


def test_an_address_in_use_gets_the_same_answer_and_a_mail_without_link(signed_in):
    free = request_change(signed_in)
    for taken in ("max.beispiel@example.com", "demo@example.com"):
        mails_before = len(sent_mails())
        response = request_change(signed_in, email=taken)
        assert (response.status_code, response.json_body) == (free.status_code, free.json_body)
        in_use, notice = sent_mails()[mails_before:]
        assert in_use["to"] == taken
        assert in_use["subject"] == "Ihre E-Mail-Adresse im Kundencenter"
        assert "bereits einem Kundenkonto zugeordnet" in in_use["text"]
        assert "#token=" not in in_use["text"]
        assert "100001" not in in_use["text"]
        assert "Mustermann" not in in_use["text"]
        assert notice["to"] == "demo@example.com"
        assert notice["subject"] == "Änderung Ihrer Login-E-Mail-Adresse angefordert"
    assert profile(signed_in)["email"] == "demo@example.com"
    events = [e["event"] for e in signed_in.get("/api/audit").json_body["entries"][:3]]
    assert events == ["email_change_requested"] * 3  # the audit log tells no difference either


def test_wrong_password_is_a_field_error_and_sends_nothing(signed_in):
    mails = len(sent_mails())
    response = request_change(signed_in, password="falsch-falsch")
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"password": "Das Passwort ist nicht korrekt."}
    assert len(sent_mails()) == mails


def test_invalid_address_and_missing_password(signed_in):
    response = put(signed_in, "/api/customer/email", {"email": "kein-at-zeichen"})
    assert response.status_code == 400
    assert response.json_body["Fields"] == {
        "email": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        "password": "Bitte füllen Sie dieses Feld aus.",
    }


def test_requests_are_throttled_like_the_password_change(signed_in):
    for _ in range(10):
        assert request_change(signed_in, password="falsch-falsch").status_code == 400
    response = request_change(signed_in)
    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_the_link_works_once(signed_in):
    request_change(signed_in)
    token = token_from_last_mail(NEW)
    assert signed_in.post("/api/customer/email/confirm", {"token": token}).status_code == 200
    again = signed_in.post("/api/customer/email/confirm", {"token": token})
    assert again.status_code == 400
    assert again.json_body["Code"] == "InvalidEmailChangeLink"
    assert "bereits verwendet" in again.json_body["Message"]


def test_the_link_expires_after_24_hours(signed_in):
    request_change(signed_in)
    token = token_from_last_mail(NEW)
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=24, minutes=1)):
        response = signed_in.another_browser().post("/api/customer/email/confirm", {"token": token})
    assert response.status_code == 400
    assert EmailClaim.count(NEW) == 0


def test_the_link_still_works_after_23_hours(signed_in):
    request_change(signed_in)
    token = token_from_last_mail(NEW)
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=23)):
        response = signed_in.another_browser().post("/api/customer/email/confirm", {"token": token})
    assert response.status_code == 200


def test_unknown_token(client):
    response = client.post("/api/customer/email/confirm", {"token": "A" * 43})
    assert response.status_code == 400
    assert response.json_body["Code"] == "InvalidEmailChangeLink"


def test_an_address_taken_after_the_mail_is_a_conflict(signed_in):
    request_change(signed_in)
    token = token_from_last_mail(NEW)
    other = signed_in.another_browser()
    other.login("100002")
    request_change(other)
    assert other.post("/api/customer/email/confirm", {"token": token_from_last_mail(NEW)}).status_code == 200
    response = signed_in.post("/api/customer/email/confirm", {"token": token})
    assert response.status_code == 409
    assert response.json_body["Code"] == "EmailTaken"
    assert profile(signed_in)["email"] == "demo@example.com"


def test_two_customers_confirming_the_same_address_at_once(signed_in):
    """One wins, the other gets a 409: the claim's condition decides inside the TransactWrite."""
    request_change(signed_in)
    first = token_from_last_mail(NEW)
    other = signed_in.another_browser()
    other.login("100002")
    request_change(other)
    second = token_from_last_mail(NEW)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def confirm(token: str) -> None:
        browser = signed_in.another_browser()
        barrier.wait()
        statuses.append(browser.post("/api/customer/email/confirm", {"token": token}).status_code)

    threads = [threading.Thread(target=confirm, args=(token,)) for token in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409]
    winner = EmailClaim.get(NEW).customer_number
    emails = {profile(signed_in)["email"], profile(other)["email"]}
    assert emails == {NEW, "demo@example.com" if winner == "100002" else "max.beispiel@example.com"}


def test_the_mail_to_the_new_address_carries_no_text_the_customer_chose(signed_in):
    """The new address is not yet the customer's: whoever requests it must not put words into our mail."""
    put(signed_in, "/api/customer/address", {**ADDRESS, "version": profile(signed_in)["version"]})
    signed_in.post(
        "/api/customer/rename",
        {"company": "Klicken Sie hier GmbH", "legal_form": "GmbH", "effective_date": "2027-06-01"},
    )
    request_change(signed_in)
    confirm = [mail for mail in sent_mails() if mail["to"] == NEW][-1]
    stored = profile(signed_in)
    for chosen in (
        "Besuchen Sie www.example.org",
        "Jetzt Gewinn abholen",
        "Klicken Sie hier",
        stored["company"],
        stored["street"],
        stored["city"],
    ):
        assert chosen not in confirm["text"], chosen
    assert "Kundennummer 100001" in confirm["text"]


ADDRESS = {
    "salutation": "",
    "first_name": "Besuchen Sie www.example.org",
    "last_name": "Jetzt Gewinn abholen",
    "street": "Musterstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "phone": "",
}


def test_a_password_change_voids_the_link(signed_in):
    request_change(signed_in)
    token = token_from_last_mail(NEW)
    changed = signed_in.post(
        "/api/auth/password/change",
        {"current_password": DEMO_PASSWORD, "new_password": "Ganz-neues-Passwort-2026"},
    )
    assert changed.status_code == 204, changed.body
    response = signed_in.another_browser().post("/api/customer/email/confirm", {"token": token})
    assert response.status_code == 400
    assert response.json_body["Code"] == "InvalidEmailChangeLink"
    assert profile(signed_in)["email"] == "demo@example.com"
    assert EmailClaim.count(NEW) == 0


def test_a_password_reset_voids_the_link(signed_in):
    request_change(signed_in)
    token = token_from_last_mail(NEW)
    stranger = signed_in.another_browser()
    assert stranger.post("/api/auth/password/forgot", {"login": "100001"}).status_code == 202
    reset = stranger.post(
        "/api/auth/password/reset", {"token": reset_token_from_mail(), "password": "Ganz-neues-Passwort-2026"}
    )
    assert reset.status_code == 204, reset.body
    response = stranger.post("/api/customer/email/confirm", {"token": token})
    assert response.status_code == 400
    assert response.json_body["Code"] == "InvalidEmailChangeLink"
    fresh = signed_in.another_browser()
    fresh.login("demo@example.com", "Ganz-neues-Passwort-2026")
    assert profile(fresh)["email"] == "demo@example.com"


def test_a_newer_request_voids_the_older_link(signed_in):
    request_change(signed_in)
    older = token_from_last_mail(NEW)
    version = profile(signed_in)["version"]
    request_change(signed_in, email="erika.zweite@example.com")
    newer = token_from_last_mail("erika.zweite@example.com")
    assert profile(signed_in)["version"] == version  # bookkeeping: an open form does not turn stale
    response = signed_in.another_browser().post("/api/customer/email/confirm", {"token": older})
    assert response.status_code == 400
    assert response.json_body["Code"] == "InvalidEmailChangeLink"
    assert EmailClaim.count(NEW) == 0
    assert signed_in.post("/api/customer/email/confirm", {"token": newer}).status_code == 200
    assert profile(signed_in)["email"] == "erika.zweite@example.com"


def test_a_newer_request_for_an_address_in_use_voids_the_older_link_too(signed_in):
    request_change(signed_in)
    older = token_from_last_mail(NEW)
    request_change(signed_in, email="max.beispiel@example.com")
    response = signed_in.post("/api/customer/email/confirm", {"token": older})
    assert response.status_code == 400
    assert profile(signed_in)["email"] == "demo@example.com"


def test_a_password_ending_in_a_space_is_taken_as_typed(signed_in):
    spaced = " Passwort-mit-Leerzeichen-2026 "
    changed = signed_in.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": spaced}
    )
    assert changed.status_code == 204, changed.body
    assert request_change(signed_in, password=spaced.strip()).status_code == 400
    response = request_change(signed_in, password=spaced)
    assert response.status_code == 202, response.body
