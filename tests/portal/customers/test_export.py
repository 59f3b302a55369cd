"""GET /api/customer/export: every stored datum as one JSON download, no secrets, IBAN masked."""

import json

from chalicelib import export
from chalicelib.models import Customer
from tests.conftest import sent_mails
from tests.portal.customers.conftest import IBAN_100001


def test_export_is_a_download_with_every_part(signed_in):
    signed_in.post(
        "/api/customer/rename", {"company": "Muster AG", "legal_form": "AG", "effective_date": "2027-06-01"}
    )
    response = signed_in.get("/api/customer/export")
    assert response.status_code == 200, response.body
    assert response.headers["Content-Disposition"] == 'attachment; filename="kundencenter-export-100001.json"'
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.body)
    assert document["customer_number"] == "100001"
    assert {"profile", "sessions", "audit"} <= set(document["parts"]) == set(export.parts())
    profile = document["parts"]["profile"]
    assert profile["bank"]["iban_masked"] == "DE89 **** **** **** **30 00"
    assert profile["bank"]["mandate_reference"] == "KC-100001-0001"
    assert profile["pending_rename"]["company"] == "Muster AG"
    assert profile["vat_id"] == "DE136695976"
    assert profile["register_number"] == "HRB 123456 B"
    sessions = document["parts"]["sessions"]["sessions"]
    assert len(sessions) == 1
    assert set(sessions[0]) >= {"id", "created_at", "ip_address", "user_agent"}
    events = [entry["event"] for entry in document["parts"]["audit"]["entries"]]
    assert events[:2] == ["rename_scheduled", "login"]


def test_export_holds_no_secret_and_no_full_iban(signed_in):
    from chalicelib.settings import settings

    signed_in.request(
        "PUT", "/api/customer/email", {"email": "neu@example.com", "password": "Kundencenter-Demo-2026"}
    )
    token = sent_mails()[-2]["text"].split("#token=")[1].split()[0]
    text = signed_in.get("/api/customer/export").body.decode()
    stored = Customer.get("100001")
    cookie_secret = signed_in.cookies[settings.session_cookie_name].split(".")[1]
    for secret in (
        IBAN_100001,
        IBAN_100001[4:-4],
        stored.password_hash,
        "argon2",
        cookie_secret,
        token,
        "session_hash",
    ):
        assert secret not in text, secret
    assert "password_hash" not in text
    assert "totp" not in text


def test_another_customer_exports_only_their_own(signed_in):
    other = signed_in.another_browser()
    other.login("100002")
    text = other.get("/api/customer/export").body.decode()
    assert (
        "kundencenter-export-100002.json" in other.get("/api/customer/export").headers["Content-Disposition"]
    )
    for value in ("100001", "demo@example.com", "Muster Handels", "KC-100001", "DE136695976"):
        assert value not in text, value
    assert "DE02 **** **** **** **13 93" in text


def test_each_part_has_its_typed_field_and_keeps_its_shape(signed_in):
    """The export document is the typed `CustomerExport`; every part's JSON is what it was before."""
    from chalicelib.customers import schemas

    fields = schemas.ExportParts.model_fields
    assert set(fields) == set(export.parts()) == {"profile", "sessions", "audit", "contacts"}
    for name, field in fields.items():
        assert issubclass(field.annotation, schemas.ResponseModel), name
    parts = json.loads(signed_in.get("/api/customer/export").body)["parts"]
    assert set(parts["profile"]) == {
        "customer_number", "email", "salutation", "first_name", "last_name", "company", "legal_form",
        "vat_id", "register_court", "register_number", "company_valid_from", "street", "postal_code",
        "city", "country", "phone", "bank", "pending_rename", "former_names", "created_at",
        "password_changed_at", "two_factor_enabled", "version",
    }  # fmt: skip
    assert parts["profile"]["bank"] == {
        "account_holder": parts["profile"]["bank"]["account_holder"],
        "iban_masked": "DE89 **** **** **** **30 00",
        "bic": parts["profile"]["bank"]["bic"],
        "bank_name": parts["profile"]["bank"]["bank_name"],
        "mandate_reference": "KC-100001-0001",
        "mandate_signed_at": parts["profile"]["bank"]["mandate_signed_at"],
        "amended_at": None,
    }
    assert set(parts["sessions"]) == {"sessions"}
    assert set(parts["sessions"]["sessions"][0]) == {
        "id", "created_at", "last_seen_at", "expires_at", "ip_address", "user_agent", "via",
    }  # fmt: skip
    assert set(parts["audit"]) == {"entries"}
    assert set(parts["audit"]["entries"][0]) == {"at", "event", "label", "ip_address", "user_agent", "detail"}
    assert set(parts["contacts"]) == {"emails", "phones"}
