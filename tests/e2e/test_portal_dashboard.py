"""The Übersicht as a dashboard (issue 12), for the demo customer 100001 (contract, invoices, tickets,
orders): a card per area with what the API answers, the newest invoice downloadable, skeletons while the
one request runs, a failed part said in German with "Erneut versuchen" while the other cards show their
data; at 1280 px and 390 px, axe-core clean."""

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/"
AREAS = ["Vertrag", "Nächste Abbuchung", "Neueste Rechnung", "Tickets", "Bestellungen diesen Monat"]


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def dashboard(portal: Portal) -> dict[str, Any]:
    response = portal.page.request.get(portal.url("/api/dashboard"))
    assert response.status == 200, response.text()
    data: dict[str, Any] = response.json()
    return data


def card(page: Any, title: str) -> Any:
    return page.locator(".kc-dash__card").filter(has=page.get_by_role("heading", name=title, exact=True))


def euro(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{whole:,}".replace(",", ".") + f",{rest:02d}\u00a0€"


@pytest.mark.parametrize("width", [1280, 390])
def test_each_card_shows_its_areas_summary_and_links_on(portal: Portal, width: int) -> None:
    portal.page.set_default_timeout(30_000)  # moto counts the demo's 25,000 orders slowly on a loaded machine
    portal.page.set_viewport_size({"width": width, "height": 900})
    portal.sign_in()
    data = dashboard(portal)
    assert data["unavailable"] == []
    assert all(data[area] for area in ("contract", "debit", "invoice"))
    page = portal.open(PAGE)

    expect(page.get_by_role("heading", level=2, name="Auf einen Blick")).to_be_visible()
    expect(page.locator(".kc-dash__card h3")).to_have_text(AREAS)
    expect(page.locator(".kc-dash__skeleton")).to_have_count(0)

    contract = card(page, "Vertrag")
    expect(contract).to_contain_text(data["contract"]["licence"])
    expect(contract).to_contain_text(euro(data["contract"]["monthly_gross_cents"]))
    debit = card(page, "Nächste Abbuchung")
    expect(debit.locator(f'time[datetime="{data["debit"]["date"]}"]')).to_be_visible()
    expect(debit).to_contain_text(euro(data["debit"]["amount_cents"]))
    invoice = card(page, "Neueste Rechnung")
    number = data["invoice"]["number"]
    expect(invoice).to_contain_text(f"Rechnung {number}")
    expect(invoice).to_contain_text(euro(data["invoice"]["gross_cents"]))
    tickets = card(page, "Tickets")
    expect(tickets).to_contain_text(f"{data['tickets']['open']} offene Tickets")
    expect(tickets.locator("ul.kc-dash__list li")).to_have_count(len(data["tickets"]["newest"]))
    orders = card(page, "Bestellungen diesen Monat")
    expect(orders).to_contain_text(f"{data['orders']['orders']:,}".replace(",", ".") + " Bestellungen")

    # The other areas as link cards, and the customer's data below.
    expect(page.locator(".kc-card .kc-card__title")).to_have_text(
        ["Persönliche Daten", "Weitere Kontaktdaten", "Sicherheit", "Hilfe-Center"]
    )
    expect(page.locator("dl.kc-facts")).to_contain_text("100001")

    if width == 390:
        portal.assert_fits_a_phone("the dashboard", lambda portal: None)
        return
    portal.assert_accessible("the dashboard at 1280 px")

    # The newest invoice downloads from its card, as the Rechnungen page would.
    with page.expect_download() as info:
        invoice.get_by_role("link", name=re.compile("^PDF herunterladen")).click()
    assert info.value.suggested_filename == f"Rechnung-{number}.pdf"
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # A ticket of the card opens its thread.
    first = data["tickets"]["newest"][0]
    tickets.get_by_role("link", name=first["subject"]).click()
    expect(page).to_have_url(re.compile(rf"/kundencenter/tickets/\?ticket={first['id']}$"))
    expect(page.get_by_role("heading", name=re.compile(re.escape(first["subject"])))).to_be_visible()


def test_skeletons_while_loading_then_a_failed_part_says_so_and_retries(portal: Portal) -> None:
    portal.page.set_default_timeout(30_000)
    portal.sign_in()
    page = portal.page
    held: list[Any] = []
    page.route("**/api/dashboard", lambda route: held.append(route))
    page.goto(portal.url(PAGE))

    # One request for the whole dashboard; until it answers every card is a skeleton, no error.
    expect(page.locator(".kc-dash__card .kc-dash__skeleton")).to_have_count(len(AREAS))
    expect(page.locator(".kc-dash__card[aria-busy=true]")).to_have_count(len(AREAS))
    expect(page.get_by_role("status").filter(has_text="Übersicht wird geladen")).to_be_attached()
    expect(page.get_by_role("alert")).to_have_count(0)
    for _ in range(100):  # the route handler runs when Playwright next dispatches events
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1

    # The API answers without the tickets (their read failed): that card says so, the others show data.
    answer = held[0].fetch()
    body = answer.json()
    body["tickets"], body["unavailable"] = None, ["tickets"]
    held[0].fulfill(response=answer, body=json.dumps(body))
    tickets = card(page, "Tickets")
    expect(tickets.get_by_role("alert")).to_contain_text("Ihre Tickets konnten gerade nicht geladen werden.")
    retry = tickets.get_by_role("button", name="Erneut versuchen")
    expect(retry).to_be_visible()
    expect(card(page, "Neueste Rechnung")).to_contain_text(f"Rechnung {body['invoice']['number']}")
    expect(page.locator(".kc-dash__skeleton")).to_have_count(0)
    portal.assert_accessible("a failed dashboard card")

    # "Erneut versuchen" asks again and fills the card; the other cards keep what they show.
    page.unroute("**/api/dashboard")
    retry.focus()
    page.keyboard.press("Enter")
    expect(tickets.get_by_role("heading", name="Tickets")).to_be_focused()  # not lost with the button
    expect(tickets.get_by_role("alert")).to_have_count(0)
    expect(tickets).to_contain_text("offene Tickets")
    expect(card(page, "Vertrag")).to_contain_text(body["contract"]["licence"])


def test_without_an_answer_every_card_offers_a_retry(portal: Portal) -> None:
    portal.page.set_default_timeout(30_000)
    portal.sign_in()
    page = portal.page
    page.route("**/api/dashboard", lambda route: route.abort("connectionfailed"))
    portal.open(PAGE)
    expect(page.locator(".kc-dash__card").get_by_role("button", name="Erneut versuchen")).to_have_count(
        len(AREAS)
    )
    expect(card(page, "Vertrag").get_by_role("alert")).to_contain_text(
        "Ihre Vertragsdaten konnten gerade nicht"
    )
    page.unroute("**/api/dashboard")
    card(page, "Vertrag").get_by_role("button", name="Erneut versuchen").click()
    expect(page.locator(".kc-dash__card").get_by_role("button", name="Erneut versuchen")).to_have_count(0)
    expect(card(page, "Vertrag")).to_contain_text("Monatlich")
