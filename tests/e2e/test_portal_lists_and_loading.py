"""Lists and loading in the portal pages, at 1280 px and 390 px.

- Every list table fits a phone: at 390 px each row is a block whose cells carry their column's name, and
  the page never scrolls sideways; at 1280 px the same table is an ordinary table with its header row.
- A part of a page whose request fails shows a German message and "Erneut versuchen" (never next to the
  spinner), and that button loads just that part again.
- No invisible focus stops: every element the Tab key reaches on a portal page is visible.
"""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_NUMBER, DEMO_PASSWORD, Portal

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Iterator[Portal]:
    # The embedded moto answers the statistics' order queries slowly on a loaded machine.
    page.set_default_timeout(30_000)
    expect.set_options(timeout=30_000)
    yield Portal(page, fresh_stack)
    expect.set_options(timeout=5_000)


# Tables

TABLE_LAYOUT = """table => {
    const headers = [...table.querySelectorAll("thead th")].map(cell => cell.textContent.trim());
    const rows = [...table.querySelectorAll("tbody tr")].filter(row => row.children.length === headers.length);
    const cells = rows.flatMap(row => [...row.children]);
    return {
        headers,
        rows: rows.length,
        headerShown: table.querySelector("thead").getBoundingClientRect().height > 1,
        labels: cells.map(cell => getComputedStyle(cell, "::before").content),
        expected: cells.map((cell, index) => headers[index % headers.length]),
        widest: Math.max(...[table, ...cells].map(cell => cell.getBoundingClientRect().right)),
        display: getComputedStyle(rows[0]).display,
    };
}"""


def sicherheit(portal: Portal) -> str:
    portal.sign_in()
    portal.open("/kundencenter/sicherheit/")
    return "#kc-audit table"


def rechnungen(portal: Portal) -> str:
    portal.sign_in()
    portal.open("/kundencenter/rechnungen/")
    return "table.kc-invoices"


def bestellungen(portal: Portal) -> str:
    portal.page.set_default_timeout(
        60_000
    )  # 100001's ~25,000 orders in the embedded moto, on a loaded machine
    portal.sign_in()
    page = portal.open("/kundencenter/statistik/")
    expect(page.locator("table.kc-orders tbody tr").first).to_be_visible()
    return "table.kc-orders"


def statistik_zahlen(portal: Portal) -> str:
    portal.page.set_default_timeout(60_000)
    portal.sign_in()
    page = portal.open("/kundencenter/statistik/")
    summary = page.get_by_text("Daten als Tabelle").first
    summary.click()
    return "details[open] table.kc-chart__numbers"


def team_queue(portal: Portal) -> str:
    portal.sign_in_staff()
    page = portal.open("/kundencenter/team/")
    expect(page.locator("table.kc-team-queue tbody tr").first).to_be_visible()
    return "table.kc-team-queue"


