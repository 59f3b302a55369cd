"""Rechnungen in the browser: the list of a year and the year picker, search by number and amount, a
PDF download per row, the ZIP of a year, the demo Rechnungskorrektur beside the invoice it corrects, the
page without the invoices API; axe-core at phone width (the desktop width runs in
test_portal_accessibility.py)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/rechnungen/"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def invoices(portal: Portal, year: int) -> list[dict[str, Any]]:
    """Every invoice of a year as the API lists it (all pages)."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"year": str(year)} | ({"cursor": cursor} if cursor else {})
        response = portal.page.request.get(portal.url("/api/invoices"), params=params)
        assert response.status == 200, response.text()
        data = response.json()
        items += data["invoices"]
        cursor = data.get("next_cursor")
        if not cursor:
            return items


def this_year(portal: Portal) -> int:
    return int(
        portal.page.evaluate(
            "new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date())"
        )[:4]
    )


def count_text(listed: list[dict[str, Any]], year: int) -> str:
    corrections = sum(1 for item in listed if item["kind"] == "rechnungskorrektur")
    text = f"{len(listed) - corrections} Rechnungen"
    if corrections:
        text += (
            " und 1 Rechnungskorrektur" if corrections == 1 else f" und {corrections} Rechnungskorrekturen"
        )
    return f"{text} aus {year}."


def test_list_by_year_search_and_pdf_download(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    year = this_year(portal)
    listed = invoices(portal, year)
    assert len(listed) >= 2, "the demo customer has invoices this year"
    rows = page.locator("table.kc-invoices tbody tr")
    expect(rows).to_have_count(len(listed))
    expect(page.get_by_role("status")).to_have_text(count_text(listed, year))

    # Search by (part of) a number, then by amount.
    wanted = listed[-1]
    search = page.get_by_label("Suchen")
    search.fill(wanted["number"][-6:])
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_contain_text(wanted["number"])
    whole, rest = divmod(wanted["gross_cents"], 100)
    search.fill(f"{whole},{rest:02d}")
    expect(rows.filter(has_text=wanted["number"])).to_have_count(1)
    search.fill("9999-999999")
    expect(rows).to_have_count(0)
    expect(page.get_by_text("Keine Rechnung passt zu Ihrer Suche.")).to_be_visible()
    search.fill("")
    expect(rows).to_have_count(len(listed))

    # The PDF of one row.
    link = rows.filter(has_text=wanted["number"]).get_by_role(
        "link", name=f"PDF der Rechnung {wanted['number']}"
    )
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"Rechnung-{wanted['number']}.pdf", download.suggested_filename
    assert wanted["number"] in download.suggested_filename
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Another year through the picker.
    page.get_by_label("Jahr").select_option(str(year - 1))
    earlier = invoices(portal, year - 1)
    expect(rows).to_have_count(len(earlier))
    expect(page.get_by_role("link", name=f"Alle Rechnungen {year - 1} als ZIP")).to_be_visible()


def test_a_correction_is_shown_with_the_invoice_it_corrects(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    year = this_year(portal)
    [correction] = [item for item in invoices(portal, year) if item["kind"] == "rechnungskorrektur"]
    corrected = correction["corrects"]
    assert correction["gross_cents"] == -1190  # the demo's Kulanz of 10,00 € net
    row = page.locator(f'tr[data-invoice="{correction["number"]}"]')
    expect(row.get_by_role("rowheader")).to_have_text(
        f"{correction['number']} Rechnungskorrektur zu {corrected}"
    )
    expect(row.locator(".kc-invoices__amount")).to_have_text(re.compile(r"^-11,90\s€$"))

    # The PDF by keyboard: the link names the document for screen readers.
    link = row.get_by_role("link", name=f"PDF der Rechnungskorrektur {correction['number']}")
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == f"Rechnungskorrektur-{correction['number']}.pdf"

    # The corrected invoice (last year's, when the correction was made in January) names its correction.
    if int(corrected[:4]) != year:
        page.get_by_label("Jahr").select_option(corrected[:4])
    expect(page.locator(f'tr[data-invoice="{corrected}"]').get_by_role("rowheader")).to_have_text(
        f"{corrected} korrigiert durch {correction['number']}"
    )


def test_zip_of_a_year(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    year = this_year(portal)
    link = page.get_by_role("link", name=f"Alle Rechnungen {year} als ZIP")
    expect(link).to_have_attribute("href", re.compile(rf"/api/invoices/archive\?year={year}$"))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".zip"), download.suggested_filename
    with open(download.path(), "rb") as archive:
        assert archive.read(2) == b"PK"


def test_a_failed_download_says_why(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    message = "Diese Rechnung wurde nicht gefunden."
    page.route(
        "**/api/invoices/*/pdf",
        lambda route: route.fulfill(status=404, json={"Code": "InvoiceNotFound", "Message": message}),
    )
    page.locator("a.kc-invoices__pdf").first.click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(message)
    expect(alert).to_be_focused()


def test_without_the_invoices_api_the_page_says_so(portal: Portal) -> None:
    portal.sign_in()
    portal.page.route(
        "**/api/invoices?*",
        lambda route: route.fulfill(status=404, json={"Code": "NotFound", "Message": "Nicht gefunden."}),
    )
    page = portal.open(PAGE)
    expect(page.get_by_role("status")).to_contain_text("Ihre Rechnungen können wir im Moment nicht anzeigen")
    expect(page.get_by_role("link", name="Hilfe zu Rechnungen")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)


# States for axe-core (here at phone width, in test_portal_accessibility.py at the desktop width)


def rechnungen(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    expect(page.locator("table.kc-invoices")).to_be_visible()
    expect(page.locator("tr.kc-invoices__correction")).to_have_count(1)  # the demo Rechnungskorrektur


def rechnungen_search_without_match(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    page.get_by_label("Suchen").fill("9999-999999")
    expect(page.get_by_text("Keine Rechnung passt zu Ihrer Suche.")).to_be_visible()


def rechnungen_unavailable(portal: Portal) -> None:
    portal.sign_in()
    portal.page.route(
        "**/api/invoices?*",
        lambda route: route.fulfill(status=404, json={"Code": "NotFound", "Message": "-"}),
    )
    page = portal.open(PAGE)
    expect(page.get_by_role("link", name="Hilfe zu Rechnungen")).to_be_visible()


AXE_STATES: dict[str, Callable[[Portal], None]] = {
    "rechnungen": rechnungen,
    "rechnungen-search-without-match": rechnungen_search_without_match,
    "rechnungen-unavailable": rechnungen_unavailable,
}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, AXE_STATES[state])
