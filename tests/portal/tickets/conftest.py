"""Fixtures of the ticket tests: customers 100001 and 100002 signed in, and a signed-in team member."""

import re

import pytest

from tests.conftest import sent_mails
from tests.factories import make_customer, make_staff

OTHER = {
    "customer_number": "100002",
    "email": "max.beispiel@example.com",
    "first_name": "Max",
    "last_name": "Beispiel",
    "company": "Beispiel Versand KG",
}


@pytest.fixture
def customers(client):
    make_customer()
    make_customer(**OTHER)


@pytest.fixture
def erika(client, customers):
    """Customer 100001, signed in."""
    browser = client.another_browser()
    browser.login("100001")
    return browser


@pytest.fixture
def max_(client, customers):
    """Customer 100002, signed in."""
    browser = client.another_browser()
    browser.login("100002")
    return browser


@pytest.fixture
def team(client, customers):
    """The demo team member, signed in to the team area."""
    make_staff()
    browser = client.another_browser()
    browser.staff_login()
    return browser


def new_ticket(
    browser, subject="Zahlungsänderung im Checkout", message="Seit gestern fehlt PayPal.", **extra
):
    response = browser.post(
        "/api/tickets", {"subject": subject, "category": "technik", "message": message, **extra}
    )
    assert response.status_code == 201, response.body
    return response.json_body


def link_in(mail, path):
    match = re.search(re.escape(path) + r"#token=([A-Za-z0-9_\-]+)", mail["text"])
    assert match, mail["text"]
    return match.group(1)


def last_mail_to(address):
    mails = [mail for mail in sent_mails() if mail["to"] == address]
    assert mails, sent_mails()
    return mails[-1]
