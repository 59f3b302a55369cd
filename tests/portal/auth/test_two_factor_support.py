"""The support team switches off a customer's two-factor sign-in (app and recovery codes lost)."""

import pytest
import time_machine

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer, make_staff
from tests.portal.auth.test_two_factor import START, switch_on

PATH = "/api/team/customers/{}/two-factor/disable"
REASON = "Identität per Rückruf an die hinterlegte Telefonnummer geprüft"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(client):
    make_staff()
    browser = client.another_browser()
    browser.staff_login()
    return browser


def test_support_switches_it_off_and_the_customer_signs_in_with_the_password(client, clock, staff):
    make_customer()
    switch_on(client)
    mails_before = len(sent_mails())

    response = staff.post(PATH.format("100001"), {"reason": REASON})

    assert response.status_code == 204, response.body
    customer = client.another_browser()
    login = customer.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
    assert login.status_code == 200
    assert login.json_body.get("two_factor_required") is not True
    status = customer.get("/api/auth/two-factor").json_body
    assert (status["enabled"], status["recovery_codes_left"]) == (False, 0)
    labels = [entry["label"] for entry in customer.get("/api/audit").json_body["entries"]]
    assert "Zwei-Faktor-Anmeldung vom Support ausgeschaltet" in labels
    [mail] = sent_mails()[mails_before:]
    assert mail["to"] == "demo@example.com"
    assert mail["subject"] == "Zwei-Faktor-Anmeldung vom Support ausgeschaltet"
    assert "auf Ihre Anfrage hat unser Support" in mail["text"]
    assert REASON not in mail["text"]  # the team's note stays in the service's log


@pytest.mark.parametrize(
    ("customer_number", "status", "message"),
    [
        ("100002", 404, "Dieser Kunde wurde nicht gefunden."),
        ("abc", 404, "Dieser Kunde wurde nicht gefunden."),
        ("100001", 409, "Die Zwei-Faktor-Anmeldung ist nicht eingeschaltet."),
    ],
)
def test_unknown_customers_and_switched_off_two_factor_are_refused_in_german(
    client, staff, customer_number, status, message
):
    make_customer()
    response = staff.post(PATH.format(customer_number), {"reason": REASON})
    assert response.status_code == status
    assert response.json_body["Message"] == message
    assert sent_mails() == []


def test_a_reason_is_required_and_nothing_changes_without_it(client, clock, staff):
    make_customer()
    switch_on(client)
    for body in ({}, {"reason": "kurz"}, {"reason": "x" * 501}):
        response = staff.post(PATH.format("100001"), body)
        assert response.status_code == 400, body
        assert "reason" in response.json_body["Fields"]
    assert client.get("/api/auth/two-factor").json_body["enabled"] is True
