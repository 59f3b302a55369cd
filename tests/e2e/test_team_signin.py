"""Team-Anmeldung in the browser: e-mail, password and a code from the authenticator app, by keyboard."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal
from tests.factories import DEMO_STAFF, totp_code

pytestmark = pytest.mark.e2e


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def test_staff_sign_in_with_code_shows_the_name_and_signs_out(portal: Portal) -> None:
    page = portal.page
    page.goto(portal.url("/kundencenter/team/"))
    expect(page).to_have_url(portal.url("/kundencenter/team/anmelden/"))
    portal.wait_until_mounted()
    code_field = page.get_by_label("Code aus der Authenticator-App")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    portal.assert_accessible("Team-Anmeldung")

    # A wrong code: one German message, the password and code fields emptied.
    page.get_by_label("E-Mail-Adresse").fill(DEMO_STAFF["email"])
    page.get_by_label("Passwort", exact=True).fill(DEMO_STAFF["password"])
    code_field.fill("000000" if totp_code() != "000000" else "111111")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    alert = page.get_by_role("alert").filter(has_text="Die Zugangsdaten sind nicht korrekt.")
    expect(alert).to_be_visible()
    expect(page.get_by_label("Passwort", exact=True)).to_have_value("")
    expect(code_field).to_have_value("")
    portal.assert_accessible("Team-Anmeldung mit Fehler")

    # By keyboard only: e-mail (still filled), Tab to the password, past its "Anzeigen" button, to the code.
    page.get_by_label("E-Mail-Adresse").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Passwort", exact=True)).to_be_focused()
    page.keyboard.type(DEMO_STAFF["password"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(code_field).to_be_focused()
    page.keyboard.type(totp_code(DEMO_STAFF["totp_secret"]))
    page.keyboard.press("Enter")

    expect(page).to_have_url(portal.url("/kundencenter/team/"))
    portal.wait_until_mounted()
    expect(page.locator("#kc-portal")).to_contain_text("Angemeldet als Sam Support")
    expect(page.locator("#kc-portal")).to_contain_text("Ticket")
    portal.assert_accessible("Team")
    assert portal.api_status("GET", "/api/team/session") == 200
    assert portal.api_status("GET", "/api/session") == 401  # a staff session is no customer session

    page.get_by_role("button", name="Abmelden", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kundencenter/team/anmelden/$"))
    portal.wait_until_mounted()
    expect(page.get_by_role("status").filter(has_text="Sie wurden abgemeldet.")).to_be_visible()
    assert portal.api_status("GET", "/api/team/session") == 401


def test_support_switches_off_a_customers_two_factor_sign_in(portal: Portal) -> None:
    import requests

    from local.seed import DEMO_CUSTOMER

    # 100001 switched two-factor sign-in on (through the API, as the Sicherheit page does) and lost the app.
    customer = requests.Session()
    customer.headers["Origin"] = portal.base
    login = {"login": "100001", "password": DEMO_CUSTOMER["password"]}
    assert customer.post(portal.url("/api/auth/login"), json=login, timeout=10).status_code == 200
    setup = customer.post(
        portal.url("/api/auth/two-factor/setup"), json={"password": login["password"]}, timeout=10
    ).json()
    enabled = customer.post(
        portal.url("/api/auth/two-factor/enable"),
        json={"code": totp_code(setup["secret"].replace(" ", "")), "version": setup["version"]},
        timeout=10,
    )
    assert enabled.status_code == 200, enabled.text
    assert requests.post(portal.url("/api/auth/login"), json=login, timeout=10).json()["two_factor_required"]

    page = portal.page
    portal.open("/kundencenter/team/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(DEMO_STAFF["email"])
    page.get_by_label("Passwort", exact=True).fill(DEMO_STAFF["password"])
    page.get_by_label("Code aus der Authenticator-App").fill(totp_code(DEMO_STAFF["totp_secret"]))
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(portal.url("/kundencenter/team/"))
    portal.wait_until_mounted()

    section = page.get_by_role("form", name="Zwei-Faktor-Anmeldung eines Kunden ausschalten")
    section.get_by_role("button", name="Zwei-Faktor-Anmeldung ausschalten").click()
    expect(section.get_by_text("Die Kundennummer hat 6 Ziffern.")).to_be_visible()
    section.get_by_label("Kundennummer").fill("100001")
    section.get_by_label("Wie haben Sie geprüft").fill("Rückruf an die hinterlegte Telefonnummer")
    section.get_by_role("button", name="Zwei-Faktor-Anmeldung ausschalten").click()
    dialog = page.get_by_role("dialog", name="Zwei-Faktor-Anmeldung ausschalten?")
    expect(dialog).to_contain_text("Kunde 100001")
    dialog.get_by_role("button", name="Ausschalten").click()
    expect(page.get_by_role("status").filter(has_text="von Kunde 100001 ist ausgeschaltet")).to_be_visible()
    portal.assert_accessible("Team nach dem Ausschalten")

    again = requests.post(portal.url("/api/auth/login"), json=login, timeout=10).json()
    assert not again.get("two_factor_required")
    assert portal.mails_to(DEMO_CUSTOMER["email"], "Zwei-Faktor-Anmeldung vom Support ausgeschaltet")
