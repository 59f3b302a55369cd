"""Customers 100001 (signed in) and 100002 with the demo data's complete Persönliche Daten."""

import re

import pytest

from local.seed import OTHER_CUSTOMER, add_demo_profile
from tests.conftest import sent_mails
from tests.factories import make_customer

IBAN_100001 = "DE89370400440532013000"
IBAN_100002 = "DE02200505501015871393"
NEW_IBAN = "DE02120300000000202051"  # Deutsche Kreditbank Berlin


@pytest.fixture
def signed_in(client):
    """The client signed in as 100001; both demo customers with their profiles (bank account included)."""
    make_customer()
    make_customer(**OTHER_CUSTOMER)
    add_demo_profile("100001")
    add_demo_profile("100002")
    client.login()
    return client


def put(client, path, body):
    return client.request("PUT", path, body=body)


def profile(client):
    response = client.get("/api/customer")
    assert response.status_code == 200, response.body
    return response.json_body


def token_from_last_mail(to: str) -> str:
    mail = [mail for mail in sent_mails() if mail["to"] == to][-1]
    match = re.search(r"/kundencenter/e-mail-bestaetigen/#token=([\w-]+)", mail["text"])
    assert match is not None, mail
    return match.group(1)
