"""Material's instant navigation with the portal: pages switch without a reload and still mount,
help articles load no portal code, the header follows the session (more on the header and the
portal's navigation in test_portal_header.py)."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_NAME, Portal

pytestmark = pytest.mark.e2e

HELP_ARTICLE = "/zugang/anmelden/"
PORTAL_CODE = re.compile(r"assets/(javascripts/portal/|stylesheets/portal\.css)")


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def portal_resources(page: Any) -> list[str]:
    """Portal scripts and styles the document references or has loaded."""
    names: list[str] = page.evaluate(
        """() => [
            ...performance.getEntriesByType("resource").map(entry => entry.name),
            ...[...document.querySelectorAll("script[src], link[rel=stylesheet]")].map(el => el.src || el.href),
        ]"""
    )
    return [name for name in names if PORTAL_CODE.search(name)]


def test_instant_navigation_between_signed_out_pages(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    same_document = portal.marker()

    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))
    expect(portal.heading).to_have_text(re.compile("^Passwort vergessen"))
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_be_focused()  # the form's first field
    # The form works after the switch (submitted by the page, not navigated by the theme).
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_EMAIL)
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("status")).to_contain_text("haben wir Ihnen soeben eine E-Mail geschickt")
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))

    page.get_by_role("link", name="Zurück zur Anmeldung").click()
    expect(page.get_by_role("button", name="Anmelden", exact=True)).to_be_visible()
    page.get_by_role("link", name="Login vergessen?").click()
    expect(page.get_by_role("button", name="Kundennummer zuschicken")).to_be_visible()

    page.go_back()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(page.get_by_role("button", name="Anmelden", exact=True)).to_be_visible()
    assert same_document() == "same document", "a page switch reloaded the document"


def test_instant_navigation_between_signed_in_pages(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")
    same_document = portal.marker()

    page.locator(".kc-card").get_by_role("link", name=re.compile("^Sicherheit")).click()
    expect(page).to_have_url(portal.url("/kundencenter/sicherheit/"))
    # The first field of the page's first form has the focus.
    expect(page.get_by_role("textbox", name="Aktuelles Passwort")).to_be_focused()
    expect(page.locator(".kc-device")).to_have_count(1)
    expect(page.locator(".kc-table tbody tr").first).to_contain_text("Anmeldung")
    expect(portal.account).to_contain_text(DEMO_NAME)

    page.go_back()
    expect(page.get_by_text(f"Guten Tag Frau {DEMO_NAME}!")).to_be_visible()
    page.go_forward()
    expect(page.get_by_role("heading", name="Sicherheitsprotokoll")).to_be_visible()
    assert same_document() == "same document", "a page switch reloaded the document"


def test_from_a_help_article_to_the_portal_and_back(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")  # the portal notes that a session may exist
    page.goto(portal.url(HELP_ARTICLE))
    expect(portal.account).to_contain_text(DEMO_NAME)  # the header asked for the session itself
    assert portal_resources(page) == []
    same_document = portal.marker()
    session_requests: list[str] = []
    page.on(
        "request",
        lambda request: session_requests.append(request.url) if "/api/session" in request.url else None,
    )

    portal.account_menu().get_by_role("link", name="Übersicht").click()
    expect(page).to_have_url(portal.url("/kundencenter/"))
    expect(page.get_by_text(f"Guten Tag Frau {DEMO_NAME}!")).to_be_visible()
    expect(portal.account_button).to_be_visible()
    card = page.locator(".kc-card__link").first
    expect(card).to_have_css("border-top-style", "solid")  # portal.css came along
    assert len(session_requests) == 1, f"the page mounted more than once: {session_requests}"

    page.locator(".kc-card").get_by_role("link", name=re.compile("^Hilfe-Center")).click()
    expect(page).to_have_url(portal.url("/"))
    expect(page.locator("link[href*='portal.css']")).to_have_count(0)
    expect(portal.account).to_contain_text(DEMO_NAME)  # the header stays as it was
    assert same_document() == "same document", "a page switch reloaded the document"

    # Abmelden from the header works on the help page too.
    portal.sign_out_from_header()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(page.get_by_role("status").filter(has_text="Sie wurden abgemeldet.")).to_be_visible()


def test_help_pages_reference_no_portal_code(built_site: Path) -> None:
    pages = [
        path
        for path in built_site.rglob("*.html")
        if "kundencenter" not in path.relative_to(built_site).parts
        # The ticket pages without sign-in (/support/ticket/ and below) are portal pages too.
        and not path.relative_to(built_site).as_posix().startswith("support/ticket/")
    ]
    assert len(pages) > 10
    offenders = [
        str(path.relative_to(built_site)) for path in pages if PORTAL_CODE.search(path.read_text("utf-8"))
    ]
    assert offenders == []
    portal_page = (built_site / "kundencenter" / "index.html").read_text("utf-8")
    assert re.search(r"assets/javascripts/portal/main-\w+\.js", portal_page)  # bundled (portal_bundle.py)
    assert "assets/stylesheets/portal.css" in portal_page


def test_pages_mount_without_the_themes_script(portal: Portal) -> None:
    """If Material's bundle (and with it document$) is missing, the portal still works."""
    portal.page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    portal.sign_in()
    page = portal.open("/kundencenter/")
    assert page.evaluate("typeof window.document$") == "undefined"
    expect(page.get_by_text(f"Guten Tag Frau {DEMO_NAME}!")).to_be_visible()
    expect(portal.account_button).to_be_visible()
