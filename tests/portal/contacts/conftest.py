"""Fixtures of the contacts tests: customers 100001 and 100002, each signed in in a browser of their own."""

import re

import pytest

from tests.conftest import sent_mails
from tests.factories import make_customer

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


def token_for(address: str) -> str:
    """The token of the latest confirmation link mailed to `address`."""
    for mail in reversed(sent_mails()):
        if mail["to"] == address:
            match = re.search(r"/kundencenter/kontakt-bestaetigen/#token=([A-Za-z0-9_-]+)", mail["text"])
            assert match, mail["text"]
            return match.group(1)
    raise AssertionError(f"no mail to {address}")


def add_email(browser, address: str, purposes=("rechnungen",)):
    response = browser.post("/api/contacts/emails", {"address": address, "purposes": list(purposes)})
    assert response.status_code == 201, response.body
    return response.json_body


def add_verified_email(browser, anonymous, address: str, purposes=("rechnungen",)):
    entry = add_email(browser, address, purposes)
    response = anonymous.post("/api/contacts/emails/confirm", {"token": token_for(address)})
    assert response.status_code == 200, response.body
    return entry
