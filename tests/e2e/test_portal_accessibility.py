"""axe-core on every portal page, signed in and signed out, with messages showing, in Material's
light and dark scheme: no violations, at 1280 px (every state) and at 390 px (the states of this file;
the pages' own test modules run their AXE_STATES at 390 px), where the page also needs no sideways
scrolling. The team's pages are signed in as the demo staff account."""

from collections.abc import Callable
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_NUMBER, DEMO_PASSWORD, Portal, reset_link
from tests.e2e.test_portal_contacts import AXE_STATES as CONTACTS_STATES
from tests.e2e.test_portal_contract import AXE_STATES as CONTRACT_STATES
from tests.e2e.test_portal_invoices import AXE_STATES as INVOICES_STATES
from tests.e2e.test_portal_personal_data import AXE_STATES as PERSONAL_DATA_STATES
from tests.e2e.test_portal_statistik import AXE_STATES as STATISTIK_STATES
from tests.e2e.test_portal_tickets import AXE_STATES as TICKETS_STATES

pytestmark = pytest.mark.e2e

SCHEMES = ("default", "slate")


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def anmelden(portal: Portal) -> None:
    portal.open("/kundencenter/anmelden/?next=%2Fkundencenter%2Fsicherheit%2F")


def anmelden_with_errors(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_label("Passwort", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill("Falsches-Passwort-1")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Die Zugangsdaten sind nicht korrekt.")


def passwort_vergessen(portal: Portal) -> None:
    portal.open("/kundencenter/passwort-vergessen/")


def passwort_vergessen_sent(portal: Portal) -> None:
    page = portal.open("/kundencenter/passwort-vergessen/")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_EMAIL)
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("button", name="Eingabe ändern")).to_be_visible()


def login_vergessen_with_error(portal: Portal) -> None:
    page = portal.open("/kundencenter/login-vergessen/")
    page.get_by_label("E-Mail-Adresse").fill("demo@")
    page.get_by_role("button", name="Kundennummer zuschicken").click()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_attribute("aria-invalid", "true")


def zuruecksetzen(portal: Portal) -> None:
    response = requests.post(portal.url("/api/auth/password/forgot"), json={"login": DEMO_EMAIL}, timeout=10)
    assert response.status_code == 202
    (mail,) = portal.mails_to(DEMO_EMAIL, "Ihr Link zum Zurücksetzen des Passworts")
    portal.page.goto(reset_link(mail["text"]))
    portal.wait_until_mounted()
    page = portal.page
    page.get_by_label("Neues Passwort", exact=True).fill("zu kurz")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_label("Neues Passwort", exact=True)).to_have_attribute("aria-invalid", "true")


def zuruecksetzen_without_token(portal: Portal) -> None:
    portal.open("/kundencenter/passwort-zuruecksetzen/")


def uebersicht(portal: Portal) -> None:
    portal.sign_in()
    portal.open("/kundencenter/")


def sicherheit(portal: Portal) -> None:
    requests.post(
        portal.url("/api/auth/login"), json={"login": DEMO_NUMBER, "password": "Falsch-1234"}, timeout=10
    )
    requests.post(
        portal.url("/api/auth/login"), json={"login": DEMO_NUMBER, "password": DEMO_PASSWORD}, timeout=10
    )
    portal.sign_in()
    page = portal.open("/kundencenter/sicherheit/")
    expect(page.locator(".kc-device")).to_have_count(2)
    page.get_by_label("Aktuelles Passwort", exact=True).fill("falsch")
    page.get_by_label("Neues Passwort", exact=True).fill("Leuchtturm am Deich 2031")
    page.get_by_label("Neues Passwort wiederholen", exact=True).fill("Leuchtturm am Deich 2031")
    page.get_by_role("button", name="Passwort ändern").click()
    expect(page.get_by_label("Aktuelles Passwort", exact=True)).to_have_attribute("aria-invalid", "true")


def passwort_vergessen_signed_in(portal: Portal) -> None:
    portal.sign_in()
    portal.open("/kundencenter/passwort-vergessen/")


def team_anmelden_with_error(portal: Portal) -> None:
    page = portal.open("/kundencenter/team/anmelden/")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_attribute("aria-invalid", "true")


def team(portal: Portal) -> None:
    portal.sign_in_staff()
    page = portal.open("/kundencenter/team/")
    expect(page.locator("table.kc-team-queue tbody tr").first).to_be_visible()


# The states of this file; they run at 1280 px and at 390 px.
OWN_STATES: dict[str, Callable[[Portal], None]] = {
    "anmelden": anmelden,
    "anmelden-with-errors": anmelden_with_errors,
    "passwort-vergessen": passwort_vergessen,
    "passwort-vergessen-sent": passwort_vergessen_sent,
    "passwort-vergessen-signed-in": passwort_vergessen_signed_in,
    "login-vergessen-with-error": login_vergessen_with_error,
    "zuruecksetzen-with-rules-and-error": zuruecksetzen,
    "zuruecksetzen-without-token": zuruecksetzen_without_token,
    "uebersicht": uebersicht,
    "sicherheit-with-devices-log-and-error": sicherheit,
    "team-anmelden-with-error": team_anmelden_with_error,
    "team": team,
}

STATES: dict[str, Callable[[Portal], None]] = {
    **OWN_STATES,
    **PERSONAL_DATA_STATES,
    **CONTACTS_STATES,
    **CONTRACT_STATES,
    **INVOICES_STATES,
    **STATISTIK_STATES,
    **TICKETS_STATES,
}


@pytest.mark.parametrize("state", list(STATES))
def test_portal_page_has_no_axe_violations(portal: Portal, state: str) -> None:
    STATES[state](portal)
    for scheme in SCHEMES:
        portal.page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        portal.assert_accessible(f"{state}, {scheme} scheme")


@pytest.mark.parametrize("state", list(OWN_STATES))
def test_portal_page_has_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, OWN_STATES[state])
