"""PUT /api/customer/bank: the SEPA direct debit account; the full IBAN never leaves the server."""

import pytest

from chalicelib.models import Customer
from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer
from tests.portal.customers.conftest import IBAN_100001, NEW_IBAN, profile, put

SPACED = "DE02 1203 0000 0000 2020 51"


def change(client, **changes):
    body = {
        "version": profile(client)["version"],
        "account_holder": "Erika Mustermann",
        "iban": SPACED,
        "password": DEMO_PASSWORD,
    }
    return put(client, "/api/customer/bank", {**body, **changes})


def hidden(text: str, iban: str) -> bool:
    """Whether `text` shows no more of `iban` than the masked form does (checked compact and spaced)."""
    middle = iban[4:-4]
    spaced = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban not in text and middle not in text and spaced[5:-5] not in text


def test_change_amends_the_mandate(signed_in):
    response = change(signed_in)
    assert response.status_code == 200, response.body
    bank = response.json_body["bank"]
    assert bank["iban_masked"] == "DE02 **** **** **** **20 51"
    assert bank["bic"] == "BYLADEM1001"  # derived from the IBAN
    assert bank["bank_name"] == "Deutsche Kreditbank Berlin"
    assert bank["account_holder"] == "Erika Mustermann"
    assert bank["mandate_reference"] == "KC-100001-0001"  # the mandate stays
    stored = Customer.get("100001").bank
    assert stored.iban == NEW_IBAN  # stored in full for the debit
    assert stored.amended_at is not None
    assert stored.mandate_signed_at.year == 2024
    entry = signed_in.get("/api/audit").json_body["entries"][0]
    assert entry["event"] == "bank_account_changed"
    assert entry["label"] == "Bankverbindung geändert (Änderung des SEPA-Mandats)"
    assert entry["detail"].startswith("Mandatsänderung am ")
    assert "KC-100001-0001" in entry["detail"]
    assert "DE89 **** **** **** **30 00 → DE02 **** **** **** **20 51" in entry["detail"]
    mail = sent_mails()[-1]
    assert mail["to"] == "demo@example.com"
    assert mail["subject"] == "Ihre Bankverbindung wurde geändert"
    assert "IBAN: DE02 **** **** **** **20 51" in mail["text"]
    assert "Mandatsreferenz: KC-100001-0001" in mail["text"]
    assert "Abbuchung am" in mail["text"]


def test_the_full_iban_appears_in_no_answer_export_mail_or_audit(signed_in, capsys):
    answers = [change(signed_in).body.decode()]
    for path in ("/api/customer", "/api/customer/export", "/api/audit", "/api/session"):
        answers.append(signed_in.get(path).body.decode())
    texts = answers + [mail["text"] + mail["subject"] for mail in sent_mails()]
    texts.append(capsys.readouterr().out)  # the request log
    for text in texts:
        assert hidden(text, NEW_IBAN), text
        assert hidden(text, IBAN_100001), text


def test_a_given_bic_is_kept(signed_in):
    response = change(signed_in, bic="bylademm")
    assert response.status_code == 200, response.body
    assert response.json_body["bank"]["bic"] == "BYLADEMM"


def test_first_account_starts_a_mandate(client):
    make_customer()
    client.login()
    response = change(client)
    assert response.status_code == 200, response.body
    assert response.json_body["bank"]["mandate_reference"] == "KC-100001-0001"
    assert Customer.get("100001").bank.amended_at is None
    assert client.get("/api/audit").json_body["entries"][0]["detail"].startswith("SEPA-Lastschriftmandat ")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"iban": "DE89 3704 0044 0532 0130 01"}, "iban", "Die Prüfziffern der IBAN stimmen nicht."),
        ({"iban": "BR15 0000 0000 0000 1093 2840 814P 2"}, "iban", "außerhalb des SEPA-Raums"),
        ({"iban": "DE89 3704 0044 0532 0130"}, "iban", "IBANs mit Ländercode DE haben 22 Stellen"),
        ({"iban": "Hallo"}, "iban", "Bitte geben Sie eine gültige IBAN ein."),
        ({"bic": "COBADE"}, "bic", "Ein BIC hat 8 oder 11 Zeichen"),
        ({"account_holder": ""}, "account_holder", "Bitte füllen Sie dieses Feld aus."),
        ({"account_holder": "x" * 71}, "account_holder", "höchstens 70 Zeichen"),
        ({"password": ""}, "password", "Bitte füllen Sie dieses Feld aus."),
        ({"password": "falsch-falsch"}, "password", "Das Passwort ist nicht korrekt."),
    ],
)
def test_errors_name_the_field_in_german(signed_in, changes, field, message):
    mails = len(sent_mails())
    response = change(signed_in, **changes)
    assert response.status_code == 400, response.body
    assert message in response.json_body["Fields"][field], response.json_body
    assert Customer.get("100001").bank.iban == IBAN_100001
    assert len(sent_mails()) == mails


def test_stale_version_is_a_conflict(signed_in):
    stale = profile(signed_in)["version"]
    assert change(signed_in).status_code == 200
    response = change(signed_in, version=stale, iban=IBAN_100001)
    assert response.status_code == 409
    assert Customer.get("100001").bank.iban == NEW_IBAN


def test_wrong_passwords_are_throttled(signed_in):
    for _ in range(10):
        assert change(signed_in, password="falsch-falsch").status_code == 400
    assert change(signed_in).status_code == 429


def test_a_password_ending_in_a_space_is_taken_as_typed(signed_in):
    spaced = "Passwort-mit-Leerzeichen-2026 "
    changed = signed_in.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": spaced}
    )
    assert changed.status_code == 204, changed.body
    assert change(signed_in, password=spaced.rstrip()).status_code == 400
    response = change(signed_in, password=spaced)
    assert response.status_code == 200, response.body
    assert response.json_body["bank"]["iban_masked"] == "DE02 **** **** **** **20 51"
