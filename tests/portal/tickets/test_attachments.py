"""Ticket attachments: starting an upload, checking the uploaded object, attaching, download links."""

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.factories import make_customer, make_staff
from tests.portal.contacts.conftest import OTHER
from tests.portal.tickets.files import (
    EXE,
    JPEG,
    PDF,
    PNG,
    ZIP,
    attached_file,
    make_ticket,
    make_ticket_bucket,
    pending_file,
    put_object,
)


@pytest.fixture
def erika(client):
    """Customer 100001 signed in, 100002 exists, the ticket bucket is there."""
    make_ticket_bucket()
    make_customer()
    make_customer(**OTHER)
    client.login("100001")
    return client


def stored_attachments():
    from chalicelib.models import TicketAttachment

    return list(TicketAttachment.scan())


# Starting an upload


def test_start_upload_answers_a_presigned_post_and_stores_a_pending_attachment(erika):
    from chalicelib.settings import settings
    from chalicelib.tickets.attachments import MAX_BYTES

    response = erika.post("/api/tickets/attachments", {"filename": "Rechnung März.pdf", "size": 12345})
    assert response.status_code == 201, response.body
    answer = response.json_body
    assert set(answer) == {"id", "upload", "max_bytes"}
    assert answer["max_bytes"] == MAX_BYTES == 10 * 1024 * 1024
    assert len(answer["id"]) >= 22  # 128 bits, url-safe
    assert answer["upload"]["url"] == f"https://{settings.ticket_bucket}.s3.eu-central-1.amazonaws.com/"
    fields = answer["upload"]["fields"]
    assert fields["key"] == f"attachments/{answer['id']}"
    policy = json.loads(base64.b64decode(fields["policy"]))
    assert ["content-length-range", 1, MAX_BYTES] in policy["conditions"]
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expiration - datetime.now(UTC) <= timedelta(minutes=15)
    [item] = stored_attachments()
    assert item.attachment_id == answer["id"]
    assert (item.customer_number, item.filename, item.declared_size, item.state) == (
        "100001",
        "Rechnung März.pdf",
        12345,
        "pending",
    )
    assert item.ticket_id is None
    assert timedelta(hours=23) < item.expires_at - datetime.now(UTC) <= timedelta(days=1)


def test_locally_the_upload_goes_through_the_devserver(erika, monkeypatch):
    import dataclasses

    from chalicelib.settings import settings
    from chalicelib.tickets import attachments

    monkeypatch.setattr(attachments, "settings", dataclasses.replace(settings, local_dev=True))
    response = erika.post("/api/tickets/attachments", {"filename": "a.txt", "size": 3})
    assert response.json_body["upload"]["url"] == f"{settings.site_origin}/_dev/s3/{settings.ticket_bucket}"


@pytest.mark.parametrize(
    ("filename", "size", "message"),
    [
        ("Rechnung.pdf", 10 * 1024 * 1024 + 1, "Die Datei „Rechnung.pdf“ ist 10,0 MB groß"),
        ("Rechnung.pdf", 0, "Die Datei „Rechnung.pdf“ ist leer."),
        (
            "setup.exe",
            100,
            "Die Datei „setup.exe“ hat keinen erlaubten Typ. Erlaubt sind PDF, PNG, JPG, TXT, CSV, ZIP.",
        ),
        ("Bericht.docx", 100, "hat keinen erlaubten Typ"),
        ("Rechnung", 100, "hat keinen erlaubten Typ"),
        (".pdf", 100, "hat keinen erlaubten Typ"),
        ("../../etc/passwd.pdf", 100, "ist kein gültiger Dateiname"),
        ("C:\\fakepath\\Rechnung.pdf", 100, "ist kein gültiger Dateiname"),
        ("Rechnung\u202efdp.exe", 100, "Steuerzeichen"),  # right-to-left override: shows as "Rechnungexe.pdf"
        ("Rech\x00nung.pdf", 100, "Steuerzeichen"),
        ("Zeile\nzwei.pdf", 100, "Steuerzeichen"),
        ("x" * 197 + ".pdf", 100, "ist zu lang (höchstens 200 Zeichen)"),
    ],
)
def test_start_upload_refuses_bad_files_and_stores_nothing(erika, filename, size, message):
    response = erika.post("/api/tickets/attachments", {"filename": filename, "size": size})
    assert response.status_code == 400, response.body
    assert response.json_body["Code"] == "AttachmentRejected"
    assert message in response.json_body["Message"]
    assert stored_attachments() == []


