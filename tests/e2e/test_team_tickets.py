"""The support team's tickets in the browser: the queue with filters and search, a thread with the customer
beside it, a reply that reaches the customer's mail, an internal note the customer never sees, assigning,
the status, a stale write reloaded with a German message, merging two tickets; axe at 1280 and 390 px."""

import re
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from local.seed import DEMO_CUSTOMER, DEMO_TICKETS
from tests.e2e.portal_support import Portal
from tests.factories import DEMO_STAFF

pytestmark = pytest.mark.e2e

TEAM = "/kundencenter/team/"
INTERNAL_MARK = "Interne Notiz – für den Kunden nicht sichtbar"
STALE_TEXT = "Das Ticket wurde inzwischen geändert"
STATUS_LABELS = {
    "offen": "Offen",
    "in_bearbeitung": "In Bearbeitung",
    "wartet_auf_sie": "Wartet auf Antwort des Kunden",
    "geschlossen": "Geschlossen",
}


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    portal = Portal(page, fresh_stack)
    portal.sign_in_staff()
    return portal


@pytest.fixture
def customer(portal: Portal) -> requests.Session:
    """Customer 100001, signed in through the API outside the browser."""
    session = requests.Session()
    session.headers["Origin"] = portal.base
    login = {"login": "100001", "password": DEMO_CUSTOMER["password"]}
    assert session.post(portal.url("/api/auth/login"), json=login, timeout=10).status_code == 200
    return session


