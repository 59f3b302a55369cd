"""Replies by mail: the Reply-To of a ticket mail reaches the ticket, from the ticket's parties only; mail to
the plain support address opens a ticket (known sender) or asks for a confirmation (unknown sender)."""

from email.message import EmailMessage

from tests.conftest import sent_mails
from tests.portal.tickets.conftest import last_mail_to, link_in, new_ticket


def raw_mail(*, sender, to, subject="Re: Ihr Ticket", text="Danke, das hat geholfen.", headers=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    return message.as_bytes()


def receive(raw):
    from chalicelib.tickets.inbound import receive

    return receive(raw)


QUOTED = (
    "Danke, das hat geholfen.\n\n"
    "Am 01.12.2026 um 10:00 schrieb unicorn 2 Support <support@example.com>:\n"
    "> Bitte leeren Sie den Cache.\n"
)


def test_a_reply_to_the_ticket_mail_is_added_without_the_quoted_history(erika):
    ticket = new_ticket(erika)
    reply_to = last_mail_to("demo@example.com")["reply_to"]

    result = receive(raw_mail(sender="Erika Mustermann <Demo@Example.com>", to=reply_to, text=QUOTED))

    assert (result.result, result.ticket_id) == ("added", ticket["id"])
    shown = erika.get(f"/api/tickets/{ticket['id']}").json_body
    assert shown["messages"][-1]["text"] == "Danke, das hat geholfen."
    assert shown["messages"][-1]["channel"] == "email"
    assert shown["status"] == "offen"


def test_a_mail_from_an_address_not_on_the_ticket_is_refused(erika):
    ticket = new_ticket(erika)
    reply_to = last_mail_to("demo@example.com")["reply_to"]

    result = receive(raw_mail(sender="angreifer@evil.example", to=reply_to))

    assert result.result == "refused"
    assert len(erika.get(f"/api/tickets/{ticket['id']}").json_body["messages"]) == 1


def test_a_wrong_secret_is_refused(erika):
    ticket = new_ticket(erika)

    result = receive(raw_mail(sender="demo@example.com", to=f"support+{ticket['id']}.00000000@example.com"))

    assert result.result == "refused"
    assert len(erika.get(f"/api/tickets/{ticket['id']}").json_body["messages"]) == 1


def test_automatic_mail_is_ignored(erika):
    ticket = new_ticket(erika)
    reply_to = last_mail_to("demo@example.com")["reply_to"]
    mails_before = len(sent_mails())

    result = receive(
        raw_mail(sender="demo@example.com", to=reply_to, headers={"Auto-Submitted": "auto-replied"})
    )

    assert result.result == "ignored"
    assert len(erika.get(f"/api/tickets/{ticket['id']}").json_body["messages"]) == 1
    assert len(sent_mails()) == mails_before


def test_a_reply_to_a_closed_ticket_opens_it_again(erika):
    ticket = new_ticket(erika)
    reply_to = last_mail_to("demo@example.com")["reply_to"]
    erika.post(f"/api/tickets/{ticket['id']}/close")

    assert receive(raw_mail(sender="demo@example.com", to=reply_to)).result == "added"

    assert erika.get(f"/api/tickets/{ticket['id']}").json_body["status"] == "offen"


def test_mail_from_a_customer_address_to_support_opens_a_ticket_for_the_customer(erika):
    result = receive(
        raw_mail(sender="demo@example.com", to="support@example.com", subject="Lizenz erweitern")
    )

    assert result.result == "created"
    (listed,) = erika.get("/api/tickets").json_body["items"]
    assert listed["id"] == result.ticket_id
    assert listed["subject"] == "Lizenz erweitern"
    assert listed["channel"] == "email"


def test_mail_from_an_unknown_address_needs_a_confirmation_first(client, erika):
    result = receive(raw_mail(sender="neu@shop.example", to="support@example.com", subject="Preise?"))

    assert result.result == "pending"
    token = link_in(last_mail_to("neu@shop.example"), "/support/ticket/bestaetigen/")
    confirmed = client.post("/api/public/tickets/confirm", {"token": token}).json_body
    assert confirmed["subject"] == "Preise?"
    assert erika.get("/api/tickets").json_body["items"] == []


def test_mail_to_another_address_is_refused(erika):
    assert receive(raw_mail(sender="demo@example.com", to="info@example.com")).result == "refused"
