"""The "contacts" part of the data export (GET /api/customer/export): every stored entry, expired ones too."""

import json
from datetime import UTC, datetime, timedelta

import time_machine

from tests.portal.contacts.conftest import add_email, add_verified_email

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)


def test_the_export_holds_every_stored_contact_and_no_token(client, customers):
    with time_machine.travel(START, tick=False) as traveller:
        erika = client.another_browser()
        erika.login()
        verified = add_verified_email(erika, client, "buchhaltung@muster-handels.example")
        expired = add_email(erika, "alt@muster-handels.example")
        traveller.shift(timedelta(days=8))
        erika.login()
        phone = erika.post(
            "/api/contacts/phones", {"number": "030 1234567", "purposes": ["support"]}
        ).json_body
        response = erika.get("/api/customer/export")
    assert response.status_code == 200, response.body
    part = json.loads(response.body)["parts"]["contacts"]
    emails = {entry["id"]: entry for entry in part["emails"]}
    assert emails[verified["id"]]["verified"] is True
    assert emails[verified["id"]]["purposes"] == ["rechnungen"]
    assert emails[verified["id"]]["verified_at"] is not None
    assert emails[expired["id"]]["expired"] is True
    assert emails[expired["id"]]["value"] == "alt@muster-handels.example"
    assert [entry["value"] for entry in part["phones"]] == [phone["value"]]
    assert "token" not in response.body.decode()
