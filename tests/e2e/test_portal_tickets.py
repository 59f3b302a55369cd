"""Tickets in the browser against the tickets API of the local stack: customer 100001 writes a ticket with a
PDF attachment, finds it by an umlaut-folded search and the status filter, replies, closes, rates; back and
forward between the views keep a started ticket; a ticket without an account from the public form through
the mailed confirmation and view links; the first field has focus on load; axe-core at phone width (the
desktop width runs in test_portal_accessibility.py)."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/tickets/"
PUBLIC_PAGE = "/support/ticket/"
CONFIRM_SUBJECT = "Bitte bestätigen Sie Ihre Support-Anfrage"
# A minimal PDF: the API checks the type from the first bytes.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Iterator[Portal]:
    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    yield Portal(page, fresh_stack)
    expect.set_options(timeout=5_000)


def create_through_api(
    portal: Portal, subject: str, message: str = "Bitte um Hilfe.", category: str = "rechnung"
) -> str:
    response = portal.page.request.post(
        portal.url("/api/tickets"), data={"subject": subject, "category": category, "message": message}
    )
    assert response.status == 201, response.text()
    ticket_id: str = response.json()["id"]
    return ticket_id


def cards(page: Any) -> Any:
    return page.locator(".kc-ticket-card")


def card(page: Any, subject: str) -> Any:
    return cards(page).filter(has=page.get_by_role("link", name=subject, exact=True))


def mail_link(text: str, path: str) -> str:
    match = re.search(rf"https?://\S+{re.escape(path)}#token=[\w-]+", text)
    assert match, f"no {path} link in:\n{text}"
    return match.group(0)


def test_new_ticket_with_an_attachment_appears_in_list_and_thread(portal: Portal, tmp_path: Path) -> None:
    pdf = tmp_path / "Rechnung-Mai.pdf"
    pdf.write_bytes(PDF)
    portal.sign_in()
    page = portal.open(PAGE)
    page.get_by_role("link", name="Neues Ticket", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kundencenter/tickets/\?neu$"))
    expect(page.get_by_role("heading", name="Neues Ticket")).to_be_focused()

    # Sending empty: German messages at the fields, nothing sent.
    page.get_by_role("button", name="Ticket senden").click()
    expect(page.get_by_label("Betreff", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Betreff", exact=True)).to_be_focused()
    expect(page.get_by_label("Kategorie")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Betreff", exact=True).fill("Zahlungsänderung wird nicht übernommen")
    page.get_by_label("Kategorie").select_option(label="Rechnung")
    page.get_by_label("Nachricht", exact=True).fill(
        "Ich habe die Zahlungsart geändert, die Rechnung zeigt die alte."
    )
    page.get_by_label("Anhänge (freiwillig)").set_input_files(str(pdf))
    upload = page.locator(".kc-attachment").filter(has_text="Rechnung-Mai.pdf")
    expect(upload).to_have_attribute("data-state", "done")
    expect(upload).to_contain_text("Hochgeladen")
    # A file of a type the API does not take never starts uploading.
    page.get_by_label("Anhänge (freiwillig)").set_input_files(
        files=[{"name": "setup.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}]
    )
    expect(page.locator(".kc-attachments").get_by_role("alert")).to_contain_text(
        "Dieser Dateityp ist nicht erlaubt"
    )
    expect(page.locator(".kc-attachment")).to_have_count(1)

    page.get_by_role("button", name="Ticket senden").click()
    done = page.get_by_role("status").filter(has_text="ist eingegangen")
    expect(done).to_be_focused()
    ticket_id = re.search(r"#([0-9A-Z]{8})", done.inner_text()).group(1)  # type: ignore[union-attr]
    expect(page).to_have_url(portal.url(f"{PAGE}?ticket={ticket_id}"))
    thread = page.locator(".kc-thread")
    expect(thread.locator(".kc-message")).to_have_count(1)
    expect(thread.locator(".kc-message__author").first).to_have_text("Sie")
    expect(page.locator(".kc-ticket-status")).to_have_text("Offen")
    # The button asks the API for a short-lived link and opens it in a new tab: the file as uploaded.
    with (
        page.expect_response(re.compile(r"/api/tickets/\w+/attachments/[\w-]+$")) as answer,
        page.expect_popup(),
    ):
        thread.get_by_role("button", name=re.compile("Rechnung-Mai.pdf")).click()
    link = answer.value.json()
    assert link["filename"] == "Rechnung-Mai.pdf"
    download = portal.page.request.get(link["url"])
    assert download.status == 200
    assert download.body() == PDF

    # Back to the list: the new ticket is on top.
    page.get_by_role("link", name="Zurück zu Ihren Tickets").click()
    expect(page.get_by_role("heading", name="Ihre Tickets")).to_be_focused()
    first = cards(page).first
    expect(first.get_by_role("link")).to_have_text("Zahlungsänderung wird nicht übernommen")
    expect(first).to_contain_text(f"Ticket #{ticket_id}")
    expect(first.locator(".kc-ticket-status")).to_have_text("Offen")


def test_search_folds_umlauts_and_the_status_filter(portal: Portal) -> None:
    portal.sign_in()
    create_through_api(portal, "Zahlungsänderung im Quittungsdruck", "Die Lastschrift kam doppelt.")
    closed = create_through_api(portal, "Lizenzschlüssel fehlt", category="vertrag")
    assert portal.api_status("POST", f"/api/tickets/{closed}/close") == 200
    page = portal.open(PAGE)

    search = page.get_by_label("Tickets durchsuchen")
    search.fill("Zahlungsaenderung Quittungsdruck")
    search.press("Enter")
    expect(cards(page)).to_have_count(1)
    expect(card(page, "Zahlungsänderung im Quittungsdruck")).to_be_visible()
    expect(page.locator(".kc-tickets__count")).to_have_text("1 Ticket gefunden.")
    expect(page).to_have_url(re.compile(r"\?q=Zahlungsaenderung\+Quittungsdruck$"))

    # Words from the message and the subject, in lower case, the second one cut short.
    search.fill("lastschrift quittungs")
    search.press("Enter")
    expect(cards(page)).to_have_count(1)
    expect(card(page, "Zahlungsänderung im Quittungsdruck")).to_be_visible()

    search.fill("Gibtesnicht")
    search.press("Enter")
    expect(page.locator(".kc-tickets__empty")).to_contain_text("Keine Tickets passen zu Ihrer Suche")
    page.get_by_role("button", name="Suche und Filter zurücksetzen").click()
    expect(search).to_have_value("")
    expect(card(page, "Lizenzschlüssel fehlt")).to_be_visible()

    page.get_by_label("Status").select_option(label="Geschlossen")
    expect(card(page, "Lizenzschlüssel fehlt")).to_be_visible()
    expect(card(page, "Zahlungsänderung im Quittungsdruck")).to_have_count(0)
    for item in cards(page).all():
        expect(item.locator(".kc-ticket-status")).to_have_text("Geschlossen")
    page.get_by_label("Status").select_option(label="Offen")
    expect(card(page, "Zahlungsänderung im Quittungsdruck")).to_be_visible()
    expect(card(page, "Lizenzschlüssel fehlt")).to_have_count(0)
    assert [option.strip() for option in page.get_by_label("Status").locator("option").all_inner_texts()] == [
        "Alle Status",
        "Offen",
        "In Bearbeitung",
        "Wartet auf Ihre Antwort",
        "Geschlossen",
    ]

    # The filter is in the address: a reload shows the same list.
    page.reload()
    portal.wait_until_mounted()
    expect(page.get_by_label("Status")).to_have_value("offen")
    expect(card(page, "Lizenzschlüssel fehlt")).to_have_count(0)


def test_reply_close_rate_and_reopen(portal: Portal) -> None:
    portal.sign_in()
    ticket_id = create_through_api(portal, "Statistik zeigt keine Bestellungen", category="statistik")
    page = portal.open(f"{PAGE}?ticket={ticket_id}")
    expect(page.get_by_role("heading", name="Statistik zeigt keine Bestellungen")).to_be_visible()

    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_label("Ihre Antwort")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Ihre Antwort").fill("Seit gestern fehlen auch die Umsätze.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("status").filter(has_text="Ihre Antwort ist gesendet")).to_be_visible()
    messages = page.locator(".kc-thread .kc-message")
    expect(messages).to_have_count(2)
    expect(messages.last).to_contain_text("Seit gestern fehlen auch die Umsätze.")
    expect(messages.last.locator(".kc-message__author")).to_have_text("Sie")

    page.get_by_role("button", name="Ticket schließen").click()
    dialog = page.get_by_role("dialog", name="Ticket schließen?")
    expect(dialog).to_contain_text("14 Tage")
    dialog.get_by_role("button", name="Ticket schließen").click()
    expect(page.locator(".kc-ticket-status")).to_have_text("Geschlossen")
    expect(page.get_by_role("button", name="Ticket schließen")).to_have_count(0)
    expect(page.get_by_label("Ihre Antwort")).to_have_count(0)
    expect(page.locator(".kc-ticket__actions")).to_contain_text("wieder öffnen")
    expect(page.get_by_role("button", name="Wieder öffnen")).to_be_visible()

    # Rating: a radio group of 1 to 5 stars, by keyboard.
    group = page.get_by_role("group", name="Wie zufrieden sind Sie mit unserer Hilfe?")
    expect(group.get_by_role("radio")).to_have_count(5)
    page.get_by_role("button", name="Bewertung senden").click()
    expect(group).to_contain_text("Bitte wählen Sie 1 bis 5 Sterne.")
    group.get_by_role("radio", name="1 Stern", exact=True).focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio", name="4 Sterne")).to_be_checked()
    page.get_by_label("Kommentar (freiwillig)").fill("Schnelle Hilfe, danke!")
    page.get_by_role("button", name="Bewertung senden").click()
    result = page.locator(".kc-rating-result")
    expect(result).to_be_focused()
    expect(result).to_contain_text("4 von 5 Sternen")
    expect(result).to_contain_text("Schnelle Hilfe, danke!")
    expect(page.get_by_role("button", name="Bewertung senden")).to_have_count(0)

    page.get_by_role("button", name="Wieder öffnen").click()
    expect(page.locator(".kc-ticket-status")).to_have_text("Offen")
    expect(page.get_by_label("Ihre Antwort")).to_be_visible()


def test_back_and_forward_switch_views_and_keep_a_started_ticket(portal: Portal) -> None:
    portal.sign_in()
    ticket_id = create_through_api(portal, "Vertrag verlängern")
    page = portal.open(PAGE)
    same_document = portal.marker()
    expect(page.get_by_label("Tickets durchsuchen")).to_be_focused()
    page.get_by_role("link", name="Neues Ticket", exact=True).click()
    page.get_by_label("Betreff", exact=True).fill("Angefangen")
    page.go_back()
    expect(page.get_by_role("heading", name="Ihre Tickets")).to_be_focused()
    page.go_forward()
    expect(page.get_by_role("heading", name="Neues Ticket")).to_be_focused()
    expect(page.get_by_label("Betreff", exact=True)).to_have_value("Angefangen")
    page.get_by_role("link", name="Abbrechen").click()
    card(page, "Vertrag verlängern").get_by_role("link").click()
    expect(page).to_have_url(portal.url(f"{PAGE}?ticket={ticket_id}"))
    expect(page.get_by_role("heading", name="Vertrag verlängern")).to_be_focused()
    page.go_back()
    expect(card(page, "Vertrag verlängern")).to_be_visible()
    assert same_document() == "same document"

    # Another customer's ticket (or a wrong number) is not found, with the way back.
    page.goto(portal.url(f"{PAGE}?ticket=ZZZZZZZZ"))
    portal.wait_until_mounted()
    expect(page.get_by_role("heading", name="Ticket nicht gefunden")).to_be_visible()
    expect(page.get_by_role("link", name="Zurück zu Ihren Tickets")).to_be_visible()


def test_help_suggestions_under_the_subject(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(f"{PAGE}?neu")
    page.get_by_label("Betreff", exact=True).fill("Kontoverbindung aktualisieren")
    suggestions = page.locator(".kc-ticket-suggestions")
    expect(suggestions).to_contain_text("Vielleicht hilft Ihnen das:")
    expect(suggestions.locator('a[href$="/persoenliche-daten/bankverbindung/"]')).to_have_attribute(
        "target", "_blank"
    )


def test_first_field_has_focus_on_load(portal: Portal) -> None:
    page = portal.open(PUBLIC_PAGE)
    expect(page.get_by_label("E-Mail-Adresse", exact=True)).to_be_focused()
    portal.sign_in()
    page = portal.open(f"{PAGE}?neu")
    expect(page.get_by_label("Betreff", exact=True)).to_be_focused()
    page = portal.open(PAGE)
    expect(page.get_by_label("Tickets durchsuchen")).to_be_focused()


def test_public_ticket_from_the_form_to_a_reply(portal: Portal) -> None:
    address = "gast@beispiel-shop.example"
    page = portal.open(PUBLIC_PAGE)
    page.get_by_role("button", name="Ticket senden").click()
    expect(page.get_by_label("E-Mail-Adresse", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(address)
    page.get_by_label("Name", exact=True).fill("Gerda Gast")
    page.get_by_label("Kategorie (freiwillig)").select_option(label="Vertrag")
    page.get_by_label("Betreff", exact=True).fill("Frage zur Multi-Lizenz")
    page.get_by_label("Nachricht", exact=True).fill("Wie viele Shops darf ich betreiben?")
    page.get_by_role("button", name="Ticket senden").click()
    done = page.get_by_role("status").filter(has_text=address)
    expect(done).to_be_focused()
    expect(done).to_contain_text("Klicken Sie auf den Link in dieser E-Mail")

    (mail,) = portal.mails_to(address, CONFIRM_SUBJECT)
    page.goto(mail_link(mail["text"], "/support/ticket/bestaetigen/"))
    portal.wait_until_mounted()
    confirmed = page.get_by_role("status").filter(has_text="ist bei unserem Support-Team eingegangen")
    expect(confirmed).to_be_focused()
    ticket_id = re.search(r"#([0-9A-Z]{8})", confirmed.inner_text()).group(1)  # type: ignore[union-attr]
    expect(page).to_have_url(portal.url("/support/ticket/bestaetigen/"))  # the token left the address

    # The same link again: a German error and the way to a new form.
    page.goto(mail_link(mail["text"], "/support/ticket/bestaetigen/"))
    portal.wait_until_mounted()
    expect(page.get_by_role("alert")).not_to_be_empty()
    expect(page.get_by_role("link", name="Ein neues Ticket schreiben")).to_be_visible()

    (view_mail,) = [
        item for item in portal.stack.mails() if item["to"] == address and ticket_id in item["subject"]
    ]
    page.goto(mail_link(view_mail["text"], "/support/ticket/ansehen/"))
    portal.wait_until_mounted()
    expect(page.get_by_role("heading", name="Frage zur Multi-Lizenz")).to_be_visible()
    expect(page.locator(".kc-ticket__meta")).to_contain_text(f"#{ticket_id}")
    expect(page.locator(".kc-thread .kc-message")).to_have_count(1)
    page.get_by_label("Ihre Antwort").fill("Nachtrag: Es geht um drei Shops.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("status").filter(has_text="Ihre Antwort ist gesendet")).to_be_focused()
    expect(page.locator(".kc-thread .kc-message")).to_have_count(2)
    expect(page.locator(".kc-thread .kc-message").last).to_contain_text("Es geht um drei Shops.")

    # A reload keeps the ticket (the token stays in this tab, not in the address).
    page.reload()
    portal.wait_until_mounted()
    expect(page.locator(".kc-thread .kc-message")).to_have_count(2)


def tickets_list(portal: Portal) -> None:
    portal.sign_in()
    create_through_api(portal, "Zahlungsänderung im Mai")
    page = portal.open(PAGE)
    expect(cards(page).first).to_be_visible()


def tickets_new_with_errors(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(f"{PAGE}?neu")
    page.get_by_role("button", name="Ticket senden").click()
    expect(page.get_by_label("Betreff", exact=True)).to_have_attribute("aria-invalid", "true")


def tickets_thread_closed(portal: Portal) -> None:
    portal.sign_in()
    ticket_id = create_through_api(portal, "Statistik zeigt keine Bestellungen")
    assert portal.api_status("POST", f"/api/tickets/{ticket_id}/close") == 200
    page = portal.open(f"{PAGE}?ticket={ticket_id}")
    expect(page.get_by_role("button", name="Bewertung senden")).to_be_visible()


def public_ticket_form(portal: Portal) -> None:
    page = portal.open(PUBLIC_PAGE)
    page.get_by_role("button", name="Ticket senden").click()
    expect(page.get_by_label("E-Mail-Adresse", exact=True)).to_have_attribute("aria-invalid", "true")


AXE_STATES: dict[str, Callable[[Portal], None]] = {
    "tickets-list": tickets_list,
    "tickets-new-with-errors": tickets_new_with_errors,
    "tickets-thread-closed": tickets_thread_closed,
    "public-ticket-form-with-errors": public_ticket_form,
}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, AXE_STATES[state])