def test_a_name_of_200_characters_is_fine(erika):
    response = erika.post("/api/tickets/attachments", {"filename": "x" * 196 + ".pdf", "size": 1})
    assert response.status_code == 201, response.body


@pytest.mark.parametrize(
    "body",
    [
        {"filename": "a.pdf"},
        {"filename": "a.pdf", "size": "12"},
        {"filename": "a.pdf", "size": 1, "x": 1},
        {},
    ],
)
def test_start_upload_validates_the_body(erika, body):
    response = erika.post("/api/tickets/attachments", body)
    assert response.status_code == 400
    assert stored_attachments() == []


def test_uploads_are_limited_per_customer(erika, monkeypatch):
    from chalicelib import throttle
    from chalicelib.tickets import attachments

    monkeypatch.setattr(attachments, "UPLOADS_PER_CUSTOMER", throttle.Limit("ticket-upload", 2, 3600))
    for _ in range(2):
        assert erika.post("/api/tickets/attachments", {"filename": "a.pdf", "size": 1}).status_code == 201
    refused = erika.post("/api/tickets/attachments", {"filename": "a.pdf", "size": 1})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert len(stored_attachments()) == 2
    other = erika.another_browser()
    other.login("100002")
    assert other.post("/api/tickets/attachments", {"filename": "a.pdf", "size": 1}).status_code == 201


def test_the_upload_form_posts_to_the_bucket(erika):
    """The presigned POST as the browser sends it (requests under moto: moto takes S3's URLs)."""
    import requests

    from tests.portal.tickets.files import s3

    answer = erika.post("/api/tickets/attachments", {"filename": "Rechnung.pdf", "size": len(PDF)}).json_body
    upload = answer["upload"]
    response = requests.post(
        upload["url"],
        data=upload["fields"],
        files={"file": ("Rechnung.pdf", PDF, "application/pdf")},
        timeout=10,
    )
    assert response.status_code == 204, response.text
    from chalicelib.settings import settings

    stored = s3().get_object(Bucket=settings.ticket_bucket, Key=f"attachments/{answer['id']}")["Body"].read()
    assert stored == PDF
    from chalicelib.tickets import attachments

    [checked] = attachments.check(customer_number="100001", attachment_ids=[answer["id"]])
    assert (checked.size, checked.content_type) == (len(PDF), "application/pdf")


# Checking uploads


def check(ids, customer_number="100001"):
    from chalicelib.tickets import attachments

    return attachments.check(customer_number=customer_number, attachment_ids=ids)


def upload(filename, data, customer_number="100001"):
    attachment = pending_file(customer_number, filename, declared_size=len(data))
    put_object(attachment.attachment_id, data)
    return attachment


@pytest.mark.parametrize(
    ("filename", "data", "content_type"),
    [
        ("Rechnung.pdf", PDF, "application/pdf"),
        ("Screenshot.PNG", PNG, "image/png"),
        ("Foto.jpg", JPEG, "image/jpeg"),
        ("Foto.jpeg", JPEG, "image/jpeg"),
        ("Foto.png", JPEG, "image/jpeg"),  # an image all the same; the type is the detected one
        ("Protokoll.txt", "Fehler beim Export: Größe überschritten\n".encode(), "text/plain"),
        ("Bestellungen.csv", "\ufeffNummer;Betrag\n1;9,99\n".encode(), "text/csv"),
        ("Archiv.zip", ZIP, "application/zip"),
        ("Lang.txt", ("ä" * 5000).encode(), "text/plain"),  # a character cut at the 8 KB mark
    ],
)
def test_check_accepts_what_the_name_says(aws, filename, data, content_type):
    make_ticket_bucket()
    attachment = upload(filename, data)
    [checked] = check([attachment.attachment_id])
    assert (checked.attachment_id, checked.size, checked.content_type) == (
        attachment.attachment_id,
        len(data),
        content_type,
    )
    from chalicelib.models import TicketAttachment

    stored = TicketAttachment.get(attachment.attachment_id)
    assert (stored.state, stored.size, stored.content_type) == ("pending", None, None)  # nothing saved


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("Rechnung.pdf", PNG, "Die Datei „Rechnung.pdf“ ist keine PDF-Datei, wie ihr Name sagt."),
        ("Liesmich.txt", EXE, "Die Datei „Liesmich.txt“ ist keine Textdatei (UTF-8)"),
        ("Daten.csv", "Größe;Preis\n".encode("latin-1"), "ist keine Textdatei (UTF-8)"),
        ("Bild.png", PDF, "ist kein Bild im Format PNG oder JPEG"),
        ("Archiv.zip", PDF, "ist kein ZIP-Archiv"),
        ("Rechnung.pdf", b"<html><script>alert(1)</script>", "ist keine PDF-Datei"),
    ],
)
def test_check_refuses_files_that_are_not_what_their_name_says(aws, filename, data, message):
    make_ticket_bucket()
    attachment = upload(filename, data)
    from chalicelib import errors

    with pytest.raises(errors.AttachmentRejected) as refused:
        check([attachment.attachment_id])
    assert message in str(refused.value)
    assert refused.value.STATUS_CODE == 400


