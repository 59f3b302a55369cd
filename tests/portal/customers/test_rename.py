"""Umfirmierung: POST and DELETE /api/customer/rename; the new name takes effect on its date."""

from datetime import date, timedelta

import pytest
import time_machine

from chalicelib.customers import sepa, service
from chalicelib.models import Customer
from tests.portal.customers.conftest import profile

RENAME = {
    "company": "Muster Digital GmbH & Co. KG",
    "legal_form": "GmbH & Co. KG",
    "register_court": "Amtsgericht Berlin (Charlottenburg)",
    "register_number": "HRA 55555 B",
}


def in_days(days: int) -> str:
    return (sepa.berlin_today() + timedelta(days=days)).isoformat()


class Days(int):
    """A date `n` days from the Berlin day the test runs on: computed in the test, not at collection (a run
    that collects before midnight in Berlin and runs after it would shift the date by a day)."""


def test_schedule_and_apply_on_the_date(signed_in):
    effective = in_days(30)
    response = signed_in.post(
        "/api/customer/rename", {**RENAME, "effective_date": effective, "vat_id": "DE 274 819 358"}
    )
    assert response.status_code == 201, response.body
    assert response.json_body == {**RENAME, "effective_date": effective, "vat_id": "DE274819358"}
    data = profile(signed_in)
    assert data["pending_rename"] == response.json_body
    assert data["company"] == "Muster Handels GmbH"  # not before the date
    assert signed_in.get("/api/audit").json_body["entries"][0]["event"] == "rename_scheduled"

    with time_machine.travel(f"{in_days(29)} 22:59 +0000", tick=False):  # 23:59 in Berlin, the day before
        signed_in.login()
        assert profile(signed_in)["company"] == "Muster Handels GmbH"
    with time_machine.travel(f"{in_days(29)} 23:01 +0000", tick=False):  # 00:01 in Berlin on the date
        signed_in.login()
        data = profile(signed_in)
    assert data["company"] == RENAME["company"]
    assert data["legal_form"] == "GmbH & Co. KG"
    assert data["vat_id"] == "DE274819358"
    assert data["pending_rename"] is None
    stored = Customer.get("100001")
    assert [name.company for name in stored.former_names] == ["Muster Handels GmbH"]
    assert stored.former_names[0].vat_id == "DE136695976"
    assert stored.company_valid_from == effective
    entries = signed_in.get("/api/audit").json_body["entries"]
    applied = next(entry for entry in entries if entry["event"] == "rename_applied")
    assert applied["label"] == "Umfirmierung wirksam geworden"
    assert "Muster Digital GmbH & Co. KG" in applied["detail"]


def test_without_vat_id_the_current_one_stays(signed_in):
    response = signed_in.post(
        "/api/customer/rename", {"company": "Muster AG", "legal_form": "AG", "effective_date": in_days(0)}
    )
    assert response.status_code == 201
    assert response.json_body["vat_id"] is None
    assert response.json_body["register_court"] is None
    data = profile(signed_in)  # today: in effect at once
    assert (data["company"], data["legal_form"], data["vat_id"]) == ("Muster AG", "AG", "DE136695976")
    assert (
        signed_in.request("DELETE", "/api/customer/rename").status_code == 404
    )  # in effect: nothing to cancel


def test_name_on_a_day(signed_in):
    today = sepa.berlin_today()
    signed_in.post(
        "/api/customer/rename", {"company": "Muster AG", "legal_form": "AG", "effective_date": in_days(10)}
    )
    customer = Customer.get("100001")
    assert service.name_on(customer, today).company == "Muster Handels GmbH"
    assert service.name_on(customer, today + timedelta(days=10)).company == "Muster AG"
    assert service.name_on(customer, date(2000, 1, 1)).company == "Muster Handels GmbH"
    with time_machine.travel(f"{in_days(11)} 10:00 +0000", tick=False):
        signed_in.login()
        profile(signed_in)
    customer = Customer.get("100001")
    assert service.name_on(customer, today).company == "Muster Handels GmbH"  # invoices of before
    assert service.name_on(customer, today + timedelta(days=10)).company == "Muster AG"


def test_a_new_schedule_replaces_the_old_and_cancel(signed_in):
    signed_in.post(
        "/api/customer/rename", {"company": "Erst GmbH", "legal_form": "GmbH", "effective_date": in_days(5)}
    )
    signed_in.post(
        "/api/customer/rename", {"company": "Zweit GmbH", "legal_form": "GmbH", "effective_date": in_days(6)}
    )
    assert profile(signed_in)["pending_rename"]["company"] == "Zweit GmbH"
    response = signed_in.request("DELETE", "/api/customer/rename")
    assert response.status_code == 204
    assert profile(signed_in)["pending_rename"] is None
    entry = signed_in.get("/api/audit").json_body["entries"][0]
    assert (entry["event"], entry["label"]) == ("rename_cancelled", "Geplante Umfirmierung zurückgenommen")
    again = signed_in.request("DELETE", "/api/customer/rename")
    assert again.status_code == 404
    assert again.json_body == {"Code": "RenameNotFound", "Message": "Es ist keine Umfirmierung geplant."}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"effective_date": "gestern"},
            "effective_date",
            "Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.",
        ),
        ({"effective_date": None}, "effective_date", "Bitte geben Sie ein Datum im Format JJJJ-MM-TT an."),
        (
            {"effective_date": Days(-1)},
            "effective_date",
            "Das Datum darf nicht in der Vergangenheit liegen.",
        ),
        ({"effective_date": Days(366)}, "effective_date", "höchstens ein Jahr im Voraus"),
        ({"vat_id": "DE136695975"}, "vat_id", "Die Prüfziffer der USt-IdNr. stimmt nicht."),
        ({"vat_id": "ATU1234"}, "vat_id", "Eine USt-IdNr. mit AT besteht aus ATU und 8 Ziffern."),
        ({"vat_id": "US123"}, "vat_id", "mit dem Ländercode eines EU-Staats"),
        ({"company": ""}, "company", "Bitte füllen Sie dieses Feld aus."),
        ({"legal_form": "x" * 61}, "legal_form", "höchstens 60 Zeichen"),
    ],
)
def test_errors_name_the_field_in_german(signed_in, changes, field, message):
    changes = {name: in_days(value) if isinstance(value, Days) else value for name, value in changes.items()}
    body = {"company": "Neu GmbH", "legal_form": "GmbH", "effective_date": in_days(1), **changes}
    response = signed_in.post("/api/customer/rename", body)
    assert response.status_code == 400, response.body
    assert message in response.json_body["Fields"][field], response.json_body
    assert profile(signed_in)["pending_rename"] is None
