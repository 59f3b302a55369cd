"""Persönliche Daten in the browser: address (and a stale version), bank data through the confirmation
step, Umfirmierung and its withdrawal, the login address confirmed by the mailed link, the export;
axe-core at phone width (the desktop width runs in test_portal_accessibility.py)."""

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_PASSWORD, Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/persoenliche-daten/"
NEW_IBAN = "DE02120300000000202051"
NEW_IBAN_GROUPED = "DE02 1203 0000 0000 2020 51"
NEW_IBAN_MASKED = "DE02 **** **** **** **20 51"
OLD_IBAN_MASKED = "DE89 **** **** **** **30 00"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def profile(portal: Portal) -> dict[str, Any]:
    response = portal.page.request.get(portal.url("/api/customer"))
    assert response.status == 200, response.text()
    data: dict[str, Any] = response.json()
    return data


def link_in(text: str, path: str) -> str:
    match = re.search(rf"https?://\S+{re.escape(path)}#token=[\w-]+", text)
    assert match, f"no {path} link in:\n{text}"
    return match.group(0)


def test_address_change_with_field_messages_and_a_stale_version(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    section = page.locator("#kc-address")
    street = section.get_by_label("Straße und Hausnummer")
    postal_code = section.get_by_label("PLZ")
    expect(street).to_have_value("Musterstraße 12")
    expect(section.get_by_label("Land")).to_have_value("DE")

    street.fill("Hafenstraße 7")
    postal_code.fill("2045")  # four digits: not a German postal code
    section.get_by_label("Ort").fill("Hamburg")
    section.get_by_role("button", name="Anschrift speichern").click()
    expect(postal_code).to_be_focused()
    expect(postal_code).to_have_attribute("aria-invalid", "true")
    expect(postal_code).to_have_accessible_description(re.compile(r"\S"))

    postal_code.fill("20457")
    section.get_by_label("Telefon").fill("040 30398300")
    section.get_by_role("button", name="Anschrift speichern").click()
    done = page.get_by_role("status").filter(has_text="Ihre Anschrift wurde gespeichert.")
    expect(done).to_be_focused()
    expect(postal_code).not_to_have_attribute("aria-invalid", "true")
    expect(section.get_by_label("Telefon")).to_have_value("+494030398300")
    saved = profile(portal)
    assert (saved["street"], saved["postal_code"], saved["city"]) == ("Hafenstraße 7", "20457", "Hamburg")

    # Someone else saves in between (another window): this page's version is stale now.
    body = {
        key: saved[key]
        for key in ("salutation", "first_name", "last_name", "street", "postal_code", "country", "phone")
    }
    body |= {"version": saved["version"], "city": "Hamburg-Altona"}
    response = portal.page.request.put(portal.url("/api/customer/address"), data=body)
    assert response.status == 200, response.text()

    section.get_by_label("Vorname").fill("Erika Maria")
    section.get_by_role("button", name="Anschrift speichern").click()
    alert = section.get_by_role("alert")
    expect(alert).to_contain_text("an anderer Stelle geändert")
    expect(alert).to_be_focused()
    alert.get_by_role("button", name="Aktuelle Daten laden").click()
    section = page.locator("#kc-address")
    expect(section.get_by_label("Ort")).to_have_value("Hamburg-Altona")
    expect(section.get_by_label("Vorname")).to_have_value("Erika")
    expect(page.locator("#kc-address-heading")).to_be_focused()
    section.get_by_label("Vorname").fill("Erika Maria")
    section.get_by_role("button", name="Anschrift speichern").click()
    expect(page.get_by_role("status").filter(has_text="Ihre Anschrift wurde gespeichert.")).to_be_focused()
    assert profile(portal)["first_name"] == "Erika Maria"
    assert profile(portal)["city"] == "Hamburg-Altona"


def test_the_kundennummer_is_read_only(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    number = page.locator("#kc-number")
    expect(number).to_contain_text("100001")
    expect(number).to_contain_text("Ihre Kundennummer ändert sich nie")
    expect(number.locator("input")).to_have_count(0)


def test_bank_change_through_the_confirmation_step(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    section = page.locator("#kc-bank")
    expect(section).to_contain_text(OLD_IBAN_MASKED)
    expect(section).to_contain_text("KC-100001-0001")
    expect(section.locator(".kc-deadline")).to_contain_text(
        re.compile(r"Für die Lastschrift am \w+, \d+\. \w+ \d{4}")
    )

    section.get_by_role("button", name="Bankverbindung ändern").click()
    holder = section.get_by_label("Kontoinhaber")
    expect(holder).to_be_focused()
    expect(holder).to_have_value("Muster Handels GmbH")
    iban = section.get_by_label("IBAN", exact=True)

    # Grouped into blocks of four as it is typed; the caret stays where the customer types.
    iban.press_sequentially(NEW_IBAN.lower())
    expect(iban).to_have_value(NEW_IBAN_GROUPED)
    assert iban.evaluate("input => input.selectionStart") == len(NEW_IBAN_GROUPED)
    iban.evaluate("input => input.setSelectionRange(4, 4)")
    iban.press("9")
    expect(iban).to_have_value("DE02 9120 3000 0000 0202 051")
    assert iban.evaluate("input => input.selectionStart") == 6
    iban.press("Backspace")
    expect(iban).to_have_value(NEW_IBAN_GROUPED)
    assert iban.evaluate("input => input.selectionStart") == 4
    iban.evaluate("input => input.setSelectionRange(5, 5)")  # after the space
    iban.press("Backspace")  # deletes the digit before the space, not just the space
    expect(iban).to_have_value("DE01 2030 0000 0002 0205 1")
    assert iban.evaluate("input => input.selectionStart") == 3

    section.get_by_role("button", name="Weiter").click()  # a checksum error, caught before the next step
    expect(iban).to_be_focused()
    expect(iban).to_have_attribute("aria-invalid", "true")
    expect(iban).to_have_accessible_description(re.compile("Diese IBAN ist nicht gültig"))

    iban.fill(NEW_IBAN)
    holder.fill("Muster Handels GmbH")
    section.get_by_role("button", name="Weiter").click()
    confirm = section.locator(".kc-confirm")
    expect(confirm.get_by_role("heading", name="Bitte prüfen und bestätigen")).to_be_focused()
    expect(confirm).to_contain_text(OLD_IBAN_MASKED)
    expect(confirm).to_contain_text(NEW_IBAN_MASKED)
    expect(confirm).to_contain_text("Ich ermächtige die unicorn 2 Software GmbH")
    expect(confirm).to_contain_text("KC-100001-0001")
    expect(confirm.locator(".kc-deadline")).to_contain_text("zählt eine Änderung bis")

    # Back to the form keeps the entry; forward again.
    confirm.get_by_role("button", name="Zurück").click()
    expect(iban).to_be_focused()
    expect(iban).to_have_value(NEW_IBAN_GROUPED)
    section.get_by_role("button", name="Weiter").click()

    password = confirm.get_by_label("Aktuelles Passwort", exact=True)
    password.fill("Nicht mein Passwort 1")
    confirm.get_by_role("button", name="Bankverbindung speichern").click()
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_be_focused()
    password.fill(DEMO_PASSWORD)
    confirm.get_by_role("button", name="Bankverbindung speichern").click()
    done = section.get_by_role("status").filter(has_text="Ihre Bankverbindung wurde gespeichert.")
    expect(done).to_be_focused()
    expect(done).to_contain_text(NEW_IBAN_MASKED)
    expect(section.locator(".kc-facts")).to_contain_text(NEW_IBAN_MASKED)

    # The full IBAN is nowhere in the page after saving: not in the markup, not in an input.
    html = page.content()
    values = page.evaluate(
        "() => [...document.querySelectorAll('input')].map(input => input.value).join(' ')"
    )
    for text in (html, values):
        assert NEW_IBAN not in text.replace(" ", "")
        assert NEW_IBAN_GROUPED not in text
    assert profile(portal)["bank"]["iban_masked"] == NEW_IBAN_MASKED
    assert portal.mails_to(DEMO_EMAIL, "Ihre Bankverbindung wurde geändert")


def test_rename_and_withdraw_it(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    section = page.locator("#kc-company")
    expect(section).to_contain_text("Muster Handels GmbH")
    expect(section).to_contain_text("DE136695976")
    opener = section.get_by_role("button", name="Umfirmierung melden")
    opener.click()
    company = section.get_by_label("Neuer Firmenname")
    expect(company).to_be_focused()
    section.get_by_role("button", name="Abbrechen").click()
    expect(section.get_by_role("button", name="Umfirmierung melden")).to_be_focused()

    section.get_by_role("button", name="Umfirmierung melden").click()
    section.get_by_role("button", name="Umfirmierung melden").click()  # the form's submit: nothing filled
    expect(company).to_be_focused()
    expect(company).to_have_attribute("aria-invalid", "true")
    effective = (date.today() + timedelta(days=40)).isoformat()
    company.fill("Muster Handel & Service GmbH")
    section.get_by_label("Rechtsform").fill("GmbH")
    section.get_by_label("Gültig ab").fill(effective)
    section.get_by_label("Neue USt-IdNr. (optional)").fill("DE12345")
    section.get_by_role("button", name="Umfirmierung melden").click()
    vat = section.get_by_label("Neue USt-IdNr. (optional)")
    expect(vat).to_have_attribute("aria-invalid", "true")
    expect(vat).to_be_focused()
    vat.fill("")
    section.get_by_role("button", name="Umfirmierung melden").click()
    done = section.get_by_role("status").filter(has_text="Ihre Umfirmierung ist eingetragen.")
    expect(done).to_be_focused()
    expect(section.locator(".kc-pending")).to_contain_text("Muster Handel & Service GmbH")
    assert profile(portal)["pending_rename"]["effective_date"] == effective

    page = portal.open(PAGE)  # still there after a reload
    section = page.locator("#kc-company")
    withdraw = section.get_by_role("button", name="Umfirmierung zurückziehen")
    withdraw.click()
    dialog = page.get_by_role("dialog", name="Umfirmierung zurückziehen?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(withdraw).to_be_focused()
    assert profile(portal)["pending_rename"] is not None
    withdraw.click()
    page.locator("dialog.kc-dialog").get_by_role("button", name="Umfirmierung zurückziehen").click()
    expect(section.get_by_role("status").filter(has_text="zurückgezogen")).to_be_focused()
    expect(section.get_by_role("button", name="Umfirmierung melden")).to_be_visible()
    assert profile(portal)["pending_rename"] is None


def test_login_address_changed_and_confirmed_by_the_mailed_link(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    section = page.locator("#kc-email")
    expect(section).to_contain_text(DEMO_EMAIL)
    email = section.get_by_label("Neue E-Mail-Adresse")
    password = section.get_by_label("Aktuelles Passwort", exact=True)
    email.fill("erika.neu@example.com")
    password.fill("falsch-falsch")
    section.get_by_role("button", name="E-Mail-Adresse ändern").click()
    expect(password).to_have_attribute("aria-invalid", "true")
    password.fill(DEMO_PASSWORD)
    section.get_by_role("button", name="E-Mail-Adresse ändern").click()
    done = section.get_by_role("status").filter(has_text="an die neue Adresse geschickt")
    expect(done).to_be_focused()
    expect(email).to_have_value("")

    (mail,) = portal.mails_to("erika.neu@example.com", "Bitte bestätigen Sie Ihre neue E-Mail-Adresse")
    link = link_in(mail["text"], "/kundencenter/e-mail-bestaetigen/")
    page.goto(link)
    portal.wait_until_mounted()
    expect(page.get_by_role("status")).to_contain_text("Ihre neue E-Mail-Adresse ist bestätigt.")
    assert "#token" not in page.url, "the token leaves the address bar at once"
    assert profile(portal)["email"] == "erika.neu@example.com"
    fresh = requests.post(
        portal.url("/api/auth/login"),
        json={"login": "erika.neu@example.com", "password": DEMO_PASSWORD},
        timeout=10,
    )
    assert fresh.status_code == 200

    page.goto(link)  # a second time: used
    portal.wait_until_mounted()
    expect(page.get_by_role("alert")).to_contain_text("ungültig, abgelaufen oder wurde bereits verwendet")
    expect(page.get_by_role("link", name=re.compile("erneut ändern"))).to_be_visible()


def test_confirm_page_without_a_token(portal: Portal) -> None:
    page = portal.open("/kundencenter/e-mail-bestaetigen/")
    expect(page.get_by_role("alert")).to_contain_text("Dieser Link ist unvollständig.")


def test_data_export_downloads_the_json(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    with page.expect_download() as info:
        page.get_by_role("button", name="Meine Daten herunterladen").click()
    download = info.value
    assert download.suggested_filename == "kundencenter-export-100001.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["customer_number"] == "100001"
    assert "DE89370400440532013000" not in json.dumps(data)
    expect(page.get_by_role("status").filter(has_text="heruntergeladen")).to_be_visible()


def test_a_failed_load_offers_erneut_versuchen(portal: Portal) -> None:
    portal.sign_in()
    failing = {"on": True}

    def route(route: Any) -> None:
        if failing["on"]:
            route.fulfill(
                status=503,
                content_type="application/json",
                body='{"Code": "ServiceUnavailable", "Message": "Der Dienst ist gerade überlastet oder nicht erreichbar."}',
            )
        else:
            route.continue_()

    portal.page.route("**/api/customer", route)
    page = portal.open(PAGE)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Fehler aufgetreten")
    expect(page.locator(".kc-loading")).to_have_count(0)
    failing["on"] = False
    alert.get_by_role("button", name="Erneut versuchen").click()
    expect(page.locator("#kc-address")).to_be_visible()


# axe-core states of this page (also run at 1280 px by test_portal_accessibility.py)


def persoenliche_daten(portal: Portal) -> None:
    portal.sign_in()
    portal.open(PAGE)


def persoenliche_daten_with_errors(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    address = page.locator("#kc-address")
    address.get_by_label("PLZ").fill("")
    address.get_by_role("button", name="Anschrift speichern").click()
    expect(address.get_by_label("PLZ")).to_have_attribute("aria-invalid", "true")
    email = page.locator("#kc-email")
    email.get_by_role("button", name="E-Mail-Adresse ändern").click()
    expect(email.get_by_label("Neue E-Mail-Adresse")).to_have_attribute("aria-invalid", "true")
    company = page.locator("#kc-company")
    company.get_by_role("button", name="Umfirmierung melden").click()
    company.get_by_role("button", name="Umfirmierung melden").click()
    expect(company.get_by_label("Neuer Firmenname")).to_have_attribute("aria-invalid", "true")


def persoenliche_daten_bank_confirmation(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    section = page.locator("#kc-bank")
    section.get_by_role("button", name="Bankverbindung ändern").click()
    section.get_by_label("IBAN", exact=True).fill(NEW_IBAN)
    section.get_by_role("button", name="Weiter").click()
    expect(section.locator(".kc-confirm")).to_be_visible()


def persoenliche_daten_rename_pending(portal: Portal) -> None:
    portal.sign_in()
    effective = (date.today() + timedelta(days=20)).isoformat()
    body = {"company": "Muster Handel & Service GmbH", "legal_form": "GmbH", "effective_date": effective}
    response = portal.page.request.post(portal.url("/api/customer/rename"), data=body)
    assert response.status == 201, response.text()
    portal.open(PAGE)


def e_mail_bestaetigen_invalid(portal: Portal) -> None:
    portal.page.goto(portal.url("/kundencenter/e-mail-bestaetigen/#token=" + "x" * 43))
    portal.wait_until_mounted()
    expect(portal.page.get_by_role("alert")).to_be_visible()


AXE_STATES: dict[str, Callable[[Portal], None]] = {
    "persoenliche-daten": persoenliche_daten,
    "persoenliche-daten-with-errors": persoenliche_daten_with_errors,
    "persoenliche-daten-bank-confirmation": persoenliche_daten_bank_confirmation,
    "persoenliche-daten-rename-pending": persoenliche_daten_rename_pending,
    "e-mail-bestaetigen-invalid": e_mail_bestaetigen_invalid,
}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, AXE_STATES[state])
