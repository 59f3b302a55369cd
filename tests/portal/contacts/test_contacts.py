"""GET /api/contacts, adding addresses and numbers, changing their purposes, deleting them."""

import pytest

from tests.conftest import sent_mails
from tests.portal.contacts.conftest import add_email, add_verified_email


def test_an_empty_list(erika):
    response = erika.get("/api/contacts")
    assert response.status_code == 200
    assert response.json_body == {"emails": [], "phones": []}


def test_adding_an_address_lists_it_unverified_and_mails_a_link(erika):
    response = erika.post(
        "/api/contacts/emails",
        {"address": " Buchhaltung@Muster-Handels.example ", "purposes": ["technik", "rechnungen"]},
    )
    assert response.status_code == 201, response.body
    entry = response.json_body
    assert set(entry) == {"id", "value", "purposes", "verified", "created_at"}
    assert entry["value"] == "buchhaltung@muster-handels.example"
    assert entry["purposes"] == ["rechnungen", "technik"]  # the page's order
    assert entry["verified"] is False
    assert "#" not in entry["id"]
    assert "email" not in entry["id"]
    assert erika.get("/api/contacts").json_body == {"emails": [entry], "phones": []}
    (mail,) = sent_mails()
    assert mail["to"] == "buchhaltung@muster-handels.example"
    assert mail["subject"] == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "http://testserver.local/kundencenter/kontakt-bestaetigen/#token=" in mail["text"]
    assert "7 Tage gültig" in mail["text"]
    assert "Kundennummer 100001" in mail["text"]  # nothing the customer chose: the address is unconfirmed
    assert "Muster Handels GmbH" not in mail["text"]


def test_purposes_may_be_left_out_and_duplicates_count_once(erika):
    assert add_email(erika, "a@muster-handels.example", purposes=())["purposes"] == []
    entry = add_email(erika, "b@muster-handels.example", purposes=("support", "support"))
    assert entry["purposes"] == ["support"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"address": "keine-adresse", "purposes": []},
            {"address": "Bitte geben Sie eine gültige E-Mail-Adresse ein."},
        ),
        ({"purposes": []}, {"address": "Bitte füllen Sie dieses Feld aus."}),
        (
            {"address": "a@muster-handels.example", "purposes": ["werbung"]},
            {"purposes.0": "Bitte wählen Sie einen der angebotenen Werte."},
        ),
        (
            {"address": "a@muster-handels.example", "purposes": "support"},
            {"purposes": "Bitte geben Sie eine Liste an."},
        ),
        (
            {"address": "a@muster-handels.example", "verified": True},
            {"verified": "Dieses Feld ist unbekannt."},
        ),
    ],
)
def test_invalid_input_gets_german_field_messages_and_writes_nothing(erika, body, fields):
    response = erika.post("/api/contacts/emails", body)
    assert response.status_code == 400
    assert response.json_body["Fields"] == fields
    assert erika.get("/api/contacts").json_body["emails"] == []
    assert sent_mails() == []


def test_the_login_address_is_refused_with_a_field_message(erika):
    response = erika.post("/api/contacts/emails", {"address": "Demo@Example.com", "purposes": []})
    assert response.status_code == 400
    assert response.json_body["Fields"]["address"].startswith("Das ist Ihre Login-E-Mail-Adresse.")
    assert sent_mails() == []


def test_an_address_listed_already_is_a_conflict(erika):
    add_email(erika, "info@muster-handels.example")
    response = erika.post("/api/contacts/emails", {"address": "INFO@muster-handels.example", "purposes": []})
    assert response.status_code == 409
    assert response.json_body == {
        "Code": "ContactEmailExists",
        "Message": "Diese E-Mail-Adresse haben Sie bereits hinterlegt.",
    }


def test_the_eleventh_address_is_refused(erika):
    for n in range(10):
        add_email(erika, f"kontakt{n}@muster-handels.example")
    response = erika.post("/api/contacts/emails", {"address": "elf@muster-handels.example", "purposes": []})
    assert response.status_code == 409
    assert response.json_body["Code"] == "ContactEmailLimitReached"
    assert response.json_body["Message"].startswith(
        "Sie haben bereits 10 weitere E-Mail-Adressen hinterlegt."
    )
    assert len(erika.get("/api/contacts").json_body["emails"]) == 10


def test_a_german_number_without_country_code_is_stored_in_e164(erika):
    response = erika.post("/api/contacts/phones", {"number": "030 / 123 456 7", "purposes": ["support"]})
    assert response.status_code == 201, response.body
    entry = response.json_body
    assert entry["value"] == "+49301234567"
    assert entry["verified"] is False  # no SMS confirmation here (DECISIONS.md)
    assert erika.get("/api/contacts").json_body["phones"] == [entry]
    assert sent_mails() == []


def test_phone_errors(erika):
    response = erika.post("/api/contacts/phones", {"number": "12", "purposes": []})
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"number": "Bitte geben Sie eine gültige Telefonnummer ein."}
    erika.post("/api/contacts/phones", {"number": "+49 30 1234567", "purposes": []})
    response = erika.post("/api/contacts/phones", {"number": "030 1234567", "purposes": []})
    assert response.status_code == 409
    assert response.json_body["Message"] == "Diese Telefonnummer haben Sie bereits hinterlegt."