def new_ticket(
    portal: Portal, customer: requests.Session, subject: str, message: str, category: str = "technik"
) -> str:
    response = customer.post(
        portal.url("/api/tickets"),
        json={"subject": subject, "category": category, "message": message, "attachments": []},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    ticket_id: str = response.json()["id"]
    return ticket_id


def guest_ticket(portal: Portal, email: str, subject: str) -> None:
    """A ticket from the form without an account, confirmed by its mailed link."""
    response = requests.post(
        portal.url("/api/public/tickets"),
        json={
            "email": email,
            "name": "Gabi Gast",
            "category": "sonstiges",
            "subject": subject,
            "message": "Hallo?",
        },
        headers={"Origin": portal.base},
        timeout=10,
    )
    assert response.status_code == 202, response.text
    mail = next(mail for mail in portal.stack.mails() if mail["to"] == email)
    token = re.search(r"/support/ticket/bestaetigen/#token=([\w-]+)", mail["text"])
    assert token, mail["text"]
    confirmed = requests.post(
        portal.url("/api/public/tickets/confirm"),
        json={"token": token.group(1)},
        headers={"Origin": portal.base},
        timeout=10,
    )
    assert confirmed.status_code == 200, confirmed.text


def staff_detail(portal: Portal, ticket_id: str) -> dict[str, Any]:
    response = portal.page.request.get(portal.url(f"/api/team/tickets/{ticket_id}"))
    assert response.status == 200, response.text()
    data: dict[str, Any] = response.json()
    return data


def row(page: Any, ticket_id: str) -> Any:
    return page.locator(f".kc-team-queue tr[data-ticket='{ticket_id}']")


def open_ticket(portal: Portal, ticket_id: str) -> Any:
    page = portal.open(f"{TEAM}?ticket={ticket_id}")
    expect(page.get_by_role("heading", level=2, name=re.compile(f"Ticket #{ticket_id}"))).to_be_visible()
    return page


def test_queue_lists_customer_and_guest_tickets_with_filters_and_search(
    portal: Portal, customer: Any
) -> None:
    export = new_ticket(portal, customer, "Export hängt seit Montag", "Der CSV-Export bricht ab.")
    invoice = new_ticket(
        portal, customer, "Rechnung doppelt abgebucht", "Zweimal 49,90 €.", category="rechnung"
    )
    guest_ticket(portal, "gast@example.com", "Frage ohne Kundenkonto")

    page = portal.open(TEAM)
    queue = page.locator(".kc-team-queue")
    expect(row(page, export)).to_contain_text("Export hängt seit Montag")
    expect(row(page, export)).to_contain_text("100001")
    expect(row(page, export)).to_contain_text("Offen")
    expect(row(page, export)).to_contain_text("niemand")
    expect(row(page, invoice)).to_contain_text(f"#{invoice}")
    guest = queue.locator("tr").filter(has_text="Frage ohne Kundenkonto")
    expect(guest).to_contain_text("Gast: gast@example.com")
    portal.assert_accessible("Team: Ticket-Liste")

    # Kategorie: only the invoice ticket; the address keeps the filter.
    page.get_by_label("Kategorie").select_option("rechnung")
    expect(row(page, export)).to_have_count(0)
    expect(row(page, invoice)).to_be_visible()
    assert "category=rechnung" in page.url

    # Search (words of subject and messages, umlauts folded) within all categories.
    page.get_by_label("Kategorie").select_option("")
    page.get_by_label("Suchen").fill("csv-export")
    page.get_by_label("Suchen").press("Enter")
    expect(row(page, invoice)).to_have_count(0)
    expect(row(page, export)).to_be_visible()
    expect(page.locator(".kc-team-queue__count")).to_have_text("1 Ticket angezeigt.")

    # Closed tickets only on request; "Alle offenen" is the default.
    page.get_by_label("Suchen").fill("")
    page.get_by_label("Status").select_option("geschlossen")
    expect(row(page, export)).to_have_count(0)
    page.get_by_label("Status").select_option("")
    expect(row(page, export)).to_be_visible()

    # A row's subject opens the thread without loading the page; back returns to the list.
    same_document = portal.marker()
    row(page, export).get_by_role("link", name="Export hängt seit Montag").click()
    expect(page).to_have_url(re.compile(rf"\?ticket={export}$"))
    expect(
        page.get_by_role("heading", level=2, name=f"Ticket #{export}: Export hängt seit Montag")
    ).to_be_focused()
    page.go_back()
    expect(row(page, export)).to_be_visible()
    assert same_document() == "same document"


def test_demo_tickets_in_the_queue_and_their_threads(portal: Portal) -> None:
    """The seeded tickets (local/seed.py): 100001's in every status, one assigned, a guest ticket."""
    page = portal.open(TEAM)
    queue = page.locator(".kc-team-queue")

    def ticket_row(subject: str) -> Any:
        return queue.locator("tr").filter(has=page.get_by_role("link", name=subject, exact=True))

    open_demo = [demo for demo in DEMO_TICKETS if demo["status"] != "geschlossen"]
    for demo in open_demo:
        expect(ticket_row(demo["subject"])).to_contain_text(STATUS_LABELS[demo["status"]])
    for demo in DEMO_TICKETS:
        if demo["status"] == "geschlossen":
            expect(ticket_row(demo["subject"])).to_have_count(0)  # "Alle offenen"
    expect(ticket_row("Rechnung doppelt abgebucht?")).to_contain_text("Sam Support")
    expect(ticket_row("Frage zu den Preisen vor dem Kauf")).to_contain_text(
        "Gast: interessent@beispiel-shop.example"
    )
    expect(ticket_row("Multishop einrichten")).to_contain_text("100002")

    page.get_by_label("Status").select_option("geschlossen")
    expect(ticket_row("Statistik zeigt für Amazon keine Bestellungen")).to_contain_text("Geschlossen")
    expect(ticket_row("Zweite E-Mail-Adresse für Rechnungen hinterlegen")).to_be_visible()
    expect(ticket_row("PayPal wird im Checkout nicht angezeigt")).to_have_count(0)

    # The assigned invoice ticket: customer panel, the internal note marked, the first response time.
    page.get_by_label("Status").select_option("")
    ticket_row("Rechnung doppelt abgebucht?").get_by_role("link").click()
    side = page.locator(".kc-team-thread__side")
    expect(side).to_contain_text("Kundennummer")
    expect(side).to_contain_text("100001")
    expect(side.locator(".kc-team-recent li")).to_have_count(5)
    note = page.locator(".kc-team-message--internal")
    expect(note).to_have_count(1)
    expect(note).to_contain_text(INTERNAL_MARK)
    expect(note).to_contain_text("Buchhaltung angefragt")
    expect(page.locator(".kc-team-facts")).to_contain_text("nach 3 Std. 00 Min.")
    expect(side).to_contain_text("Zugewiesen: Ihnen.")
    portal.assert_accessible("Team: Demo-Ticket mit interner Notiz")

    # The guest ticket: no customer, the sender instead.
    page.get_by_role("link", name="Zurück zur Ticket-Liste").click()
    ticket_row("Frage zu den Preisen vor dem Kauf").get_by_role("link").click()
    expect(side.get_by_role("heading", name="Gast-Ticket")).to_be_visible()
    expect(side).to_contain_text("interessent@beispiel-shop.example")
    expect(side).to_contain_text("Jana Neumann")
    expect(side).to_contain_text("Angegebene Kundennummer")  # none typed into the form: "keine"


def test_reply_reaches_the_customer_and_an_internal_note_does_not(portal: Portal, customer: Any) -> None:
    ticket = new_ticket(
        portal, customer, "Statistik zeigt keine Zahlen", "Seit heute ist die Statistik leer."
    )
    page = open_ticket(portal, ticket)
    side = page.locator(".kc-team-thread__side")
    expect(side).to_contain_text("100001")
    expect(side).to_contain_text("Letzte Tickets")
    expect(page.locator(".kc-team-facts")).to_contain_text("noch keine")

    # An internal note: marked as such, no mail, the customer never sees it.
    reply = page.get_by_role("form", name="Antworten")
    expect(reply.get_by_label("Interne Notiz")).not_to_be_checked()
    reply.get_by_label("Interne Notiz").check()
    reply.get_by_role("textbox", name="Nachricht").fill("Kunde hat ein altes Plugin, erst Version prüfen.")
    reply.get_by_role("button", name="Interne Notiz speichern").click()
    expect(page.get_by_role("status").filter(has_text="Die interne Notiz ist gespeichert.")).to_be_visible()
    note = page.locator(".kc-team-message--internal")
    expect(note).to_contain_text(INTERNAL_MARK)
    expect(note).to_contain_text("erst Version prüfen")
    expect(reply.get_by_label("Interne Notiz")).not_to_be_checked()  # back to a reply for the next one

    # A reply: mailed to the customer with the ticket number, visible in the customer's ticket.
    reply.get_by_role("textbox", name="Nachricht").fill("Bitte aktualisieren Sie das Plugin auf Version 3.")
    reply.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("status").filter(has_text="Ihre Antwort ist gesendet.")).to_be_visible()
    expect(page.locator(".kc-team-message--team")).to_contain_text("Version 3")
    expect(page.locator(".kc-team-facts")).to_contain_text("Wartet auf Antwort des Kunden")
    expect(page.locator(".kc-team-facts")).to_contain_text(
        re.compile(r"Erste Antwort\s*nach \d+ Std\. \d\d Min\.")
    )
    portal.assert_accessible("Team: Ticket mit Antwort und Notiz")

    subject = f"Neue Antwort auf Ihr Ticket: Statistik zeigt keine Zahlen [Ticket #{ticket}]"
    # strip(): the raw MIME mail's folded Subject header shows up with a leading space in /_dev/mail.
    mails = [
        mail
        for mail in portal.stack.mails()
        if mail["to"] == DEMO_CUSTOMER["email"] and mail["subject"].strip() == subject
    ]
    assert len(mails) == 1, [mail["subject"] for mail in portal.stack.mails()]
    assert "Version 3" in mails[0]["text"]
    assert "Plugin, erst Version" not in mails[0]["text"]
    assert not [mail for mail in portal.stack.mails() if "erst Version prüfen" in mail["text"]]

    seen = customer.get(portal.url(f"/api/tickets/{ticket}"), timeout=10).json()
    texts = [message["text"] for message in seen["messages"]]
    assert "Bitte aktualisieren Sie das Plugin auf Version 3." in texts
    assert not [text for text in texts if "erst Version prüfen" in text]
    assert all("internal" not in message for message in seen["messages"])