def test_check_refuses_an_object_over_10_mb(aws):
    make_ticket_bucket()
    attachment = upload("Gross.pdf", PDF + b"0" * (10 * 1024 * 1024))
    from chalicelib import errors

    with pytest.raises(errors.AttachmentRejected, match=re.escape("„Gross.pdf“ ist 10,0 MB groß")):
        check([attachment.attachment_id])


def test_check_refuses_a_missing_upload(aws):
    make_ticket_bucket()
    attachment = pending_file("100001", "Rechnung.pdf")
    from chalicelib import errors

    with pytest.raises(
        errors.AttachmentRejected, match=re.escape("„Rechnung.pdf“ wurde nicht vollständig hochgeladen")
    ):
        check([attachment.attachment_id])


def test_check_treats_another_customers_or_used_or_unknown_uploads_as_not_found(aws):
    from chalicelib import errors

    make_ticket_bucket()
    others = upload("Rechnung.pdf", PDF, customer_number="100002")
    attached = upload("Rechnung.pdf", PDF)
    attached.update(actions=[type(attached).state.set("attached")])
    expired = pending_file("100001", "Alt.pdf", expires_at=datetime.now(UTC) - timedelta(minutes=1))
    put_object(expired.attachment_id, PDF)
    mine = upload("Rechnung.pdf", PDF)
    for ids in (
        [others.attachment_id],
        [mine.attachment_id, others.attachment_id],
        [attached.attachment_id],
        [expired.attachment_id],
        ["gibt-es-nicht"],
        ["x" * 300],
    ):
        with pytest.raises(errors.AttachmentNotFound):
            check(ids)
    assert [item.attachment_id for item in check([mine.attachment_id])] == [mine.attachment_id]


def test_check_limits_count_and_duplicates(aws):
    from chalicelib import errors

    make_ticket_bucket()
    files = [upload(f"Datei{index}.txt", b"hallo") for index in range(6)]
    ids = [item.attachment_id for item in files]
    with pytest.raises(errors.AttachmentRejected, match="höchstens 5 Dateien"):
        check(ids)
    with pytest.raises(errors.AttachmentRejected, match="nur einmal"):
        check([ids[0], ids[0]])
    assert [item.attachment_id for item in check(ids[:5])] == ids[:5]  # in the given order
    assert check([]) == []


# Attaching


def test_attach_in_marks_them_attached_in_the_tickets_transaction(aws):
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.models import TicketAttachment
    from chalicelib.models.base import transaction
    from chalicelib.tickets import attachments

    make_ticket_bucket()
    ticket = make_ticket("100001")
    files = [upload("Rechnung.pdf", PDF), upload("Liste.csv", b"a;b\n")]
    checked = check([item.attachment_id for item in files])
    with transaction() as tx:
        attachments.attach_in(tx, checked, ticket_id=ticket.ticket_id)
    stored = [TicketAttachment.get(item.attachment_id) for item in files]
    assert [
        (item.state, item.ticket_id, item.size, item.content_type, item.expires_at) for item in stored
    ] == [
        ("attached", ticket.ticket_id, len(PDF), "application/pdf", None),
        ("attached", ticket.ticket_id, 4, "text/csv", None),
    ]
    # An upload is attached once: a second transaction (a parallel message) is cancelled as a whole.
    with pytest.raises(TransactWriteError), transaction() as tx:
        attachments.attach_in(tx, checked, ticket_id=make_ticket("100001").ticket_id)
    assert TicketAttachment.get(files[0].attachment_id).ticket_id == ticket.ticket_id
    found = attachments.load_for(
        ticket.ticket_id, [files[1].attachment_id, files[0].attachment_id, "unbekannt"]
    )
    assert set(found) == {files[0].attachment_id, files[1].attachment_id}
    assert attachments.load_for("ANDERES1", [files[0].attachment_id]) == {}
    assert attachments.load_for(ticket.ticket_id, []) == {}


