"""Fixtures of the ticket tests: customers 100001 and 100002 signed in, and a signed-in team member."""

import re

import pytest

from tests.conftest import sent_mails
from tests.factories import make_staff
from tests.portal.contacts.conftest import customers, erika, max_  # noqa: F401 (the same two customers, signed in)


@pytest.fixture
def team(client, customers):  # noqa: F811 (the imported fixture, requested by name)
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
