"""GET /api/customer and PUT /api/customer/address (Persönliche Daten)."""

import pytest

from chalicelib.models import Customer
from tests.factories import make_customer
from tests.portal.customers.conftest import IBAN_100001, profile, put

ADDRESS = {
    "salutation": "Frau",
    "first_name": "Erika",
    "last_name": "Musterfrau",
    "street": "Neue Straße 5",
    "postal_code": "10117",
    "city": "Berlin",
    "country": "DE",
    "phone": "030 98765432",
}


def test_profile_has_exactly_the_issue_fields(signed_in):
    data = profile(signed_in)
    assert set(data) == {
        "customer_number", "company", "legal_form", "vat_id", "salutation", "first_name", "last_name",
        "street", "postal_code", "city", "country", "phone", "email", "version", "bank", "pending_rename",
    }  # fmt: skip
    assert data["customer_number"] == "100001"
    assert data["company"] == "Muster Handels GmbH"
    assert data["legal_form"] == "GmbH"
    assert data["vat_id"] == "DE136695976"
    assert data["phone"] == "+493012345678"
    assert data["email"] == "demo@example.com"
    assert data["pending_rename"] is None
    bank = data["bank"]
    assert set(bank) == {
        "account_holder", "iban_masked", "bic", "bank_name", "mandate_reference", "next_debit_date",
        "change_deadline",
    }  # fmt: skip
    assert bank["iban_masked"] == "DE89 **** **** **** **30 00"
    assert bank["bic"] == "COBADEFFXXX"
    assert bank["bank_name"] == "Commerzbank"
    assert bank["mandate_reference"] == "KC-100001-0001"
    assert bank["change_deadline"] < bank["next_debit_date"]
    assert IBAN_100001[4:-4] not in str(data)


def test_bank_is_null_without_an_account(client):
    make_customer()
    client.login()
    data = profile(client)
    assert data["bank"] is None
    assert data["legal_form"] == ""


def test_debit_dates_follow_the_target2_calendar(signed_in):
    import time_machine

    with time_machine.travel("2026-12-01 10:00 +0000", tick=False):
        signed_in.login()
        bank = profile(signed_in)["bank"]
    assert bank["next_debit_date"] == "2026-12-15"  # this month's invoice, 14 days after the 1st
    assert bank["change_deadline"] == "2026-12-08"


def test_change_address(signed_in):
    version = profile(signed_in)["version"]
    response = put(signed_in, "/api/customer/address", {**ADDRESS, "version": version})
    assert response.status_code == 200, response.body
    data = response.json_body
    assert data["last_name"] == "Musterfrau"
    assert data["street"] == "Neue Straße 5"
    assert data["phone"] == "+493098765432"  # German number without +49, stored as E.164
    assert data["version"] == version + 1
    assert data["company"] == "Muster Handels GmbH"
    assert profile(signed_in) == data
    entry = signed_in.get("/api/audit").json_body["entries"][0]
    assert entry["event"] == "address_changed"
    assert entry["label"] == "Adresse geändert"
    assert entry["detail"] == "Geändert: Nachname, Straße und Hausnummer, Postleitzahl, Telefon"


def test_unchanged_address_writes_nothing(signed_in):
    data = profile(signed_in)
    body = {key: data[key] for key in ADDRESS} | {"version": data["version"]}
    response = put(signed_in, "/api/customer/address", body)
    assert response.status_code == 200
    assert response.json_body["version"] == data["version"]
    assert signed_in.get("/api/audit").json_body["entries"][0]["event"] == "login"


