"""Confirming further addresses: the mailed link, its 7 days, single use, claims, resending, no enumeration."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import time_machine

from tests.conftest import sent_mails
from tests.portal.contacts.conftest import add_email, add_verified_email, token_for

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)
ADDRESS = "buchhaltung@muster-handels.example"
INVALID_LINK = "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde bereits verwendet."


def confirm(browser, token):
    return browser.post("/api/contacts/emails/confirm", {"token": token})


def claim_login_address(email: str, customer_number: str) -> None:
    """The login address's claim, as the profile domain writes it."""
    from chalicelib import claims
    from chalicelib.models.base import transaction

    with transaction() as tx:
        claims.claim(tx, email=email, customer_number=customer_number, kind="login")


def test_the_link_confirms_the_address_once_without_signing_in(client, erika):
    from chalicelib.contacts.service import customer_for_email

    entry = add_email(erika, ADDRESS)
    token = token_for(ADDRESS)
    assert customer_for_email(ADDRESS) is None  # unverified addresses match nobody

    response = confirm(client, token)  # a browser that is not signed in
    assert response.status_code == 200, response.body
    assert response.json_body == {"id": entry["id"], "value": ADDRESS, "verified": True}
    assert erika.get("/api/contacts").json_body["emails"] == [{**entry, "verified": True}]
    assert customer_for_email(ADDRESS) == "100001"

    again = confirm(client, token)
    assert again.status_code == 400
    assert again.json_body["Code"] == "InvalidContactToken"
    assert again.json_body["Message"].startswith(INVALID_LINK)


def test_unknown_and_malformed_tokens(client, customers):
    assert confirm(client, "A" * 43).status_code == 400
    response = client.post("/api/contacts/emails/confirm", {"token": ""})
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"token": "Bitte füllen Sie dieses Feld aus."}


def test_the_link_lasts_seven_days(client, customers):
    with time_machine.travel(START, tick=False) as traveller:
        erika = client.another_browser()
        erika.login()
        add_email(erika, ADDRESS)
        add_email(erika, "spaet@muster-handels.example")
        traveller.shift(timedelta(days=6, hours=23))
        assert confirm(client, token_for(ADDRESS)).status_code == 200
        traveller.shift(timedelta(hours=1))
        response = confirm(client, token_for("spaet@muster-handels.example"))
        assert response.status_code == 400
        assert response.json_body["Code"] == "InvalidContactToken"


def test_an_unverified_address_expires_after_seven_days_and_frees_its_slot(client, customers):
    with time_machine.travel(START, tick=False) as traveller:
        erika = client.another_browser()
        erika.login()
        old = [add_email(erika, f"kontakt{n}@muster-handels.example") for n in range(10)]
        traveller.shift(timedelta(days=7, minutes=1))
        erika.login()  # the first session ended long ago
        assert erika.get("/api/contacts").json_body["emails"] == []
        path = f"/api/contacts/emails/{old[0]['id']}"
        assert erika.request("PATCH", path, body={"purposes": []}).status_code == 404
        assert erika.delete(path).status_code == 404
        assert erika.post(f"/api/contacts/emails/{old[0]['id']}/resend").status_code == 404
        for n in range(10):  # every slot is free again, also for the same addresses
            add_email(erika, f"kontakt{n}@muster-handels.example")
        assert (
            erika.post("/api/contacts/emails", {"address": "elf@muster-handels.example"}).status_code == 409
        )
        # The old links lead nowhere: their slots hold new entries now.
        assert len(erika.get("/api/contacts").json_body["emails"]) == 10


def test_an_address_another_customer_holds_is_added_alike_but_gets_no_link(client, erika, max_):
    from chalicelib.contacts.service import customer_for_email

    add_verified_email(max_, client, ADDRESS)
    claim_login_address("max.beispiel@example.com", "100002")
    for address in (ADDRESS, "max.beispiel@example.com"):
        mails_before = len(sent_mails())
        response = erika.post("/api/contacts/emails", {"address": address, "purposes": ["rechnungen"]})
        assert response.status_code == 201, response.body  # exactly as for a free address
        assert set(response.json_body) == {"id", "value", "purposes", "verified", "created_at"}
        assert response.json_body["verified"] is False
        (mail,) = sent_mails()[mails_before:]
        assert mail["to"] == address
        assert "bereits einem Kundenkonto zugeordnet" in mail["text"]
        assert "#token=" not in mail["text"]
        assert "Muster Handels" not in mail["text"]
        assert customer_for_email(address) == "100002"
    assert [entry["value"] for entry in erika.get("/api/contacts").json_body["emails"]] == [
        ADDRESS,
        "max.beispiel@example.com",
    ]


