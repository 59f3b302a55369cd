"""The local stack's ticket extras: attachment uploads through /_dev/s3, /_dev/inbound, reply_to in /_dev/mail."""

import shlex
from pathlib import Path
from typing import Any

import requests

from tests.browser_fixtures import Stack
from tests.factories import DEMO_PASSWORD

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def _signed_in(stack: Stack) -> requests.Session:
    session = requests.Session()
    session.headers["Origin"] = stack.url
    response = session.post(
        f"{stack.url}/api/auth/login", json={"login": "100001", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return session


def _stack_s3(stack: Stack) -> Any:
    """boto3 against the stack's embedded S3 (its address is in the stack.env it wrote)."""
    import boto3

    variables = {}
    for line in (stack.log_path.parent / "stack.env").read_text(encoding="utf-8").splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export ") :].partition("=")
            variables[name] = shlex.split(value)[0] if value else ""
    return boto3.client(
        "s3",
        region_name=variables["AWS_DEFAULT_REGION"],
        endpoint_url=variables["AWS_ENDPOINT_URL"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _start_upload(session: requests.Session, stack: Stack, size: int) -> dict[str, Any]:
    response = session.post(
        f"{stack.url}/api/tickets/attachments", json={"filename": "Rechnung.pdf", "size": size}
    )
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    assert answer["upload"]["url"] == f"{stack.url}/_dev/s3/kc-local-tickets"
    return answer


def test_an_attachment_form_posted_through_dev_s3_is_stored(fresh_stack: Stack) -> None:
    session = _signed_in(fresh_stack)
    answer = _start_upload(session, fresh_stack, len(PDF))
    upload = answer["upload"]
    # What the page sends: the fields first, then the file, to its own origin.
    response = requests.post(
        upload["url"],
        data=upload["fields"],
        files={"file": ("Rechnung.pdf", PDF, "application/pdf")},
        headers={"Origin": fresh_stack.url},
        timeout=30,
    )
    assert response.status_code == 204, response.text
    s3 = _stack_s3(fresh_stack)
    stored = s3.get_object(Bucket="kc-local-tickets", Key=f"attachments/{answer['id']}")["Body"].read()
    assert stored == PDF
    # Attached to a new ticket, it downloads through the same origin under its name.
    ticket = session.post(
        f"{fresh_stack.url}/api/tickets",
        json={
            "subject": "Rechnung prüfen",
            "category": "rechnung",
            "message": "Anbei.",
            "attachments": [answer["id"]],
        },
    )
    assert ticket.status_code == 201, ticket.text
    link = session.get(f"{fresh_stack.url}/api/tickets/{ticket.json()['id']}/attachments/{answer['id']}")
    assert link.status_code == 200, link.text
    url = link.json()["url"]
    assert url.startswith(f"{fresh_stack.url}/_dev/s3/kc-local-tickets/attachments/{answer['id']}?")
    download = requests.get(url, timeout=30)
    assert download.status_code == 200, download.text
    assert download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Rechnung.pdf\"; filename*=UTF-8''Rechnung.pdf"
    )


def test_dev_s3_refuses_what_s3_would_refuse(fresh_stack: Stack) -> None:
    session = _signed_in(fresh_stack)
    answer = _start_upload(session, fresh_stack, 100)
    upload = answer["upload"]
    other_key = {**upload["fields"], "key": "attachments/fremd"}
    wrong_key = requests.post(upload["url"], data=other_key, files={"file": ("a.pdf", PDF)}, timeout=30)
    assert wrong_key.status_code == 403
    assert "<Code>AccessDenied</Code>" in wrong_key.text
    too_big = b"%PDF-" + b"0" * (10 * 1024 * 1024)
    over_policy = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("a.pdf", too_big)}, timeout=60
    )
    assert over_policy.status_code == 400
    assert "<Code>EntityTooLarge</Code>" in over_policy.text
    huge = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("a.pdf", too_big + b"0" * 100_000)}, timeout=60
    )
    assert huge.status_code == 413
    s3 = _stack_s3(fresh_stack)
    assert "Contents" not in s3.list_objects_v2(Bucket="kc-local-tickets", Prefix="attachments/")


def test_dev_mail_entries_carry_reply_to(fresh_stack: Stack) -> None:
    session = requests.Session()
    session.headers["Origin"] = fresh_stack.url
    response = session.post(f"{fresh_stack.url}/api/auth/password/forgot", json={"login": "demo@example.com"})
    assert response.status_code == 202
    [mail] = fresh_stack.mails()
    assert "reply_to" in mail
    assert mail["reply_to"] is None  # a simple mail


def test_dev_inbound_takes_a_raw_mail(fresh_stack: Stack) -> None:
    url = f"{fresh_stack.url}/_dev/inbound"
    empty = requests.post(url, data=b"", headers={"Content-Type": "message/rfc822"}, timeout=10)
    assert (empty.status_code, empty.json()) == (400, {"Message": "Die E-Mail ist leer."})
    wrong_type = requests.post(url, data=b"x", headers={"Content-Type": "text/plain"}, timeout=10)
    assert wrong_type.status_code == 415
    huge = requests.post(
        url, data=b"a" * (10 * 1024 * 1024 + 1), headers={"Content-Type": "message/rfc822"}, timeout=30
    )
    assert huge.status_code == 400
    assert "größer als 10 MB" in huge.json()["Message"]
    foreign = requests.post(
        url,
        data=b"x",
        headers={"Content-Type": "message/rfc822", "Origin": "http://evil.example"},
        timeout=10,
    )
    assert foreign.status_code == 403
    raw = (
        b"From: Max Beispiel <max.beispiel@example.com>\r\n"
        b"To: support+AAAAAAAA.0000@unicorn2.example\r\n"
        b"Subject: Re: Ticket\r\n"
        b"Message-ID: <local-test@example.com>\r\n\r\n"
        b"Hallo\r\n"
    )
    answer = requests.post(url, data=raw, headers={"Content-Type": "message/rfc822"}, timeout=30)
    inbound = Path(__file__).resolve().parents[2] / "functions/portal/chalicelib/tickets/inbound.py"
    if inbound.exists():
        assert answer.status_code == 200, answer.text
        assert set(answer.json()) == {"result", "ticket_id"}
    else:  # the ticket domain's inbound handler is not there yet
        assert answer.status_code == 501