def test_address_abroad_uses_the_country_rules(signed_in):
    version = profile(signed_in)["version"]
    body = {**ADDRESS, "version": version, "country": "at", "postal_code": "1010", "phone": "0664 1234567"}
    response = put(signed_in, "/api/customer/address", body)
    assert response.status_code == 200, response.body
    assert response.json_body["country"] == "AT"
    assert response.json_body["phone"] == "+436641234567"
    body = {**ADDRESS, "version": version + 1, "country": "NL", "postal_code": "1012ab", "phone": ""}
    response = put(signed_in, "/api/customer/address", body)
    assert response.status_code == 200, response.body
    assert response.json_body["postal_code"] == "1012 AB"
    assert response.json_body["phone"] == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postal_code": "1234"}, "postal_code", "Bitte geben Sie eine gültige Postleitzahl ein (5 Ziffern"),
        ({"country": "AT", "postal_code": "10115"}, "postal_code", "(4 Ziffern, z. B. 1010)"),
        ({"country": "US"}, "country", "Bitte wählen Sie eines der angebotenen Länder."),
        ({"phone": "12"}, "phone", "Bitte geben Sie eine gültige Telefonnummer ein."),
        ({"phone": "+49 30 1234 ext. 5"}, "phone", "Durchwahl"),
        ({"salutation": "Divers"}, "salutation", "Bitte wählen Sie einen der angebotenen Werte."),
        ({"first_name": ""}, "first_name", "Bitte füllen Sie dieses Feld aus."),
        ({"last_name": "x" * 101}, "last_name", "Bitte geben Sie höchstens 100 Zeichen ein."),
        ({"street": None}, "street", "Bitte geben Sie einen Text ein."),
        ({"city": "   "}, "city", "Bitte füllen Sie dieses Feld aus."),
        ({"version": "1"}, "version", "Bitte geben Sie eine ganze Zahl ein."),
        ({"company": "Andere GmbH"}, "company", "Dieses Feld ist unbekannt."),
    ],
)
def test_address_errors_name_the_field_in_german(signed_in, changes, field, message):
    before = profile(signed_in)
    response = put(signed_in, "/api/customer/address", {**ADDRESS, "version": before["version"], **changes})
    assert response.status_code == 400, response.body
    assert message in response.json_body["Fields"][field], response.json_body
    assert profile(signed_in) == before  # nothing written on a 400


def test_missing_fields_are_named(signed_in):
    response = put(signed_in, "/api/customer/address", {"version": 1})
    assert response.status_code == 400
    assert set(response.json_body["Fields"]) == set(ADDRESS)
    assert set(response.json_body["Fields"].values()) == {"Bitte füllen Sie dieses Feld aus."}


def test_stale_version_is_a_conflict(signed_in):
    version = profile(signed_in)["version"]
    other = signed_in.another_browser()
    other.login()
    assert put(other, "/api/customer/address", {**ADDRESS, "version": version}).status_code == 200
    response = put(signed_in, "/api/customer/address", {**ADDRESS, "city": "Potsdam", "version": version})
    assert response.status_code == 409
    assert response.json_body["Code"] == "StaleWrite"
    assert "inzwischen geändert" in response.json_body["Message"]
    assert profile(signed_in)["city"] == "Berlin"


def test_a_write_between_read_and_update_is_a_conflict(signed_in, monkeypatch):
    """The conditional update on the version catches a change after the guard read the customer."""
    from chalicelib.customers import service

    version = profile(signed_in)["version"]
    original = service.change_address

    def meanwhile(**kwargs):
        Customer.get("100001").update(actions=[Customer.city.set("Potsdam")])  # another request
        return original(**kwargs)

    monkeypatch.setattr(service, "change_address", meanwhile)
    response = put(signed_in, "/api/customer/address", {**ADDRESS, "version": version})
    assert response.status_code == 409
    assert Customer.get("100001").last_name == "Mustermann"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/api/customer/address", {**ADDRESS, "version": 1}),
        ("PUT", "/api/customer/email", {"email": "neu@example.com", "password": "x"}),
        ("PUT", "/api/customer/bank", {"version": 1, "account_holder": "X", "iban": IBAN_100001, "password": "x"}),
        ("POST", "/api/customer/rename", {"company": "Neu GmbH", "legal_form": "GmbH", "effective_date": "2030-01-01"}),
        ("POST", "/api/customer/email/confirm", {"token": "x"}),
    ],
)  # fmt: skip
def test_no_route_changes_the_customer_number(signed_in, method, path, body):
    response = signed_in.request(method, path, body={**body, "customer_number": "999999"})
    assert response.status_code == 400
    assert response.json_body["Fields"]["customer_number"] == "Dieses Feld ist unbekannt."
    assert Customer.count("999999") == 0
    assert profile(signed_in)["customer_number"] == "100001"