def test_assign_to_self_change_status_and_a_stale_change_reloads(portal: Portal, customer: Any) -> None:
    ticket = new_ticket(
        portal, customer, "Vertrag kündigen", "Wie kündige ich zum Monatsende?", category="vertrag"
    )
    page = open_ticket(portal, ticket)
    edit = page.locator(".kc-team-thread__side")

    edit.get_by_role("button", name="Mir zuweisen").click()
    expect(
        page.get_by_role("status").filter(has_text="Das Ticket ist jetzt Ihnen zugewiesen.")
    ).to_be_focused()
    expect(edit).to_contain_text("Zugewiesen: Ihnen.")
    assert staff_detail(portal, ticket)["assignee"] == DEMO_STAFF["email"]

    edit.get_by_label("Status", exact=True).select_option("in_bearbeitung")
    edit.get_by_role("button", name="Status ändern").click()
    expect(
        page.get_by_role("status").filter(has_text="Der Status ist jetzt „In Bearbeitung“.")
    ).to_be_visible()
    assert staff_detail(portal, ticket)["status"] == "in_bearbeitung"

    # "Mir zugewiesen" in the list shows it with its new status.
    page.get_by_role("link", name="Zurück zur Ticket-Liste").click()
    page.get_by_label("Zuweisung").select_option("mine")
    expect(row(page, ticket)).to_contain_text("In Bearbeitung")
    expect(row(page, ticket)).to_contain_text("Sam Support")
    page.get_by_label("Zuweisung").select_option("none")
    expect(row(page, ticket)).to_have_count(0)

    # Someone else changes the ticket meanwhile: the page's change is refused, the page shows the new state.
    page.get_by_label("Zuweisung").select_option("")
    row(page, ticket).get_by_role("link").click()
    expect(edit.get_by_role("button", name="Zuweisung aufheben")).to_be_visible()
    current = staff_detail(portal, ticket)
    changed = portal.page.request.fetch(
        portal.url(f"/api/team/tickets/{ticket}"),
        method="PATCH",
        data={"version": current["version"], "status": "wartet_auf_sie"},
    )
    assert changed.status == 200, changed.text()
    edit.get_by_role("button", name="Zuweisung aufheben").click()
    alert = page.get_by_role("alert").filter(has_text=STALE_TEXT)
    expect(alert).to_be_visible()
    expect(page.locator(".kc-team-facts")).to_contain_text("Wartet auf Antwort des Kunden")
    assert staff_detail(portal, ticket)["assignee"] == DEMO_STAFF["email"]  # nothing overwritten

    # Again on the fresh state: done.
    edit.get_by_role("button", name="Zuweisung aufheben").click()
    expect(page.get_by_role("status").filter(has_text="jetzt niemandem zugewiesen")).to_be_visible()
    assert staff_detail(portal, ticket)["assignee"] is None