TABLES: dict[str, Callable[[Portal], str]] = {
    "sicherheitsprotokoll": sicherheit,
    "rechnungen": rechnungen,
    "bestellungen": bestellungen,
    "statistik-tabelle": statistik_zahlen,
    "team-tickets": team_queue,
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("table_name", list(TABLES))
def test_table_fits_the_width(portal: Portal, table_name: str, width: int) -> None:
    portal.page.set_viewport_size({"width": width, "height": 900})
    selector = TABLES[table_name](portal)
    page = portal.page
    table = page.locator(selector).first
    expect(table.locator("tbody tr").first).to_be_visible()
    layout = table.evaluate(TABLE_LAYOUT)
    assert layout["rows"] > 0, f"{table_name}: no rows"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{table_name} at {width} px: the page is {overflow} px wider than the window"
    assert layout["widest"] <= width, f"{table_name} at {width} px: a cell ends at {layout['widest']} px"
    if width == 390:
        # One block per row, every cell named by its column (the header row is for screen readers only).
        assert layout["display"] == "block", layout
        assert not layout["headerShown"], f"{table_name}: the header row is still shown on the phone"
        if table_name != "team-tickets":  # the queue's card names its subject by the link itself
            shown = [re.sub(r'^"|"\s*(/\s*"")?$|(:\s*)?"$', "", label) for label in layout["labels"]]
            assert shown == layout["expected"], f"{table_name}: cell labels {shown[:8]}"
    else:
        assert layout["display"] == "table-row", layout
        assert layout["headerShown"], f"{table_name}: no header row at {width} px"
        assert all(label in ("none", "normal") for label in layout["labels"]), layout["labels"][:6]


def test_audit_table_width_at_390_px_with_many_entries(portal: Portal) -> None:
    """The audit log after "Weitere laden" (over 20 rows, a long browser name) needs no sideways scrolling."""
    browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
    for _ in range(21):
        response = requests.post(
            portal.url("/api/auth/login"),
            json={"login": DEMO_NUMBER, "password": DEMO_PASSWORD},
            headers={"Origin": portal.base, "User-Agent": browser},
            timeout=30,
        )
        assert response.status_code == 200, response.text
    portal.page.set_viewport_size({"width": 390, "height": 844})
    sicherheit(portal)
    page = portal.page
    rows = page.locator("#kc-audit tbody tr")
    expect(rows).to_have_count(20)
    page.locator("#kc-audit").get_by_role("button", name="Weitere laden").click()
    expect(rows.nth(21)).to_be_attached()  # 21 sign-ins above and the page's own
    table_width = page.locator("#kc-audit table").evaluate("table => table.getBoundingClientRect().right")
    assert table_width <= 390, f"the audit table ends at {table_width} px at 390 px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


# Loading and "Erneut versuchen"


def section_retry(portal: Portal, path: str, pattern: str, section: str, loaded: str) -> None:
    """The first request to `pattern` fails; its section says so with "Erneut versuchen", which loads only
    that section again (no other API request), after which `loaded` is visible."""
    page = portal.page
    failed: list[str] = []

    def fail_once(route: Any) -> None:
        if not failed:
            failed.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(pattern, fail_once)
    portal.open(path)
    part = page.locator(section)
    alert = part.get_by_role("alert").filter(has=page.get_by_role("button", name="Erneut versuchen"))
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile(r"[äöüÄÖÜß]|\b(nicht|Verbindung|erneut|Bitte)\b"))
    # Never the error and the spinner at once, and the rest of the page is there.
    expect(part.locator(".kc-loading")).to_have_count(0)
    expect(page.locator(".kc-loading")).to_have_count(0)

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if "/api/" in request.url else None)
    alert.get_by_role("button", name="Erneut versuchen").click()
    expect(part.locator(loaded).first).to_be_visible()
    expect(alert).to_have_count(0)
    others = [
        url for url in requested if not re.search(pattern.replace("**", ".*").replace("*", "[^/]*"), url)
    ]
    assert not others, f"the retry of {section} also requested {others}"
    assert requested, "the retry sent no request"


