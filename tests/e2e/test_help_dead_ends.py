"""Never a dead end on help pages: the German 404 page, an empty search and the feedback widget's
"Nein" offer the next step (search, main topics, ticket form, the support's phone, e-mail and hours)."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PHONE = "+49 30 1234567-0"
EMAIL = "support@unicorn2.de"
HOURS = "Montag bis Freitag von 9 bis 17 Uhr"


@pytest.fixture
def portal(page: Any, stack: Any) -> Portal:
    return Portal(page, stack)


def assert_support(block: Any) -> None:
    expect(block.get_by_role("link", name="Ticket im Kundencenter schreiben")).to_have_attribute(
        "href", re.compile(r"/kundencenter/tickets/\?neu$")
    )
    expect(block.get_by_role("link", name="Ticket ohne Anmeldung schreiben")).to_have_attribute(
        "href", re.compile(r"/support/ticket/$")
    )
    expect(block.get_by_role("link", name=PHONE)).to_have_attribute("href", "tel:+493012345670")
    expect(block.get_by_role("link", name=EMAIL)).to_have_attribute("href", f"mailto:{EMAIL}")
    expect(block).to_contain_text(f"Servicezeiten: {HOURS}")


def test_404_page_is_german_with_search_topics_and_support(portal: Portal) -> None:
    page = portal.page
    response = page.goto(portal.url("/rechnungen/gibt-es-nicht/"))
    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_title(re.compile("^Seite nicht gefunden"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Seite gibt es nicht")
    assert "Not found" not in page.content()

    topics = page.locator(".kc-top-topics")
    expect(topics.get_by_role("link", name="Passwort vergessen")).to_have_attribute(
        "href", re.compile(r"/zugang/passwort-vergessen/$")
    )
    expect(topics.get_by_role("link", name="Support anrufen oder per E-Mail erreichen")).to_be_visible()
    expect(topics.get_by_role("link")).to_have_count(9)
    assert_support(page.locator("[data-kc-support]"))

    # The search: the button opens Material's search with the focus in the box, and it finds articles.
    page.get_by_role("button", name=re.compile("Im Hilfe-Center suchen")).click()
    box = page.locator('[data-md-component="search-query"]')
    expect(box).to_be_focused()
    box.press_sequentially("Rechnung")
    expect(page.locator(".md-search-result__list a").first).to_be_visible(timeout=20_000)
    page.keyboard.press("Escape")

    portal.assert_accessible("404 page at 1280 px")
    portal.assert_fits_a_phone("404 page", lambda portal: None)

    # A topic link works from the 404 page at any depth.
    page.set_viewport_size({"width": 1280, "height": 900})
    topics.get_by_role("link", name="Passwort vergessen").click()
    expect(page).to_have_url(portal.url("/zugang/passwort-vergessen/"))


def test_an_empty_search_offers_the_ticket_form_and_the_support(portal: Portal) -> None:
    page = portal.page
    page.goto(portal.url("/"))
    page.get_by_role("button", name=re.compile("Wonach suchen Sie")).click()
    box = page.locator('[data-md-component="search-query"]')
    expect(box).to_be_focused()
    box.press_sequentially("qwzxvbn")
    hint = page.locator("[data-kc-search-support]")
    expect(hint).to_be_visible(timeout=20_000)
    expect(hint).to_contain_text("Nichts Passendes gefunden?")
    expect(hint.get_by_role("link", name="im Kundencenter")).to_have_attribute(
        "href", re.compile(r"/kundencenter/tickets/\?neu$")
    )
    expect(hint.get_by_role("link", name="ohne Anmeldung")).to_have_attribute(
        "href", re.compile(r"/support/ticket/$")
    )
    expect(hint.get_by_role("link", name=PHONE)).to_be_visible()
    expect(hint.get_by_role("link", name=EMAIL)).to_be_visible()
    expect(hint).to_contain_text(HOURS)

    # Results again: the hint goes.
    box.fill("")
    box.press_sequentially("Rechnung")
    expect(page.locator(".md-search-result__list a").first).to_be_visible(timeout=20_000)
    expect(hint).to_have_count(0)


def test_feedback_no_offers_the_support_at_once(portal: Portal) -> None:
    page = portal.page
    page.goto(portal.url("/zugang/anmelden/"))
    feedback = page.get_by_role("region", name="War dieser Artikel hilfreich?")
    support = feedback.locator("[data-kc-feedback-support]")
    expect(support).to_be_hidden()
    feedback.get_by_role("button", name="Nein").click()
    expect(support).to_be_visible()
    expect(support.get_by_role("heading", name="Sie brauchen sofort Hilfe?")).to_be_visible()
    assert_support(support)
    feedback.get_by_role("radio", name="Es fehlen Informationen").check()
    portal.assert_accessible("feedback 'Nein' with the support")
