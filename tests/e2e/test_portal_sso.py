"""Opening the Kundencenter from unicorn 2 in the browser: the one-time link signs in, a used one explains."""

import re
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_NAME, DEMO_NUMBER, Portal

pytestmark = pytest.mark.e2e

INVALID = (
    "Dieser Link ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte öffnen Sie das Kundencenter "
    "erneut aus unicorn 2 oder melden Sie sich hier mit Ihrer E-Mail-Adresse oder Kundennummer und Ihrem "
    "Passwort an."
)


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def link_from_unicorn2(portal: Portal) -> str:
    """What the "Kundencenter" button of 100001's unicorn 2 opens: the key from the portal, then the link.

    The browser is signed out afterwards: the link alone must sign it in.
    """
    portal.sign_in()
    created = portal.page.request.post(portal.url("/api/contract/licence-key"))
    assert created.status == 201, created.text()
    portal.page.context.clear_cookies()
    response = requests.post(
        portal.url("/api/ingest/sso"),
        headers={"Authorization": f"Bearer {created.json()['licence_key']}", "User-Agent": "unicorn2/2.14"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    url = str(response.json()["url"])
    assert re.fullmatch(re.escape(portal.url("/kundencenter/sso/#token=")) + r"[\w-]{43}", url), url
    return url


def test_the_link_from_unicorn_2_lands_signed_in_and_sicherheit_says_so(portal: Portal) -> None:
    page = portal.page
    page.goto(link_from_unicorn2(portal))
    expect(page).to_have_url(portal.url("/kundencenter/"))
    expect(page.get_by_text(f"Guten Tag Frau {DEMO_NAME}!")).to_be_visible()
    expect(portal.account).to_contain_text(f"Kd.-Nr. {DEMO_NUMBER}")
    page.go_back()  # the link's page replaced itself: nothing to go back to that still holds the token
    assert "#token=" not in page.url

    portal.open("/kundencenter/sicherheit/")
    expect(page.locator("#kc-audit tbody tr").first).to_contain_text("Anmeldung über unicorn 2")
    current = page.locator(".kc-device--current")
    expect(current).to_contain_text("Angemeldet")
    expect(current).to_contain_text("über unicorn 2")


def test_a_used_link_says_what_to_do_next(portal: Portal) -> None:
    page = portal.page
    url = link_from_unicorn2(portal)
    used = requests.post(portal.url("/api/auth/sso"), json={"token": url.rsplit("#token=", 1)[1]}, timeout=10)
    assert used.status_code == 200, used.text
    page.goto(url)
    portal.wait_until_mounted()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(INVALID)
    expect(alert).to_be_focused()
    assert page.evaluate("location.hash") == ""  # the token left the address bar at once
    expect(page).to_have_url(portal.url("/kundencenter/sso/"))
    sign_in = page.get_by_role("link", name="Zur Anmeldung")
    expect(sign_in).to_have_attribute("href", portal.url("/kundencenter/anmelden/"))
    assert portal.api_status("GET", "/api/session") == 401
    for scheme in ("default", "slate"):
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        portal.assert_accessible(f"used link, {scheme} scheme")
    sign_in.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
