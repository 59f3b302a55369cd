"""chalicelib.mail.send_mail: simple mails, and raw MIME mails with Reply-To and threading headers."""

from email import message_from_bytes, policy

import pytest

from tests.conftest import sent_mails


def _raw_messages():
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import RawMessage, ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"]
    return [
        message_from_bytes(
            message.raw_data.encode() if isinstance(message.raw_data, str) else message.raw_data,
            policy=policy.default,
        )
        for message in backend.sent_messages
        if isinstance(message, RawMessage)
    ]


def test_a_simple_mail_has_no_reply_to(aws):
    from chalicelib.mail import send_mail

    assert send_mail(to="kunde@example.com", subject="Hallo", text="Text") is True
    assert sent_mails() == [{"to": "kunde@example.com", "subject": "Hallo", "text": "Text", "reply_to": None}]
    assert _raw_messages() == []


def test_reply_to_and_headers_make_a_raw_utf8_mail(aws):
    from chalicelib.mail import send_mail
    from chalicelib.settings import settings

    reply_to = "support+K7M2Q9XD.0f1e2d3c@example.com"
    assert send_mail(
        to="jörg@example.com",
        subject="Ihr Ticket #K7M2Q9XD – Antwort von Jürgen",
        text="Guten Tag,\n\nwir haben geantwortet: „erledigt“.\n",
        reply_to=reply_to,
        headers={"Message-ID": "<kc.K7M2Q9XD.2@example.com>", "In-Reply-To": "<kc.K7M2Q9XD.1@example.com>"},
    )
    [mail] = sent_mails()
    assert mail == {
        "to": "jörg@example.com",
        "subject": "Ihr Ticket #K7M2Q9XD – Antwort von Jürgen",
        "text": "Guten Tag,\n\nwir haben geantwortet: „erledigt“.\n",
        "reply_to": reply_to,
    }
    [message] = _raw_messages()
    assert str(message["From"]) == settings.mail_from
    assert message["Message-ID"] == "<kc.K7M2Q9XD.2@example.com>"
    assert message["In-Reply-To"] == "<kc.K7M2Q9XD.1@example.com>"
    assert message["Date"] is not None
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"


def test_a_raw_mail_gets_its_own_message_id(aws):
    from chalicelib.mail import send_mail

    send_mail(to="kunde@example.com", subject="x", text="y", reply_to="support@example.com")
    [message] = _raw_messages()
    assert message["Message-ID"].endswith("@example.com>")


def test_headers_cannot_replace_the_mails_own(aws):
    from chalicelib.mail import send_mail

    with pytest.raises(ValueError, match="sets From itself"):
        send_mail(to="kunde@example.com", subject="x", text="y", headers={"From": "boss@example.com"})
    assert sent_mails() == []


def test_a_refused_raw_mail_is_logged_and_answered_false(aws, monkeypatch):
    import dataclasses

    from chalicelib import mail
    from chalicelib.settings import settings

    monkeypatch.setattr(mail, "settings", dataclasses.replace(settings, mail_from="x@unverified.example"))
    assert (
        mail.send_mail(to="kunde@example.com", subject="x", text="y", reply_to="support@example.com") is False
    )
    assert sent_mails() == []


def test_the_local_mailbox_shows_reply_to(aws):
    from chalicelib.mail import send_mail
    from local.mailbox import list_mails, render_mail_page

    send_mail(to="kunde@example.com", subject="Einfach", text="a")
    send_mail(to="kunde@example.com", subject="Ticket", text="b", reply_to="support+K7M2Q9XD.abc@example.com")
    mails = list_mails("eu-central-1")
    assert [(mail["subject"], mail["reply_to"]) for mail in mails] == [
        ("Ticket", "support+K7M2Q9XD.abc@example.com"),
        ("Einfach", None),
    ]
    page = render_mail_page(mails)
    assert "Antwort an: support+K7M2Q9XD.abc@example.com" in page
    assert page.count("Antwort an:") == 1