def test_confirming_an_address_another_customer_confirmed_first_is_a_conflict(client, erika, max_):
    from chalicelib.contacts.service import customer_for_email

    add_email(erika, ADDRESS)
    erikas_token = token_for(ADDRESS)
    add_verified_email(max_, client, ADDRESS)
    response = confirm(client, erikas_token)
    assert response.status_code == 409
    assert response.json_body["Code"] == "ContactEmailInUse"
    assert response.json_body["Message"].startswith(
        "Diese E-Mail-Adresse ist bereits einem anderen Kundenkonto zugeordnet"
    )
    assert customer_for_email(ADDRESS) == "100002"
    assert erika.get("/api/contacts").json_body["emails"][0]["verified"] is False


def test_two_customers_confirming_the_same_address_at_once_one_wins(client, erika, max_):
    from chalicelib.contacts.service import customer_for_email
    from chalicelib.models import EmailClaim

    add_email(erika, ADDRESS)
    erikas_token = token_for(ADDRESS)
    add_email(max_, ADDRESS)
    max_token = token_for(ADDRESS)
    browsers = [client.another_browser(), client.another_browser()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(
            pool.map(lambda pair: confirm(*pair), zip(browsers, [erikas_token, max_token], strict=True))
        )
    assert sorted(answer.status_code for answer in answers) == [200, 409]
    winner = "100001" if answers[0].status_code == 200 else "100002"
    assert customer_for_email(ADDRESS) == winner
    assert EmailClaim.get(ADDRESS).kind == "contact"
    verified = [
        entry["verified"]
        for browser in (erika, max_)
        for entry in browser.get("/api/contacts").json_body["emails"]
    ]
    assert sorted(verified) == [False, True]


def test_resending_the_link(client, customers):
    with time_machine.travel(START, tick=False) as traveller:
        erika = client.another_browser()
        erika.login()
        entry = add_email(erika, ADDRESS)
        first = token_for(ADDRESS)
        traveller.shift(timedelta(minutes=20))
        response = erika.post(f"/api/contacts/emails/{entry['id']}/resend")
        assert response.status_code == 202, response.body
        assert response.json_body["Message"].startswith(f"Wir haben den Bestätigungslink erneut an {ADDRESS}")
        second = token_for(ADDRESS)
        assert second != first
        # The new link's 7 days start now, and the address lives as long.
        traveller.shift(timedelta(days=7) - timedelta(minutes=10))
        erika.login()
        assert [e["id"] for e in erika.get("/api/contacts").json_body["emails"]] == [entry["id"]]
        assert confirm(client, second).status_code == 200
        assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 409


def test_resend_is_for_own_unverified_addresses_only(client, erika, max_):
    entry = add_email(erika, ADDRESS)
    phone = erika.post("/api/contacts/phones", {"number": "030 1234567", "purposes": []}).json_body
    assert max_.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 404
    assert erika.post(f"/api/contacts/emails/{phone['id']}/resend").status_code == 404
    verified = add_verified_email(erika, client, "info@muster-handels.example")
    response = erika.post(f"/api/contacts/emails/{verified['id']}/resend")
    assert response.status_code == 409
    assert response.json_body["Message"] == "Diese E-Mail-Adresse ist bereits bestätigt."


def test_resending_is_throttled_per_customer(client, customers):
    with time_machine.travel(START, tick=False):
        erika = client.another_browser()
        erika.login()
        entries = [add_email(erika, f"kontakt{n}@muster-handels.example") for n in range(2)]
        for n in range(5):
            assert erika.post(f"/api/contacts/emails/{entries[n % 2]['id']}/resend").status_code == 202
        mails = len(sent_mails())
        response = erika.post(f"/api/contacts/emails/{entries[0]['id']}/resend")
        assert response.status_code == 429
        assert response.headers["Retry-After"] == str(3600 - 30)
        assert response.json_body["Message"].startswith("Zu viele Versuche.")
        assert len(sent_mails()) == mails


def test_a_resend_to_an_address_another_customer_holds_carries_no_link(client, erika, max_):
    entry = add_email(erika, ADDRESS)
    add_verified_email(max_, client, ADDRESS)
    assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 202
    mail = sent_mails()[-1]
    assert mail["to"] == ADDRESS
    assert "#token=" not in mail["text"]


def test_every_verification_mail_counts_on_one_limit_per_customer(client, customers):
    """Adding and deleting in a loop cannot mail an address more than 10 times an hour."""
    with time_machine.travel(START, tick=False):
        erika = client.another_browser()
        erika.login()
        for _ in range(10):
            entry = add_email(erika, ADDRESS)
            assert erika.delete(f"/api/contacts/emails/{entry['id']}").status_code == 204
        mails = len(sent_mails())
        response = erika.post("/api/contacts/emails", {"address": ADDRESS, "purposes": []})
        assert response.status_code == 429, response.body
        assert response.headers["Retry-After"] == str(3600 - 30)
        assert response.json_body["Message"].startswith("Zu viele Versuche.")
        assert len(sent_mails()) == mails
        assert erika.get("/api/contacts").json_body["emails"] == []  # nothing stored either


def test_adding_and_resending_share_the_limit(client, customers):
    with time_machine.travel(START, tick=False) as traveller:
        erika = client.another_browser()
        erika.login()
        entries = [add_email(erika, f"kontakt{n}@muster-handels.example") for n in range(5)]
        for entry in entries:
            assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 202
        mails = len(sent_mails())
        response = erika.post("/api/contacts/emails", {"address": ADDRESS, "purposes": []})
        assert response.status_code == 429
        assert len(sent_mails()) == mails
        traveller.shift(timedelta(hours=1))  # the next window
        erika.login()
        add_email(erika, ADDRESS)


def test_a_full_list_answers_the_limit_message_before_the_throttle(client, customers):
    from chalicelib import throttle
    from chalicelib.contacts.service import VERIFICATION_MAILS_PER_CUSTOMER

    with time_machine.travel(START, tick=False):
        erika = client.another_browser()
        erika.login()
        for n in range(10):
            add_email(erika, f"kontakt{n}@muster-handels.example")
        assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 0
        response = erika.post("/api/contacts/emails", {"address": ADDRESS, "purposes": []})
        assert response.status_code == 409  # the list is full: that is the message that helps
        assert response.json_body["Code"] == "ContactEmailLimitReached"


def test_the_mail_to_an_unconfirmed_address_carries_no_text_the_customer_chose(client, customers):
    from chalicelib.models import Customer

    erika = client.another_browser()
    erika.login()
    customer = Customer.get("100001")
    chosen = [customer.company, customer.first_name, customer.last_name]
    assert all(chosen)
    entry = add_email(erika, ADDRESS)
    first = sent_mails()[-1]
    assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 202
    for mail in (first, sent_mails()[-1]):
        assert mail["to"] == ADDRESS
        assert "#token=" in mail["text"]
        assert "Kundennummer 100001" in mail["text"]
        for text in chosen:
            assert text not in mail["text"], text
            assert text not in mail["subject"], text


def test_the_eleventh_verification_mail_is_refused_in_the_adding_transaction(client, customers):
    """The mail is counted in the TransactWrite that stores the entry: refused, nothing of it is written."""
    from chalicelib import throttle
    from chalicelib.contacts.service import VERIFICATION_MAILS_PER_CUSTOMER
    from chalicelib.models import AuditEntry, ConfirmationToken

    with time_machine.travel(START, tick=False):
        erika = client.another_browser()
        erika.login()
        for n in range(10):
            add_email(erika, f"kontakt{n}@muster-handels.example")
            if n < 9:  # keep a slot free: the limit of mails answers, not the full list
                erika.delete(
                    f"/api/contacts/emails/{erika.get('/api/contacts').json_body['emails'][0]['id']}"
                )
        audit_entries = AuditEntry.count("100001")
        tokens = ConfirmationToken.count()
        mails = len(sent_mails())
        response = erika.post("/api/contacts/emails", {"address": ADDRESS, "purposes": []})
        assert response.status_code == 429, response.body
        assert response.headers["Retry-After"] == str(3600 - 30)
        assert len(sent_mails()) == mails
        assert [e["value"] for e in erika.get("/api/contacts").json_body["emails"]] == [
            "kontakt9@muster-handels.example"
        ]
        assert AuditEntry.count("100001") == audit_entries  # no "added" entry either
        assert ConfirmationToken.count() == tokens
        assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 0


def test_a_refused_resend_counts_on_neither_limit(client, customers):
    from chalicelib import throttle
    from chalicelib.contacts.service import RESEND_PER_CUSTOMER, VERIFICATION_MAILS_PER_CUSTOMER

    with time_machine.travel(START, tick=False):
        erika = client.another_browser()
        erika.login()
        entry = add_email(erika, ADDRESS)
        for _ in range(5):
            assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 202
        assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 4
        for _ in range(3):
            assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 429
        assert throttle.remaining(limit=RESEND_PER_CUSTOMER, subject="100001") == 0
        assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 4
        add_email(erika, "info@muster-handels.example")  # the mail limit is still there for adding


def test_a_failed_resend_counts_nothing(client, customers, monkeypatch):
    from chalicelib import throttle
    from chalicelib.contacts import service

    with time_machine.travel(START, tick=False):
        erika = client.another_browser()
        erika.login()
        entry = add_email(erika, ADDRESS)
        stored = service.get_contact(customer_number="100001", kind="emails", contact_id=entry["id"])
        stored.delete()  # deleted after the request read it: the request goes on with the stale entry
        monkeypatch.setattr(service, "get_contact", lambda **kwargs: stored)
        mails = len(sent_mails())
        assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 404
        assert len(sent_mails()) == mails
        assert throttle.remaining(limit=service.RESEND_PER_CUSTOMER, subject="100001") == 5
        assert throttle.remaining(limit=service.VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 9
