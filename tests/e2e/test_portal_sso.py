"""Opening the Kundencenter from unicorn 2 in the browser: the one-time link signs in, a used one explains."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

INVALID = (
    "Dieser Link ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte öffnen Sie das Kundencenter "
    "erneut aus unicorn 2 oder melden Sie sich hier mit Ihrer E-Mail-Adresse oder Kundennummer und Ihrem "
    "Passwort an."
)


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def test_a_used_link_says_what_to_do_next(portal: Portal) -> None:
    page = portal.page
    page.goto(portal.url("/kundencenter/sso/#token=" + "x" * 43))
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