@pytest.mark.parametrize("width", WIDTHS)
def test_sicherheit_audit_log_retries_alone(portal: Portal, width: int) -> None:
    portal.page.set_viewport_size({"width": width, "height": 900})
    portal.sign_in()
    section_retry(portal, "/kundencenter/sicherheit/", "**/api/audit?*", "#kc-audit", "tbody tr")
    expect(portal.page.locator(".kc-device").first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_sicherheit_devices_retry_alone(portal: Portal, width: int) -> None:
    portal.page.set_viewport_size({"width": width, "height": 900})
    portal.sign_in()
    section_retry(portal, "/kundencenter/sicherheit/", "**/api/sessions", "#kc-devices", ".kc-device")
    expect(portal.page.locator("#kc-audit tbody tr").first).to_be_visible()


def test_sicherheit_two_factor_status_retries_alone(portal: Portal) -> None:
    portal.sign_in()
    section_retry(
        portal,
        "/kundencenter/sicherheit/",
        "**/api/auth/two-factor",
        "#kc-two-factor",
        ".kc-two-factor__status",
    )


@pytest.mark.parametrize(
    ("path", "pattern", "loaded"),
    [
        ("/kundencenter/rechnungen/", "**/api/invoices?*", "table.kc-invoices"),
        ("/kundencenter/tickets/", "**/api/tickets", ".kc-ticket-card, .kc-tickets__results p"),
        ("/kundencenter/weitere-kontaktdaten/", "**/api/contacts", "h2"),
        ("/kundencenter/vertragsdaten/", "**/api/contract", "h2"),
    ],
    ids=["rechnungen", "tickets", "weitere-kontaktdaten", "vertragsdaten"],
)
def test_failed_page_part_retries(portal: Portal, path: str, pattern: str, loaded: str) -> None:
    portal.sign_in()
    section_retry(portal, path, pattern, "#kc-portal", loaded)


# Focus: nothing in a page's content takes focus that the customer cannot see. (A check box drawn as a chip
# is hidden itself; its label shows the focus ring.) Header and navigation drawer are not the pages' part.

FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    if (!element.closest(".md-content")) return { outside: true, key: element.outerHTML.slice(0, 200) };
    const seen = node => {
        const rect = node.getBoundingClientRect();
        let clipped = false;
        for (let up = node; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (style.position === "absolute" && style.clip && style.clip !== "auto") clipped = true;
            if (style.clipPath && style.clipPath !== "none") clipped = true;
        }
        return node.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && !clipped
            && rect.width >= 2 && rect.height >= 2 && rect.right > 0 && rect.left < window.innerWidth;
    };
    const label = element.labels?.[0];
    const ringOnLabel = Boolean(label) && seen(label) && getComputedStyle(label).outlineStyle !== "none";
    return {
        outside: false,
        name: `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}.${element.className}`,
        text: (element.innerText || element.value || element.getAttribute("aria-label") || "").slice(0, 40),
        visible: seen(element) || ringOnLabel,
        key: element.outerHTML.slice(0, 200) + element.getBoundingClientRect().top,
    };
}"""
NO_TRANSITION = (
    "() => !document.getAnimations().some(animation => animation instanceof CSSTransition"
    " && animation.playState === 'running')"
)


def tab_stops(page: Any, limit: int = 150) -> list[dict[str, Any]]:
    """Every stop of the Tab key in the page's content, from the top of the page, once round."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.mouse.click(1, 300)  # nothing focusable there: Tab starts at the top
    stops: list[dict[str, Any]] = []
    keys: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.wait_for_function(NO_TRANSITION)  # a focus style fading in (Material's ¶ link)
        stop = page.evaluate(FOCUSED)
        if stop is None:
            continue
        if stop["key"] in keys:
            break
        keys.add(stop["key"])
        if not stop["outside"]:
            stops.append(stop)
    return stops


PORTAL_PAGES = [
    "/kundencenter/",
    "/kundencenter/persoenliche-daten/",
    "/kundencenter/weitere-kontaktdaten/",
    "/kundencenter/vertragsdaten/",
    "/kundencenter/statistik/",
    "/kundencenter/rechnungen/",
    "/kundencenter/tickets/",
    "/kundencenter/tickets/?neu",
    "/kundencenter/sicherheit/",
]
ANONYMOUS_PAGES = [
    "/kundencenter/anmelden/",
    "/kundencenter/passwort-vergessen/",
    "/kundencenter/login-vergessen/",
    "/kundencenter/passwort-zuruecksetzen/",
    "/support/ticket/",
    "/kundencenter/team/anmelden/",
]


def invisible_stops(page: Any) -> list[str]:
    stops = tab_stops(page)
    assert stops, "no focus stop in the page's content"
    return [f"{stop['name']} ({stop['text']!r})" for stop in stops if not stop["visible"]]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_invisible_focus_stops_signed_in(portal: Portal, width: int) -> None:
    portal.page.set_viewport_size({"width": width, "height": 900})
    portal.sign_in()
    failures = []
    for path in PORTAL_PAGES:
        portal.open(path)
        failures += [f"{path}: {problem}" for problem in invisible_stops(portal.page)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_invisible_focus_stops_signed_out(portal: Portal, width: int) -> None:
    portal.page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for path in ANONYMOUS_PAGES:
        portal.open(path)
        failures += [f"{path}: {problem}" for problem in invisible_stops(portal.page)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_invisible_focus_stops_on_the_team_page(portal: Portal, width: int) -> None:
    portal.page.set_viewport_size({"width": width, "height": 900})
    portal.sign_in_staff()
    portal.open("/kundencenter/team/")
    problems = invisible_stops(portal.page)
    assert not problems, "\n".join(problems)
