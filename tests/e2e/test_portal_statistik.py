"""Statistik in the browser against the real statistics API of the local stack (demo orders of 100001):
charts and totals, the range picker, the chart menu (keys, PNG, SVG, CSV, printing one chart), the data
tables, the order list (paging, filters, search); axe-core at phone width (the desktop
width runs in test_portal_accessibility.py)."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/statistik/"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Iterator[Portal]:
    # The embedded moto runs one AWS call at a time and queries 100001's ~25,000 orders in Python: a list
    # page takes seconds on a loaded machine (production reads by key), hence more than the usual 10 s / 5 s.
    page.set_default_timeout(30_000)
    expect.set_options(timeout=30_000)
    yield Portal(page, fresh_stack)
    expect.set_options(timeout=5_000)


def api(portal: Portal, path: str, **params: str) -> Any:
    response = portal.page.request.get(portal.url(path), params=params)
    assert response.status == 200, response.text()
    return response.json()


def german(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def euro(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{german(whole)},{rest:02d}\xa0€"


def figures(section: Any) -> dict[str, str]:
    """The <dl> of a summary block as {term: value}."""
    terms = section.locator("dt").all_inner_texts()
    values = section.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def open_statistik(portal: Portal) -> Any:
    portal.page.set_default_timeout(30_000)  # also for the desktop axe state (see the fixture)
    portal.sign_in()
    page = portal.open(PAGE)
    expect(page.locator(".kc-chart .kc-chart__canvas svg")).to_have_count(3)
    return page


def test_charts_totals_tables_and_the_range_picker(portal: Portal) -> None:
    page = open_statistik(portal)
    today = page.evaluate(
        "new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date())"
    )
    year = int(today[:4])
    start = page.evaluate(
        "d => { const x = new Date(d + 'T00:00:00Z'); x.setUTCDate(x.getUTCDate() - 29); "
        "return x.toISOString().slice(0, 10); }",
        today,
    )
    stats = api(portal, "/api/statistics", **{"from": start, "to": today, "granularity": "day"})
    assert stats["all_time"]["orders"] > 19_000, "the demo customer has more orders than the list shows"

    summary = page.locator(".kc-statistics__figures")
    expect(summary.nth(1).locator("h3")).to_have_text("Gesamt seit Beginn")
    assert figures(summary.nth(1))["Bestellungen"] == german(stats["all_time"]["orders"])
    assert figures(summary.nth(1))["Umsatz"] == euro(stats["all_time"]["revenue_cents"])
    assert figures(summary.nth(0))["Bestellungen"] == german(stats["totals"]["orders"])
    orders_chart = page.locator("[data-chart=bestellungen]")
    expect(orders_chart.locator(".kc-chart__range")).to_have_text(
        f"Zeitraum: {start[8:]}.{start[5:7]}.{start[:4]} bis {today[8:]}.{today[5:7]}.{today[:4]}, pro Tag"
    )
    expect(orders_chart.locator(".ct-series .ct-point")).to_have_count(len(stats["series"]))

    # The data table alternative: one row per day with the API's numbers, the sums in the footer.
    orders_chart.get_by_text("Daten als Tabelle").click()
    table = orders_chart.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("Bestellungen")
    expect(table.locator("tbody tr")).to_have_count(len(stats["series"]))
    last = stats["series"][-1]
    row = table.locator("tbody tr").last
    expect(row.locator("th")).to_have_text(f"{today[8:]}.{today[5:7]}.{today[:4]}")
    expect(row.locator("td").nth(0)).to_have_text(german(last["orders"]))
    expect(row.locator("td").nth(1)).to_have_text(euro(last["revenue_cents"]))
    expect(table.locator("tfoot tr").first).to_contain_text(german(stats["totals"]["orders"]))

    # Letztes Jahr: monthly, twelve rows, the year's totals.
    page.get_by_label("Zeitraum", exact=True).select_option(label="Letztes Jahr")
    expect(page.get_by_label("Einteilung", exact=True)).to_have_value("month")
    expect(orders_chart.locator(".kc-chart__range")).to_have_text(
        f"Zeitraum: 01.01.{year - 1} bis 31.12.{year - 1}, pro Monat"
    )
    last_year = api(
        portal,
        "/api/statistics",
        **{"from": f"{year - 1}-01-01", "to": f"{year - 1}-12-31", "granularity": "month"},
    )
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.locator("tbody tr").first.locator("th")).to_have_text(f"Januar {year - 1}")
    expect(summary.nth(0).locator("h3")).to_have_text(f"Im Zeitraum 01.01.{year - 1} bis 31.12.{year - 1}")
    assert figures(summary.nth(0))["Bestellungen"] == german(last_year["totals"]["orders"])

    # Benutzerdefiniert, by week; and the revenue share lists every channel with revenue.
    page.get_by_label("Zeitraum", exact=True).select_option(label="Benutzerdefiniert")
    page.get_by_label("Von", exact=True).fill(f"{year}-01-05")
    page.get_by_label("Bis", exact=True).fill(f"{year}-02-01")
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_label("Einteilung", exact=True).select_option(label="Woche")
    expect(orders_chart.locator(".kc-chart__range")).to_have_text(
        f"Zeitraum: 05.01.{year} bis 01.02.{year}, pro Woche"
    )
    weeks = api(
        portal, "/api/statistics", **{"from": f"{year}-01-05", "to": f"{year}-02-01", "granularity": "week"}
    )
    expect(table.locator("tbody tr")).to_have_count(len(weeks["series"]))
    share = page.locator("[data-chart=umsatzanteil]")
    expect(share.locator(".kc-chart__legend li")).not_to_have_count(0)

    # A range before the first demo order: zero lines, no ring, and the page says why.
    page.get_by_label("Von", exact=True).fill(f"{year - 5}-03-01")
    page.get_by_label("Bis", exact=True).fill(f"{year - 5}-03-31")
    page.get_by_role("button", name="Anzeigen").click()
    expect(orders_chart.locator(".kc-chart__empty")).to_have_text(
        "Im gewählten Zeitraum gibt es keine Bestellungen."
    )
    expect(share.locator(".kc-chart__empty")).to_have_text("Im gewählten Zeitraum gibt es keinen Umsatz.")
    expect(share.locator(".kc-chart__canvas")).to_be_hidden()
    assert figures(summary.nth(0))["Bestellungen"] == "0"


def test_chart_menu_by_keyboard_downloads_and_printing(portal: Portal) -> None:
    page = open_statistik(portal)
    chart = page.locator("[data-chart=umsatz]")
    button = chart.get_by_role("button", name="Menü zum Diagramm Umsatz")
    menu = chart.get_by_role("menu")

    # Keys: Enter opens on the first entry, arrows move (and wrap), Escape closes and returns focus.
    button.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(chart.get_by_role("menuitem", name="Drucken")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(chart.get_by_role("menuitem", name="PNG herunterladen")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(chart.get_by_role("menuitem", name="Daten als CSV")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()

    def download(entry: str) -> tuple[str, bytes]:
        button.click()
        with page.expect_download() as info:
            chart.get_by_role("menuitem", name=entry).click()
        expect(button).to_be_focused()
        with open(info.value.path(), "rb") as file:
            return info.value.suggested_filename, file.read()

    name, svg = download("SVG herunterladen")
    assert re.fullmatch(r"statistik-umsatz-\d{4}-\d\d-\d\d-bis-\d{4}-\d\d-\d\d\.svg", name), name
    assert svg.startswith((b"<?xml", b"<svg")), svg[:80]
    assert b"<text" in svg, "axis labels as SVG text"
    assert b"foreignObject" not in svg, "no HTML inside the file"
    assert b"Umsatz" in svg
    name, png = download("PNG herunterladen")
    assert name.endswith(".png"), name
    assert png.startswith(b"\x89PNG\r\n\x1a\n"), png[:16]
    name, csv = download("Daten als CSV")
    assert name.endswith(".csv"), name
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0] == "Zeitraum;Bestellungen;Umsatz (EUR);Artikel", lines[0]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4};\d+;\d+,\d\d;\d+", lines[1]), lines[1]
    assert lines[-1].startswith("Gesamt seit Beginn;"), lines[-1]
    assert csv.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"

    # Drucken prints this chart alone, with title and range: the print styles leave out everything else.
    page.evaluate("window.print = () => { window.kcPrinted = true; }")
    button.click()
    chart.get_by_role("menuitem", name="Drucken").click()
    assert page.evaluate("window.kcPrinted === true")
    page.emulate_media(media="print")
    expect(chart.locator(".kc-chart__title")).to_be_visible()
    expect(chart.locator(".kc-chart__range")).to_be_visible()
    expect(chart.locator("svg").first).to_be_visible()
    expect(button).to_be_hidden()
    for other in ("[data-chart=bestellungen]", "[data-chart=umsatzanteil]", "#kc-orders", ".md-header", "h1"):
        expect(page.locator(other).first).to_be_hidden()
    page.emulate_media(media="screen")


def test_order_list_pages_filters_and_search(portal: Portal) -> None:
    # Reached from the Übersicht's card (instant navigation: the page mounts without a reload).
    portal.page.set_default_timeout(30_000)
    portal.sign_in()
    page = portal.open("/kundencenter/")
    same_document = portal.marker()
    page.locator(".kc-dash__card").get_by_role("link", name="Statistik ansehen").click()
    expect(page).to_have_url(re.compile(f"{PAGE}$"))
    portal.wait_until_mounted()
    assert same_document() == "same document"
    expect(page.locator(".kc-chart .kc-chart__canvas svg")).to_have_count(3)
    first = api(portal, "/api/orders")
    rows = page.locator("table.kc-orders tbody tr")
    expect(rows).to_have_count(len(first["items"]))
    expect(page.locator(".kc-orders__count")).to_have_text(
        f"{german(len(first['items']))} von {german(first['listed'])} Bestellungen angezeigt."
    )
    expect(page.get_by_text("Die Summen umfassen alle Bestellungen.")).to_be_visible()
    newest = first["items"][0]
    expect(rows.first.locator("th")).to_have_text(newest["order_id"])
    expect(rows.first.locator("td").last).to_have_text(euro(newest["gross_cents"]))

    # Weitere laden: the next page is appended and focus moves to its first row.
    assert first["next_cursor"], "the demo customer has more than one page of orders"
    page.get_by_role("button", name="Weitere laden").click()
    second = api(portal, "/api/orders", cursor=first["next_cursor"])
    expect(rows).to_have_count(len(first["items"]) + len(second["items"]))
    expect(rows.nth(len(first["items"]))).to_be_focused()
    expect(rows.nth(len(first["items"])).locator("th")).to_have_text(second["items"][0]["order_id"])

    # The search by order number (the page asks the API for numbers that start with it), then the filters.
    search = page.get_by_label("Bestellnummer", exact=True)
    search.fill(newest["order_id"])
    page.get_by_role("button", name="Suchen").click()
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text(newest["order_id"])
    search.fill("gibt-es-nicht-0")
    page.get_by_role("button", name="Suchen").click()
    expect(rows).to_have_count(0)
    expect(page.get_by_text("Keine Bestellung passt zu Ihrer Auswahl.")).to_be_visible()

    search.fill("")
    page.get_by_label("Status", exact=True).select_option(label="Storniert")
    expect(rows.first.locator("td").nth(2)).to_have_text("Storniert")
    channel = newest["channel"]
    page.get_by_label("Verkaufskanal", exact=True).select_option(channel)
    both = api(portal, "/api/orders", status="storniert", channel=channel)
    assert both["items"], "the demo data has cancelled orders in every channel"
    expect(rows).to_have_count(len(both["items"]))
    expect(rows.first.locator("th")).to_have_text(both["items"][0]["order_id"])
    for status, seen in zip(
        rows.locator("td:nth-child(4)").all_inner_texts(),
        rows.locator("td:nth-child(3)").all_inner_texts(),
        strict=True,
    ):
        assert (status, seen) == ("Storniert", channel)


# States for axe-core (here at phone width, in test_portal_accessibility.py at the desktop width)


def statistik(portal: Portal) -> None:
    """Every data table open and one chart menu open."""
    page = open_statistik(portal)
    for summary in page.get_by_text("Daten als Tabelle").all():
        summary.click()
    page.locator("[data-chart=bestellungen]").get_by_role("button", name=re.compile("^Menü")).click()
    expect(page.get_by_role("menu")).to_be_visible()


AXE_STATES: dict[str, Callable[[Portal], None]] = {"statistik": statistik}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, AXE_STATES[state])
