"""Weitere Kontaktdaten in the browser: add an address and confirm it by the mailed link, resend the link,
change purposes, add and delete a phone number (a real dialog), the 11th address refused, one form and
the dialog by keyboard alone; axe-core at phone width (the desktop width runs in
test_portal_accessibility.py)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/weitere-kontaktdaten/"
CONFIRM_SUBJECT = "Bitte bestätigen Sie Ihre E-Mail-Adresse"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def contacts(portal: Portal) -> dict[str, Any]:
    response = portal.page.request.get(portal.url("/api/contacts"))
    assert response.status == 200, response.text()
    data: dict[str, Any] = response.json()
    return data


def add_through_api(portal: Portal, kind: str, value: str, purposes: list[str] | None = None) -> None:
    key = "address" if kind == "emails" else "number"
    response = portal.page.request.post(
        portal.url(f"/api/contacts/{kind}"), data={key: value, "purposes": purposes or []}
    )
    assert response.status == 201, response.text()


def confirm_link(text: str) -> str:
    match = re.search(r"https?://\S+/kundencenter/kontakt-bestaetigen/#token=[\w-]+", text)
    assert match, f"no confirmation link in:\n{text}"
    return match.group(0)


def item(page: Any, value: str) -> Any:
    return page.locator(".kc-contact").filter(has=page.locator(".kc-contact__value", has_text=value))


def test_add_confirm_edit_purposes_and_delete(portal: Portal) -> None:
    portal.sign_in()
    before = contacts(portal)
    emails_before, phones_before = len(before["emails"]), len(before["phones"])
    page = portal.open(PAGE)
    emails = page.locator("#kc-emails")
    expect(emails.locator(".kc-counter")).to_have_text(f"{emails_before} von 10")

    emails.get_by_label("E-Mail-Adresse", exact=True).fill("buchhaltung@muster-handel.example")
    emails.locator(".kc-contacts__add").get_by_text("Rechnungen", exact=True).click()
    emails.get_by_role("button", name="Hinzufügen").click()
    done = emails.get_by_role("status").filter(has_text="Wir haben einen Bestätigungslink an")
    expect(done).to_be_focused()
    expect(done).to_contain_text("7 Tagen")
    expect(emails.locator(".kc-counter")).to_have_text(f"{emails_before + 1} von 10")
    entry = item(page, "buchhaltung@muster-handel.example")
    expect(entry.locator(".kc-badge")).to_have_text("nicht bestätigt")
    expect(entry.get_by_role("checkbox", name="Rechnungen")).to_be_checked()
    expect(entry.get_by_role("checkbox", name="Support")).not_to_be_checked()

    # The same address again: the API's German message under the field.
    emails.get_by_label("E-Mail-Adresse", exact=True).fill("buchhaltung@muster-handel.example")
    emails.get_by_role("button", name="Hinzufügen").click()
    expect(emails.locator(".kc-contacts__add").get_by_role("alert")).to_contain_text("bereits hinterlegt")
    emails.get_by_label("E-Mail-Adresse", exact=True).fill("")

    entry.get_by_role("button", name=re.compile("Link erneut senden")).click()
    expect(entry.get_by_role("status")).to_contain_text("erneut an buchhaltung@muster-handel.example")
    mails = portal.mails_to("buchhaltung@muster-handel.example", CONFIRM_SUBJECT)
    assert len(mails) == 2

    page.goto(confirm_link(mails[0]["text"]))  # the newest link
    portal.wait_until_mounted()
    expect(page.get_by_role("status")).to_contain_text("buchhaltung@muster-handel.example ist bestätigt")
    assert "#token" not in page.url
    page.goto(confirm_link(mails[0]["text"]))
    portal.wait_until_mounted()
    expect(page.get_by_role("alert")).to_contain_text("ungültig, abgelaufen oder wurde bereits verwendet")
    expect(page.get_by_role("link", name=re.compile("neuen Link anfordern"))).to_be_visible()

    page = portal.open(PAGE)
    entry = item(page, "buchhaltung@muster-handel.example")
    expect(entry.locator(".kc-badge")).to_have_count(0)
    expect(entry.get_by_role("button", name=re.compile("Link erneut senden"))).to_have_count(0)

    # Purposes: each chip saves at once.
    entry.get_by_text("Support", exact=True).click()
    expect(entry.get_by_role("status")).to_contain_text("Gespeichert: verwendet für Rechnungen, Support.")
    entry.get_by_text("Rechnungen", exact=True).click()
    expect(entry.get_by_role("status")).to_contain_text("Gespeichert: verwendet für Support.")
    (saved,) = [e for e in contacts(portal)["emails"] if e["value"] == "buchhaltung@muster-handel.example"]
    assert saved["purposes"] == ["support"]
    assert saved["verified"] is True

    # A phone number, stored in international format, then deleted through the dialog.
    phones = page.locator("#kc-phones")
    phones.get_by_role("textbox", name="Telefonnummer").fill("0151 23456789")
    phones.locator(".kc-contacts__add").get_by_text("Technik", exact=True).click()
    phones.get_by_role("button", name="Hinzufügen").click()
    expect(phones.get_by_role("status").filter(has_text="wurde hinzugefügt")).to_be_focused()
    expect(phones.locator(".kc-counter")).to_have_text(f"{phones_before + 1} von 10")
    phone = item(page, "+4915123456789")
    expect(phone.get_by_role("checkbox", name="Technik")).to_be_checked()

    phone.get_by_role("button", name=re.compile("^Löschen")).click()
    dialog = page.get_by_role("dialog", name="Telefonnummer löschen?")
    expect(dialog).to_contain_text("+4915123456789")
    dialog.get_by_role("button", name="Abbrechen").click()
    expect(dialog).to_have_count(0)
    expect(phone).to_have_count(1)
    phone.get_by_role("button", name=re.compile("^Löschen")).click()
    page.locator("dialog.kc-dialog").get_by_role("button", name="Löschen", exact=True).click()
    expect(phones.get_by_role("status").filter(has_text="wurde gelöscht")).to_be_focused()
    expect(item(page, "+4915123456789")).to_have_count(0)
    expect(phones.locator(".kc-counter")).to_have_text(f"{phones_before} von 10")
    assert len(contacts(portal)["phones"]) == phones_before


def test_the_eleventh_address_is_refused_in_german(portal: Portal) -> None:
    portal.sign_in()
    existing = len(contacts(portal)["emails"])
    for number in range(existing, 10):
        add_through_api(portal, "emails", f"team{number}@muster-handel.example")
    page = portal.open(PAGE)
    emails = page.locator("#kc-emails")
    expect(emails.locator(".kc-counter")).to_have_text("10 von 10")
    expect(emails.locator(".kc-contacts__add")).to_contain_text(
        "Sie haben 10 von 10 weiteren E-Mail-Adressen hinterlegt."
    )
    emails.get_by_label("E-Mail-Adresse", exact=True).fill("elf@muster-handel.example")
    emails.get_by_role("button", name="Hinzufügen").click()
    alert = emails.locator(".kc-contacts__add").get_by_role("alert")
    expect(alert).to_have_text(
        "Sie haben bereits 10 weitere E-Mail-Adressen hinterlegt. "
        "Bitte löschen Sie zuerst eine Adresse, bevor Sie eine neue hinzufügen."
    )
    expect(alert).to_be_focused()
    assert len(contacts(portal)["emails"]) == 10


def test_add_and_delete_by_keyboard_alone(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    phones = page.locator("#kc-phones")
    field = phones.get_by_role("textbox", name="Telefonnummer")
    field.focus()
    page.keyboard.type("+43 664 1234567")
    page.keyboard.press("Tab")
    expect(phones.locator(".kc-contacts__add").get_by_role("checkbox", name="Rechnungen")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Support
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(phones.get_by_role("button", name="Hinzufügen")).to_be_focused()
    page.keyboard.press("Enter")
    done = phones.get_by_role("status").filter(has_text="+436641234567 wurde hinzugefügt")
    expect(done).to_be_focused()
    entry = item(page, "+436641234567")
    expect(entry.get_by_role("checkbox", name="Support")).to_be_checked()

    # Into the new entry by Tab: the chips toggle with Space, Löschen opens the dialog with Enter.
    entry.get_by_role("checkbox", name="Technik").focus()
    page.keyboard.press("Space")
    expect(entry.get_by_role("status")).to_contain_text("Support, Technik")
    page.keyboard.press("Tab")
    delete = entry.get_by_role("button", name=re.compile("^Löschen"))
    expect(delete).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Telefonnummer löschen?")
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(delete).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    expect(page.locator("dialog.kc-dialog").get_by_role("button", name="Löschen", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(phones.get_by_role("status").filter(has_text="wurde gelöscht")).to_be_focused()
    expect(item(page, "+436641234567")).to_have_count(0)


# axe-core states of this page (also run at 1280 px by test_portal_accessibility.py)


def weitere_kontaktdaten(portal: Portal) -> None:
    portal.sign_in()
    add_through_api(portal, "emails", "buchhaltung@muster-handel.example", ["rechnungen"])
    add_through_api(portal, "phones", "0151 23456789", ["support", "technik"])
    portal.open(PAGE)


def weitere_kontaktdaten_with_errors(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    emails = page.locator("#kc-emails")
    emails.get_by_label("E-Mail-Adresse", exact=True).fill("kein-at-zeichen")
    emails.get_by_role("button", name="Hinzufügen").click()
    expect(emails.get_by_label("E-Mail-Adresse", exact=True)).to_have_attribute("aria-invalid", "true")
    phones = page.locator("#kc-phones")
    phones.get_by_role("textbox", name="Telefonnummer").fill("12")
    phones.get_by_role("button", name="Hinzufügen").click()
    expect(phones.get_by_role("textbox", name="Telefonnummer")).to_have_attribute("aria-invalid", "true")


def weitere_kontaktdaten_delete_dialog(portal: Portal) -> None:
    weitere_kontaktdaten(portal)
    page = portal.page
    item(page, "buchhaltung@muster-handel.example").get_by_role("button", name=re.compile("^Löschen")).click()
    expect(page.locator("dialog.kc-dialog")).to_be_visible()


def kontakt_bestaetigen(portal: Portal) -> None:
    weitere_kontaktdaten(portal)
    (mail,) = portal.mails_to("buchhaltung@muster-handel.example", CONFIRM_SUBJECT)
    portal.page.goto(confirm_link(mail["text"]))
    portal.wait_until_mounted()
    expect(portal.page.get_by_role("status")).to_contain_text("ist bestätigt")


AXE_STATES: dict[str, Callable[[Portal], None]] = {
    "weitere-kontaktdaten": weitere_kontaktdaten,
    "weitere-kontaktdaten-with-errors": weitere_kontaktdaten_with_errors,
    "weitere-kontaktdaten-delete-dialog": weitere_kontaktdaten_delete_dialog,
    "kontakt-bestaetigen": kontakt_bestaetigen,
}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, AXE_STATES[state])