def test_merge_two_tickets_after_confirming(portal: Portal, customer: Any) -> None:
    first = new_ticket(portal, customer, "Login geht nicht", "Ich komme nicht mehr ins Kundencenter.")
    second = new_ticket(portal, customer, "Anmeldung klappt nicht", "Passwort wird nicht angenommen.")
    page = open_ticket(portal, first)

    merge = page.get_by_role("form", name="Mit Ticket zusammenführen")
    merge.get_by_label("Ticket-Nummer des Ziel-Tickets").fill(first.lower())
    merge.get_by_role("button", name="Zusammenführen").click()
    expect(merge.get_by_text("Bitte geben Sie ein anderes Ticket an als dieses.")).to_be_visible()

    merge.get_by_label("Ticket-Nummer des Ziel-Tickets").fill(f"#{second.lower()}")
    merge.get_by_role("button", name="Zusammenführen").click()
    dialog = page.get_by_role("dialog", name="Tickets zusammenführen?")
    expect(dialog).to_contain_text(f"Ticket #{first}")
    expect(dialog).to_contain_text(f"Ticket #{second}")
    dialog.get_by_role("button", name="Abbrechen").click()
    assert staff_detail(portal, first)["merged_into"] is None

    merge.get_by_role("button", name="Zusammenführen").click()
    page.get_by_role("dialog", name="Tickets zusammenführen?").get_by_role(
        "button", name="Zusammenführen"
    ).click()
    expect(page).to_have_url(re.compile(rf"\?ticket={second}$"))
    expect(
        page.get_by_role("status").filter(
            has_text=f"Ticket #{first} wurde mit diesem Ticket zusammengeführt."
        )
    ).to_be_visible()
    messages = page.locator(".kc-team-messages")
    expect(messages).to_contain_text("Ich komme nicht mehr ins Kundencenter.")
    expect(messages).to_contain_text("Passwort wird nicht angenommen.")
    expect(page.locator(".kc-team-facts")).to_contain_text(f"Ticket #{first}")

    merged = staff_detail(portal, first)
    assert merged["merged_into"] == second
    assert merged["status"] == "geschlossen"

    # Back: the first ticket says where its conversation went.
    page.go_back()
    expect(
        page.get_by_text(f"Dieses Ticket wurde mit Ticket #{second} zusammengeführt.").first
    ).to_be_visible()
    expect(page.get_by_role("form", name="Mit Ticket zusammenführen")).to_have_count(0)


