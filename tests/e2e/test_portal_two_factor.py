"""Two-factor sign-in in the browser: switch it on (QR code and key, code, recovery codes), sign in with a
code and with a recovery code, switch it off; keyboard focus and axe-core on every new state."""

import re
import time
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_NUMBER, DEMO_PASSWORD, Portal

pytestmark = pytest.mark.e2e

SECURITY = "/kundencenter/sicherheit/"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def next_code(secret: str) -> str:
    """The code of the next 30-second step: later than any step used so far, and accepted (clock drift)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def switch_on(portal: Portal) -> tuple[str, list[str]]:
    """Switch two-factor sign-in on through the Sicherheit page; returns the key and the recovery codes."""
    page = portal.open(SECURITY)
    section = page.locator("#kc-two-factor")
    expect(section).to_contain_text("Status: Ausgeschaltet")
    section.get_by_role("button", name="Einschalten", exact=True).click()
    password = section.get_by_label("Passwort", exact=True)
    expect(password).to_be_focused()
    password.fill(DEMO_PASSWORD)
    section.get_by_role("button", name="Weiter").click()

    code = section.get_by_label("Bestätigungscode", exact=True)
    expect(code).to_be_focused()
    expect(section.get_by_role("img", name=re.compile("QR-Code"))).to_be_visible()
    secret = section.locator(".kc-two-factor__key").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    code.fill(pyotp.TOTP(secret).now())
    section.get_by_role("button", name="Einschalten", exact=True).click()

    heading = section.get_by_role("heading", name="Ihre Wiederherstellungscodes")
    expect(heading).to_be_focused()
    codes = section.locator(".kc-two-factor__list li").all_inner_texts()
    assert len(codes) == 10
    return secret, codes


def test_switch_on_then_sign_in_with_a_code_and_with_a_recovery_code(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(SECURITY)
    portal.assert_accessible("Zwei-Faktor-Anmeldung ausgeschaltet")
    section = page.locator("#kc-two-factor")
    section.get_by_role("button", name="Einschalten", exact=True).click()
    portal.assert_accessible("Einschalten: Passwort")
    section.get_by_role("button", name="Abbrechen").click()

    secret, codes = switch_on(portal)
    section = page.locator("#kc-two-factor")
    portal.assert_accessible("Wiederherstellungscodes")
    with page.expect_download() as download:
        section.get_by_role("button", name="Codes herunterladen").click()
    saved = download.value
    assert saved.suggested_filename == "unicorn2-wiederherstellungscodes.txt"
    text = Path(saved.path()).read_text(encoding="utf-8")
    assert all(item in text for item in codes)
    section.get_by_role("button", name="Ich habe die Codes gespeichert").click()
    expect(section.get_by_role("status").filter(has_text="eingeschaltet")).to_be_focused()
    expect(section).to_contain_text("Status: Eingeschaltet")
    expect(section).to_contain_text("Sie haben noch 10 unbenutzte Wiederherstellungscodes.")
    portal.assert_accessible("Zwei-Faktor-Anmeldung eingeschaltet")
    assert len(portal.mails_to(DEMO_EMAIL, "Zwei-Faktor-Anmeldung eingeschaltet")) == 1

    # Sign out, sign in with password and code from the app.
    portal.sign_out_from_header()
    expect(page).to_have_url(re.compile("/kundencenter/anmelden/"))
    portal.wait_until_mounted()
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    code = page.get_by_label("Bestätigungscode", exact=True)
    expect(code).to_be_focused()
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    assert portal.api_status("GET", "/api/session") == 401, "no session before the code"
    portal.assert_accessible("Anmelden: Bestätigungscode")
    code.fill("000000" if next_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Bestätigen").click()
    expect(code).to_be_focused()
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile("Der Code ist nicht korrekt."))
    portal.assert_accessible("Anmelden: falscher Code")
    code.fill(next_code(secret))
    page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(portal.url("/kundencenter/"))
    portal.wait_until_mounted()
    expect(portal.account).to_contain_text(DEMO_NUMBER)

    # Sign out, sign in with a recovery code.
    portal.sign_out_from_header()
    expect(page).to_have_url(re.compile("/kundencenter/anmelden/"))
    portal.wait_until_mounted()
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_EMAIL)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("button", name="Wiederherstellungscode verwenden").click()
    recovery = page.get_by_label("Wiederherstellungscode", exact=True)
    expect(recovery).to_be_focused()
    portal.assert_accessible("Anmelden: Wiederherstellungscode")
    recovery.fill(codes[0])
    page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(portal.url("/kundencenter/"))

    page = portal.open(SECURITY)
    section = page.locator("#kc-two-factor")
    expect(section).to_contain_text("Sie haben noch 9 unbenutzte Wiederherstellungscodes.")
    expect(page.locator(".kc-table")).to_contain_text("Anmeldung mit einem Wiederherstellungscode")


def test_new_recovery_codes_and_switch_off(portal: Portal) -> None:
    portal.sign_in()
    secret, old_codes = switch_on(portal)
    page = portal.page
    section = page.locator("#kc-two-factor")
    section.get_by_role("button", name="Ich habe die Codes gespeichert").click()

    section.get_by_role("button", name="Neue Wiederherstellungscodes").click()
    password = section.get_by_label("Passwort", exact=True)
    expect(password).to_be_focused()
    portal.assert_accessible("Neue Wiederherstellungscodes: Formular")
    password.fill(DEMO_PASSWORD)
    section.get_by_label("Code aus der App oder Wiederherstellungscode").fill(old_codes[0])
    section.get_by_role("button", name="Neue Codes erzeugen").click()
    expect(section.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_focused()
    new_codes = section.locator(".kc-two-factor__list li").all_inner_texts()
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    section.get_by_role("button", name="Ich habe die Codes gespeichert").click()

    section.get_by_role("button", name="Ausschalten").click()
    section.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    code = section.get_by_label("Code aus der App oder Wiederherstellungscode")
    code.fill("zzzz-zzzz-zzzz")
    section.get_by_role("button", name="Ausschalten").click()
    expect(code).to_be_focused()
    expect(code).to_have_accessible_description(re.compile("Der Code ist nicht korrekt."))
    code.fill(next_code(secret))
    section.get_by_role("button", name="Ausschalten").click()
    expect(section.get_by_role("status").filter(has_text="ausgeschaltet")).to_be_focused()
    expect(section).to_contain_text("Status: Ausgeschaltet")
    assert len(portal.mails_to(DEMO_EMAIL, "Zwei-Faktor-Anmeldung ausgeschaltet")) == 1
    response = page.request.post(
        portal.url("/api/auth/login"), data={"login": DEMO_NUMBER, "password": DEMO_PASSWORD}
    )
    assert "customer" in response.json()
