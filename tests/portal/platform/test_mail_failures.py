"""SES in the sandbox, throttled or unreachable, path by path.

Answers that must not tell whether an account exists ("Login vergessen", the public ticket form; for
"Passwort vergessen" see test_faults.py) log the lost mail and answer exactly as for an unknown address.
Signed-in requests that exist for their mail (a new login address, a further address, a new link)
answer 503 `MailNotSent` in German and store nothing.
"""

import json

import pytest
from botocore.exceptions import EndpointConnectionError

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer
from tests.portal.contacts.conftest import OTHER, token_for
from tests.portal.platform import aws_faults
from tests.portal.platform.aws_faults import client_error

NOT_SENT = (
    "Die E-Mail mit dem Bestätigungslink konnte gerade nicht versendet werden; es wurde nichts geändert. "
    "Bitte prüfen Sie die Adresse und versuchen Sie es in einigen Minuten erneut."
)
SES_FAULTS = [
    # The sandbox: a recipient that is not verified.
    client_error("MessageRejected", 400),
    client_error("Throttling", 400),
    EndpointConnectionError(endpoint_url="https://email.eu-central-1.amazonaws.com"),
]


def fault_id(fault: BaseException) -> str:
    return (getattr(fault, "response", None) or {}).get("Error", {}).get("Code") or type(fault).__name__


@pytest.fixture
def fail(monkeypatch):
    return aws_faults.install(monkeypatch)


def ses_down(fail, fault: BaseException) -> None:
    fail("SendEmail", fault)
    fail("SendRawEmail", fault)


def lost_mails(capsys) -> list[dict]:
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    return [line for line in lines if line["message"] == "mail_not_sent"]


def assert_mail_not_sent(response) -> None:
    assert response.status_code == 503, response.body
    assert response.json_body == {"Code": "MailNotSent", "Message": NOT_SENT}
    assert response.headers["Retry-After"] == "60"


def audit_events(browser) -> list[str]:
    return [entry["event"] for entry in browser.get("/api/audit").json_body["entries"]]


# Answers that must look the same for every address


@pytest.mark.parametrize("fault", SES_FAULTS, ids=fault_id)
def test_login_reminder_with_ses_failing_answers_as_for_an_unknown_address(client, fail, capsys, fault):
    make_customer()
    unknown = client.post("/api/auth/login/forgot", {"email": "niemand@example.com"})
    ses_down(fail, fault)
    capsys.readouterr()

    known = client.another_browser().post("/api/auth/login/forgot", {"email": "demo@example.com"})

    assert (known.status_code, known.json_body) == (unknown.status_code, unknown.json_body)
    assert known.status_code == 202
    lost = lost_mails(capsys)
    assert [line["subject"] for line in lost] == ["Ihre Kundennummer für das Kundencenter"]
    assert "demo@" not in json.dumps(lost)


@pytest.mark.parametrize("fault", SES_FAULTS, ids=fault_id)
def test_the_public_form_with_ses_failing_answers_the_same_for_a_customers_address(
    client, fail, capsys, fault
):
    make_customer()
    ticket = {"name": "Erika", "subject": "Frage zur Rechnung", "message": "Wo finde ich meine Rechnung?"}
    ses_down(fail, fault)
    capsys.readouterr()

    unknown = client.post("/api/public/tickets", {**ticket, "email": "niemand@example.com"})
    known = client.another_browser().post("/api/public/tickets", {**ticket, "email": "demo@example.com"})

    assert (known.status_code, known.json_body) == (unknown.status_code, unknown.json_body)
    assert known.status_code == 202
    assert len(lost_mails(capsys)) == 2  # logged for both alike


# Signed-in requests that exist for their mail


@pytest.mark.parametrize("fault", SES_FAULTS, ids=fault_id)
def test_a_new_login_address_whose_link_cannot_be_mailed_is_a_503_and_changes_nothing(client, fail, fault):
    from chalicelib.models import ConfirmationToken, Customer

    make_customer()
    make_customer(**OTHER)
    client.login()
    ses_down(fail, fault)

    free = client.request(
        "PUT", "/api/customer/email", {"email": "erika.neu@example.com", "password": DEMO_PASSWORD}
    )
    taken = client.request("PUT", "/api/customer/email", {"email": OTHER["email"], "password": DEMO_PASSWORD})

    assert_mail_not_sent(free)
    assert (taken.status_code, taken.json_body) == (free.status_code, free.json_body)  # no tell either
    assert Customer.get("100001").pending_email_token is None
    assert list(ConfirmationToken.scan()) == []
    assert "email_change_requested" not in audit_events(client)

    ses_down(fail, None)  # SES back: the same request goes through
    again = client.request(
        "PUT", "/api/customer/email", {"email": "erika.neu@example.com", "password": DEMO_PASSWORD}
    )
    assert again.status_code == 202
    assert [mail["to"] for mail in sent_mails()] == ["erika.neu@example.com", "demo@example.com"]


@pytest.mark.parametrize("fault", SES_FAULTS, ids=fault_id)
def test_a_further_address_whose_link_cannot_be_mailed_is_a_503_and_not_kept(client, fail, fault):
    make_customer()
    make_customer(**OTHER)
    client.login()
    ses_down(fail, fault)

    free = client.post(
        "/api/contacts/emails", {"address": "buchhaltung@example.com", "purposes": ["rechnungen"]}
    )
    held = client.post("/api/contacts/emails", {"address": OTHER["email"], "purposes": ["rechnungen"]})

    assert_mail_not_sent(free)
    assert (held.status_code, held.json_body) == (free.status_code, free.json_body)
    assert client.get("/api/contacts").json_body["emails"] == []
    # The log says what happened; nothing is left that cannot be confirmed.
    assert audit_events(client)[:2] == ["contact_removed", "contact_added"]

    ses_down(fail, None)
    again = client.post(
        "/api/contacts/emails", {"address": "buchhaltung@example.com", "purposes": ["rechnungen"]}
    )
    assert again.status_code == 201, again.body  # not "exists already"
    assert token_for("buchhaltung@example.com")


def test_a_new_link_that_cannot_be_mailed_is_a_503_and_the_earlier_link_still_works(client, fail):
    make_customer()
    client.login()
    added = client.post(
        "/api/contacts/emails", {"address": "buchhaltung@example.com", "purposes": ["rechnungen"]}
    )
    earlier = token_for("buchhaltung@example.com")
    ses_down(fail, client_error("MessageRejected", 400))

    assert_mail_not_sent(client.post(f"/api/contacts/emails/{added.json_body['id']}/resend"))

    ses_down(fail, None)
    confirmed = client.another_browser().post("/api/contacts/emails/confirm", {"token": earlier})
    assert confirmed.status_code == 200, confirmed.body


def test_a_notice_after_a_stored_change_is_logged_and_the_change_stands(client, fail, capsys):
    """A notice reports what is already stored: a 503 would claim the change failed."""
    make_customer()
    client.login()
    ses_down(fail, client_error("MessageRejected", 400))
    capsys.readouterr()

    response = client.post(
        "/api/auth/password/change",
        {"current_password": DEMO_PASSWORD, "new_password": "Sommerregen-ueber-Bremen-7"},
    )

    assert response.status_code == 204
    assert [line["subject"] for line in lost_mails(capsys)] == ["Ihr Passwort wurde geändert"]