def test_thread_by_keyboard_and_at_phone_width(portal: Portal, customer: Any) -> None:
    ticket = new_ticket(
        portal, customer, "Frage zur Rechnung vom November", "Was bedeutet die Position 3?", "rechnung"
    )
    page = open_ticket(portal, ticket)

    # Keyboard: the note toggle by Space, then the text, then Enter on the button.
    reply = page.get_by_role("form", name="Antworten")
    reply.get_by_label("Interne Notiz").focus()
    page.keyboard.press("Space")
    expect(reply.get_by_label("Interne Notiz")).to_be_checked()
    expect(reply.get_by_role("button", name="Interne Notiz speichern")).to_be_visible()
    page.keyboard.press("Space")
    expect(reply.get_by_role("button", name="Antwort senden")).to_be_visible()
    reply.get_by_role("button", name="Antwort senden").focus()
    page.keyboard.press("Enter")
    expect(reply.get_by_text("Bitte schreiben Sie Ihre Antwort.")).to_be_visible()
    expect(reply.get_by_role("textbox", name="Nachricht")).to_be_focused()

    def thread(portal: Portal) -> None:
        open_ticket(portal, ticket)

    portal.assert_fits_a_phone("Team: Ticket", thread)

    def queue(portal: Portal) -> None:
        portal.open(TEAM)
        expect(row(portal.page, ticket)).to_be_visible()

    portal.assert_fits_a_phone("Team: Ticket-Liste", queue)


def test_attachment_of_the_customer_downloads_for_the_team(portal: Portal, customer: Any) -> None:
    content = b"Bestellnummer;Betrag\n1001;49,90\n"
    created = customer.post(
        portal.url("/api/tickets/attachments"),
        json={"filename": "bestellungen.csv", "size": len(content)},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    upload = created.json()
    sent = requests.post(
        upload["upload"]["url"],
        data=upload["upload"]["fields"],
        files={"file": ("bestellungen.csv", content, "text/csv")},
        headers={"Origin": portal.base},
        timeout=10,
    )
    assert sent.status_code < 300, sent.text
    response = customer.post(
        portal.url("/api/tickets"),
        json={
            "subject": "Bestellungen fehlen im Export",
            "category": "statistik",
            "message": "Im Anhang die fehlenden Bestellungen.",
            "attachments": [upload["id"]],
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    page = open_ticket(portal, response.json()["id"])

    button = page.locator(".kc-team-message__files").get_by_role(
        "button", name=re.compile("bestellungen.csv")
    )
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "bestellungen.csv"
    assert Path(download.value.path()).read_bytes() == content