def test_the_eleventh_number_is_refused(erika):
    for n in range(10):
        response = erika.post("/api/contacts/phones", {"number": f"030 123456{n}", "purposes": []})
        assert response.status_code == 201, response.body
    response = erika.post("/api/contacts/phones", {"number": "040 1234567", "purposes": []})
    assert response.status_code == 409
    assert response.json_body["Message"].startswith("Sie haben bereits 10 weitere Telefonnummern hinterlegt.")
    assert len(erika.get("/api/contacts").json_body["phones"]) == 10


def test_changing_the_purposes(erika):
    email = add_email(erika, "info@muster-handels.example", purposes=("support",))
    phone = erika.post("/api/contacts/phones", {"number": "030 1234567", "purposes": []}).json_body

    response = erika.request(
        "PATCH", f"/api/contacts/emails/{email['id']}", body={"purposes": ["technik", "rechnungen"]}
    )
    assert response.status_code == 200, response.body
    assert response.json_body == {**email, "purposes": ["rechnungen", "technik"]}
    response = erika.request("PATCH", f"/api/contacts/phones/{phone['id']}", body={"purposes": ["support"]})
    assert response.json_body["purposes"] == ["support"]
    response = erika.request("PATCH", f"/api/contacts/emails/{email['id']}", body={"purposes": []})
    assert response.json_body["purposes"] == []
    listed = erika.get("/api/contacts").json_body
    assert listed["emails"][0]["purposes"] == []
    assert listed["phones"][0]["purposes"] == ["support"]

    response = erika.request("PATCH", f"/api/contacts/emails/{email['id']}", body={"purposes": ["spam"]})
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"purposes.0": "Bitte wählen Sie einen der angebotenen Werte."}


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_unknown_kinds_and_ids_and_other_customers_entries_are_not_found(erika, max_, method):
    email = add_email(erika, "info@muster-handels.example")
    body = {"purposes": []} if method == "PATCH" else None
    for browser, path in [
        (erika, f"/api/contacts/phones/{email['id']}"),  # the id of an address, as a number
        (erika, "/api/contacts/emails/AAAAAAAAAAAAAAAA"),
        (erika, "/api/contacts/emails/email%230"),
        (max_, f"/api/contacts/emails/{email['id']}"),
    ]:
        response = browser.request(method, path, body=body)
        assert response.status_code == 404, (path, response.body)
        assert response.json_body["Code"] == "ContactNotFound"
        assert "info@muster-handels.example" not in str(response.body)
    # There is no route for another kind: the answer of any unknown path (API Gateway's own).
    unknown = erika.request(method, f"/api/gibt-es-nicht/{email['id']}", body=body)
    response = erika.request(method, f"/api/contacts/faxe/{email['id']}", body=body)
    assert (response.status_code, response.body) == (unknown.status_code, unknown.body)
    assert response.status_code != 200
    assert erika.get("/api/contacts").json_body["emails"] == [email]


def test_deleting_entries(erika):
    email = add_email(erika, "info@muster-handels.example")
    phone = erika.post("/api/contacts/phones", {"number": "030 1234567", "purposes": []}).json_body
    assert erika.delete(f"/api/contacts/emails/{email['id']}").status_code == 204
    assert erika.delete(f"/api/contacts/phones/{phone['id']}").status_code == 204
    assert erika.get("/api/contacts").json_body == {"emails": [], "phones": []}
    assert erika.delete(f"/api/contacts/emails/{email['id']}").status_code == 404
    # The address may be added again.
    add_email(erika, "info@muster-handels.example")


def test_deleting_a_verified_address_releases_it(client, erika, max_):
    from chalicelib.contacts.service import customer_for_email

    email = add_verified_email(erika, client, "info@muster-handels.example")
    assert customer_for_email("Info@Muster-Handels.example") == "100001"
    assert erika.delete(f"/api/contacts/emails/{email['id']}").status_code == 204
    assert customer_for_email("info@muster-handels.example") is None
    add_verified_email(max_, client, "info@muster-handels.example")  # now free for another customer
    assert customer_for_email("info@muster-handels.example") == "100002"


def test_every_change_is_in_the_audit_log(client, erika):
    email = add_verified_email(erika, client, "info@muster-handels.example")
    phone = erika.post("/api/contacts/phones", {"number": "030 1234567", "purposes": []}).json_body
    erika.request("PATCH", f"/api/contacts/phones/{phone['id']}", body={"purposes": ["support"]})
    erika.delete(f"/api/contacts/emails/{email['id']}")
    entries = erika.get("/api/audit").json_body["entries"]
    assert [
        (entry["label"], entry["detail"]) for entry in entries if entry["event"].startswith("contact_")
    ] == [
        ("Weitere Kontaktangabe gelöscht", "info@muster-handels.example"),
        ("Verwendung einer Kontaktangabe geändert", "+49301234567: support"),
        ("Weitere Kontaktangabe hinzugefügt", "+49301234567"),
        ("Weitere E-Mail-Adresse bestätigt", "info@muster-handels.example"),
        ("Weitere Kontaktangabe hinzugefügt", "info@muster-handels.example"),
    ]