def test_attach_in_refuses_unchecked_uploads(aws):
    from chalicelib.models.base import transaction
    from chalicelib.tickets import attachments

    with pytest.raises(ValueError, match="was not checked"):
        attachments.attach_in(transaction(), [pending_file()], ticket_id="K7M2Q9XD")


# Downloads


def test_the_tickets_customer_gets_a_download_link(erika):
    import requests

    ticket = make_ticket("100001")
    attachment = attached_file(ticket, filename="Rechnung März 2026.pdf")
    response = erika.get(f"/api/tickets/{ticket.ticket_id}/attachments/{attachment.attachment_id}")
    assert response.status_code == 200, response.body
    assert response.json_body["filename"] == "Rechnung März 2026.pdf"
    url = response.json_body["url"]
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["response-content-type"] == ["application/pdf"]
    disposition = query["response-content-disposition"][0]
    assert disposition == (
        "attachment; filename=\"Rechnung Maerz 2026.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz%202026.pdf"
    )
    assert unquote(disposition.rpartition("''")[2]) == "Rechnung März 2026.pdf"
    downloaded = requests.get(url, timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == PDF


def test_another_customer_or_another_ticket_gets_404(erika):
    ticket = make_ticket("100001")
    attachment = attached_file(ticket)
    foreign = make_ticket("100002")
    foreign_file = attached_file(foreign)
    mine_other = make_ticket("100001")
    for path in (
        f"/api/tickets/{foreign.ticket_id}/attachments/{foreign_file.attachment_id}",
        f"/api/tickets/{ticket.ticket_id}/attachments/{foreign_file.attachment_id}",
        f"/api/tickets/{mine_other.ticket_id}/attachments/{attachment.attachment_id}",
        f"/api/tickets/{ticket.ticket_id}/attachments/gibt-es-nicht",
        f"/api/tickets/GIBTESNI/attachments/{attachment.attachment_id}",
    ):
        response = erika.get(path)
        assert response.status_code == 404, path
        assert response.json_body["Code"] == "AttachmentNotFound"
    pending = pending_file("100001", ticket_id=ticket.ticket_id)  # not attached yet
    assert (
        erika.get(f"/api/tickets/{ticket.ticket_id}/attachments/{pending.attachment_id}").status_code == 404
    )


def test_the_team_gets_a_download_link_for_any_ticket(client):
    make_ticket_bucket()
    make_staff()
    client.staff_login()
    guest_ticket = make_ticket(None, channel="public")
    attachment = attached_file(guest_ticket, filename="Fehler.pdf")
    response = client.get(
        f"/api/team/tickets/{guest_ticket.ticket_id}/attachments/{attachment.attachment_id}"
    )
    assert response.status_code == 200, response.body
    assert response.json_body["filename"] == "Fehler.pdf"
    other = make_ticket("100002")
    assert (
        client.get(f"/api/team/tickets/{other.ticket_id}/attachments/{attachment.attachment_id}").status_code
        == 404
    )


def test_locally_downloads_go_through_the_devserver(aws, monkeypatch):
    import dataclasses

    from chalicelib.settings import settings
    from chalicelib.tickets import attachments

    monkeypatch.setattr(attachments, "settings", dataclasses.replace(settings, local_dev=True))
    make_ticket_bucket()
    attachment = attached_file(make_ticket("100001"))
    url = attachments.download_url(attachment)
    assert url.startswith(
        f"{settings.site_origin}/_dev/s3/{settings.ticket_bucket}/attachments/{attachment.attachment_id}?"
    )


@pytest.mark.parametrize(
    ("filename", "fallback"),
    [
        ("Übersicht.pdf", "Uebersicht.pdf"),
        ('Angebot "final".pdf', "Angebot _final_.pdf"),
        ("Café;Liste.csv", "Cafe_Liste.csv"),
        ("報告.pdf", "Anhang.pdf"),
    ],
)
def test_content_disposition_has_an_ascii_fallback(filename, fallback):
    from chalicelib.tickets.attachments import content_disposition

    value = content_disposition(filename)
    assert value.startswith(f"attachment; filename=\"{fallback}\"; filename*=UTF-8''")
    assert unquote(value.rpartition("''")[2]) == filename
    assert value.isascii()


# Through the ticket routes


def _upload(browser, filename, data):
    started = browser.post("/api/tickets/attachments", {"filename": filename, "size": len(data)})
    assert started.status_code == 201, started.body
    put_object(started.json_body["id"], data)
    return started.json_body["id"]


def test_a_ticket_with_attachments_shows_and_serves_them_to_its_customer_only(erika, client):
    import requests

    pdf = _upload(erika, "Beleg.pdf", PDF)
    png = _upload(erika, "Screenshot.png", PNG)
    created = erika.post(
        "/api/tickets",
        {
            "subject": "Fehler im Checkout",
            "category": "technik",
            "message": "Siehe Anhang",
            "attachments": [pdf, png],
        },
    )
    assert created.status_code == 201, created.body
    ticket = created.json_body
    shown = ticket["messages"][0]["attachments"]
    assert [(a["filename"], a["content_type"], a["size"]) for a in shown] == [
        ("Beleg.pdf", "application/pdf", len(PDF)),
        ("Screenshot.png", "image/png", len(PNG)),
    ]
    link = erika.get(f"/api/tickets/{ticket['id']}/attachments/{pdf}").json_body["url"]
    assert requests.get(link, timeout=10).content == PDF
    other = client.another_browser()
    other.login("100002")
    assert other.get(f"/api/tickets/{ticket['id']}/attachments/{pdf}").status_code == 404
    again = erika.post(
        "/api/tickets", {"subject": "Nochmal", "category": "technik", "message": "x", "attachments": [pdf]}
    )
    assert again.status_code == 404  # an upload belongs to one message only


def test_a_file_that_is_not_what_its_name_says_stores_no_ticket(erika):
    fake = _upload(erika, "Rechnung.pdf", PNG)

    response = erika.post(
        "/api/tickets", {"subject": "Anhang", "category": "rechnung", "message": "x", "attachments": [fake]}
    )

    assert response.status_code == 400
    assert "Rechnung.pdf" in response.json_body["Message"]
    assert erika.get("/api/tickets").json_body["items"] == []


def _uploaded(browser, filename, data):
    """An upload as the page makes it: start, then the form POST to the presigned URL."""
    import requests

    answer = browser.post("/api/tickets/attachments", {"filename": filename, "size": len(data)}).json_body
    upload = answer["upload"]
    response = requests.post(
        upload["url"], data=upload["fields"], files={"file": (filename, data)}, timeout=10
    )
    assert response.status_code == 204, response.text
    return answer["id"]


def test_a_ticket_and_a_reply_with_attachments(erika):
    pdf = _uploaded(erika, "Rechnung.pdf", PDF)
    csv = _uploaded(erika, "Bestellungen.csv", b"Nummer;Betrag\n1;9,99\n")
    response = erika.post(
        "/api/tickets",
        {
            "subject": "Rechnung falsch",
            "category": "rechnung",
            "message": "Siehe Anhang.",
            "attachments": [pdf, csv],
        },
    )
    assert response.status_code == 201, response.body
    ticket = response.json_body
    assert ticket["messages"][0]["attachments"] == [
        {"id": pdf, "filename": "Rechnung.pdf", "size": len(PDF), "content_type": "application/pdf"},
        {"id": csv, "filename": "Bestellungen.csv", "size": 21, "content_type": "text/csv"},
    ]
    link = erika.get(f"/api/tickets/{ticket['id']}/attachments/{pdf}")
    assert link.status_code == 200
    assert link.json_body["filename"] == "Rechnung.pdf"
    # An upload is attached once.
    again = erika.post(f"/api/tickets/{ticket['id']}/messages", {"text": "Nochmal", "attachments": [pdf]})
    assert again.status_code == 404
    assert again.json_body["Code"] == "AttachmentNotFound"
    png = _uploaded(erika, "Screenshot.png", PNG)
    reply = erika.post(
        f"/api/tickets/{ticket['id']}/messages", {"text": "Noch ein Bild", "attachments": [png]}
    )
    assert reply.status_code == 201, reply.body
    assert reply.json_body["messages"][-1]["attachments"][0]["content_type"] == "image/png"
