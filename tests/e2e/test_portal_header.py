"""The portal's own navigation, the header's menu "Kundenbereich", the signed-in state on every page,
Material's search hotkeys kept out of portal forms, first-field focus, the deferred search index and the
phone's drawer (issue 12), each at 1280 px and 390 px."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_NAME, DEMO_NUMBER, DEMO_PASSWORD, Portal

pytestmark = pytest.mark.e2e

SECTIONS = [
    "Übersicht",
    "Persönliche Daten",
    "Weitere Kontaktdaten",
    "Vertragsdaten",
    "Statistik",
    "Rechnungen",
    "Tickets",
    "Sicherheit",
]
HELP_TABS = [
    "Hilfe-Center",
    "Zugang",
    "Persönliche Daten",
    "Vertragsdaten",
    "Statistik",
    "Rechnungen",
    "Support",
    "Weitere Kontaktdaten",
]
HELP_ARTICLE = "/zugang/anmelden/"
SEARCH_INDEX = re.compile(r"/search/search_index\.json")


@pytest.fixture(params=[1280, 390], ids=lambda width: f"{width}px")
def width(request: Any, page: Any) -> int:
    page.set_viewport_size({"width": request.param, "height": 844})
    return int(request.param)


@pytest.fixture
def portal(page: Any, fresh_stack: Any, width: int) -> Portal:
    return Portal(page, fresh_stack)


def session_requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if "/api/session" in request.url else None)
    return seen


def search_is_open(page: Any) -> bool:
    return bool(page.evaluate("() => document.getElementById('__search').checked"))


def open_drawer(page: Any) -> Any:
    page.locator("label.md-header__button[for=__drawer]").click()
    drawer = page.locator(".md-sidebar--primary")
    expect(drawer).to_be_in_viewport()
    return drawer


def expect_reachable(link: Any) -> None:
    """The link is on screen and nothing covers it (a click would reach it)."""
    expect(link).to_be_in_viewport()
    link.click(trial=True)


def sign_in_with_the_form(portal: Portal) -> Any:
    page = portal.open("/kundencenter/anmelden/")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(portal.url("/kundencenter/"))
    portal.wait_until_mounted()
    return page


# 1. The portal's own navigation


def test_portal_pages_show_the_portal_navigation_instead_of_the_help_sections(
    portal: Portal, width: int
) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/rechnungen/")
    expect(page.locator("[data-kc-area]")).to_have_text("Kundencenter")
    nav = open_drawer(page) if width < 1220 else page.locator(".md-sidebar--primary")
    portal_nav = nav.get_by_role("navigation", name="Kundencenter")
    links = portal_nav.locator(".md-nav__list .md-nav__link")
    expect(links).to_have_text(SECTIONS)
    expect(portal_nav.get_by_role("link", name="Rechnungen")).to_have_attribute("aria-current", "page")
    for link in links.all():
        expect_reachable(link)
    # No help section and no page of the support team in any navigation of the portal page.
    navigation_text = " ".join(page.locator(".md-tabs, .md-sidebar").all_inner_texts())
    for help_only in ("Zugang", "Support"):
        assert help_only not in navigation_text
    assert (
        page.locator(".md-tabs a, .md-sidebar a").evaluate_all(
            "links => links.filter(link => link.pathname.includes('/kundencenter/team/')).length"
        )
        == 0
    )
    if width >= 1220:
        expect(page.locator(".md-tabs .md-tabs__link")).to_have_text(["Hilfe-Center", "Kundencenter"])

    # The way back to help is one separate link; the header says where the customer is.
    same_document = portal.marker()
    portal_nav.get_by_role("link", name="Zum Hilfe-Center").click()
    expect(page).to_have_url(portal.url("/"))
    expect(page.locator("[data-kc-area]")).to_have_text("Hilfe-Center")
    assert same_document() == "same document"
    if width >= 1220:
        expect(page.locator(".md-tabs .md-tabs__link")).to_have_text(HELP_TABS)
    # Help navigation never links a portal page.
    assert (
        page.locator(".md-tabs a, .md-sidebar--primary a").evaluate_all(
            "links => links.filter(link => link.pathname.includes('/kundencenter/')).length"
        )
        == 0
    )


# 2. The menu "Kundenbereich"


def test_kundenbereich_menu_by_keyboard_only(portal: Portal, width: int) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/rechnungen/")
    same_document = portal.marker()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    button = portal.account_button
    for _ in range(20):  # from the top of the page, with Tab only
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    menu = page.locator("#kc-account-menu")
    expect(menu).to_be_hidden()

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu).to_contain_text("Kundenbereich")
    expect(menu).to_contain_text(f"Kundennummer {DEMO_NUMBER}")
    expect(menu.get_by_role("link")).to_have_text(SECTIONS)
    expect(menu.get_by_role("link", name="Rechnungen")).to_have_attribute("aria-current", "page")
    box = menu.bounding_box()
    assert box, "the menu has no box"
    assert box["x"] >= 0, f"the menu leaves the screen: {box}"
    assert box["x"] + box["width"] <= width, f"the menu leaves the screen: {box}"

    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Übersicht")).to_be_focused()
    for _ in SECTIONS[1:]:
        page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Sicherheit")).to_be_focused()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("button", name="Abmelden")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    for _ in range(SECTIONS.index("Tickets") + 1):
        page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Tickets")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url("/kundencenter/tickets/"))
    portal.wait_until_mounted()
    expect(menu).to_be_hidden()
    assert same_document() == "same document", "the menu's link reloaded the document"

    # Tab past the menu's end closes it.
    button.focus()
    page.keyboard.press("Enter")
    for _ in range(len(SECTIONS) + 2):
        page.keyboard.press("Tab")
    expect(menu).to_be_hidden()


def test_kundenbereich_menu_opens_on_hover_and_click(portal: Portal, width: int) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")
    menu = page.locator("#kc-account-menu")
    if width >= 1220:
        portal.account_button.hover()
        expect(menu).to_be_visible()
        page.locator(".md-content h1").hover()
        expect(menu).to_be_hidden()
    portal.account_button.click()
    expect(menu).to_be_visible()
    if width >= 1220:
        page.locator(".md-content h1").hover()  # opened by a click: stays open when the pointer leaves
        expect(portal.account_button).to_have_attribute("aria-expanded", "true")
    portal.account_button.click()
    expect(menu).to_be_hidden()
    portal.account_button.click()
    expect(menu).to_be_visible()
    page.mouse.click(4, 800)  # a click elsewhere (the page's margin, below the menu) closes it
    expect(menu).to_be_hidden()
    portal.account_button.click()
    menu.get_by_role("link", name="Vertragsdaten").click()
    expect(page).to_have_url(portal.url("/kundencenter/vertragsdaten/"))


# 3. The signed-in state on every page


def test_signed_in_state_on_help_pages_after_reload_and_instant_navigation(
    portal: Portal, width: int
) -> None:
    page = portal.page
    requests = session_requests(page)
    page.goto(portal.url(HELP_ARTICLE))
    page.wait_for_load_state("networkidle")
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    assert requests == [], "a help page asked for a session nobody ever had"

    sign_in_with_the_form(portal)
    page.goto(portal.url(HELP_ARTICLE))  # a full load of a help page
    expect(portal.account_button).to_be_visible()
    expect(portal.account).to_contain_text(DEMO_NAME)
    expect(portal.account).to_contain_text(f"Kd.-Nr. {DEMO_NUMBER}")
    expect(portal.account_menu().get_by_role("button", name="Abmelden")).to_be_visible()
    expect(page.locator("script[src*='javascripts/portal/']")).to_have_count(0)

    same_document = portal.marker()
    page.keyboard.press("Escape")
    page.locator(".md-content").get_by_role("link", name="Zwei-Faktor-Anmeldung").first.click()
    expect(page).to_have_url(re.compile(r"/zugang/sicherheit/"))
    assert same_document() == "same document"
    expect(portal.account).to_contain_text(DEMO_NAME)
    expect(portal.account_menu().get_by_role("button", name="Abmelden")).to_be_visible()

    page.reload()
    expect(portal.account).to_contain_text(DEMO_NAME)
    expect(portal.account).to_contain_text(f"Kd.-Nr. {DEMO_NUMBER}")

    # Abmelden on a help page: the sign-in page with a confirmation, and help pages stop asking.
    portal.sign_out_from_header()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(page.get_by_role("status").filter(has_text="Sie wurden abgemeldet.")).to_be_visible()
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    requests.clear()
    page.goto(portal.url(HELP_ARTICLE))
    page.wait_for_load_state("networkidle")
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    assert requests == []


def test_a_session_ended_elsewhere_shows_anmelden_on_a_help_page(portal: Portal, width: int) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")  # the portal notes that a session may exist
    assert portal.api_status("POST", "/api/auth/logout") in (200, 204)  # ends the session behind the cookie
    page.goto(portal.url(HELP_ARTICLE))
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    expect(portal.account).not_to_contain_text(DEMO_NAME)


# 4. Search hotkeys


def test_no_search_hotkey_while_typing_in_a_portal_form(portal: Portal, width: int) -> None:
    page = portal.open("/kundencenter/anmelden/")
    login = page.get_by_label("E-Mail-Adresse oder Kundennummer")
    expect(login).to_be_focused()
    page.keyboard.type("support/faq")
    expect(login).to_have_value("support/faq")
    password = page.get_by_label("Passwort", exact=True)
    password.click()
    page.keyboard.type("s/f.n,pS")
    expect(password).to_have_value("s/f.n,pS")
    page.get_by_role("button", name=re.compile("Passwort anzeigen")).focus()
    page.keyboard.press("s")
    page.keyboard.press("/")
    assert not search_is_open(page), "a key typed in the portal opened the search"
    expect(page.locator("[data-md-component=search-query]")).to_have_value("")


def test_no_search_hotkey_before_the_customer_clicked(portal: Portal, width: int) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")  # a portal page without a form: nothing has the focus
    page.keyboard.press("s")
    page.keyboard.press("/")
    assert not search_is_open(page)
    page.locator(".md-content h1").click()
    page.keyboard.press("/")  # after a click the hotkey works as on help pages
    page.wait_for_function("() => document.getElementById('__search').checked")


# 5. First field focus, no invisible focus stops


def test_the_first_field_has_focus_on_load_and_after_instant_navigation(portal: Portal, width: int) -> None:
    page = portal.open("/kundencenter/passwort-vergessen/")
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_be_focused()
    page.get_by_role("link", name="Zurück zur Anmeldung").click()
    portal.wait_until_mounted()
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_be_focused()
    page.get_by_role("link", name="Login vergessen?").click()
    portal.wait_until_mounted()
    expect(page.locator("#kc-portal form input").first).to_be_focused()

    portal.sign_in()
    page = portal.open("/kundencenter/weitere-kontaktdaten/")
    first = page.locator("#kc-portal form").first.locator("input:not([type=hidden]), select, textarea").first
    expect(first).to_be_focused()


@pytest.mark.parametrize("path", [HELP_ARTICLE, "/kundencenter/anmelden/"])
def test_every_focus_stop_is_visible(portal: Portal, width: int, path: str) -> None:
    page = portal.open(path) if path.startswith("/kundencenter/") else portal.page
    if not path.startswith("/kundencenter/"):
        page.goto(portal.url(path))
    invisible = page.evaluate(
        """async () => {
            const focusable = [...document.querySelectorAll(
                "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"
            )];
            const found = [];
            for (const element of focusable) {
                if (element.tabIndex < 0) continue;  // not in the Tab order
                element.focus();
                if (document.activeElement !== element) continue;  // not a focus stop
                const box = element.getBoundingClientRect();
                const style = getComputedStyle(element);
                const onScreen = box.right > 0 && box.left < innerWidth && box.width > 0 && box.height > 0;
                if (!onScreen || style.visibility === "hidden") {
                    found.push(element.outerHTML.slice(0, 120));
                }
            }
            return found;
        }"""
    )
    assert invisible == []


# 6. The search index on portal pages


def test_the_search_index_loads_on_a_portal_page_only_when_the_search_opens(
    portal: Portal, width: int
) -> None:
    page = portal.page
    index_requests: list[str] = []
    page.on(
        "request",
        lambda request: index_requests.append(request.url) if SEARCH_INDEX.search(request.url) else None,
    )
    page.goto(portal.url(HELP_ARTICLE))
    page.wait_for_load_state("networkidle")
    assert len(index_requests) == 1, "help pages load the index at once (the measurement works)"

    index_requests.clear()
    portal.open("/kundencenter/anmelden/")
    page.wait_for_load_state("networkidle")
    assert index_requests == []

    with page.expect_request(SEARCH_INDEX):
        opener = page.locator("label.md-header__button[for=__search]")
        if opener.is_visible():
            opener.click()
        else:
            page.locator("[data-md-component=search-query]").click()
    page.locator("[data-md-component=search-query]").fill("Rechnung")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


# 7. The phone's drawer


@pytest.mark.parametrize("width", [390], indirect=True, ids=["390px"])  # the phone's navigation
def test_the_drawer_opens_on_the_top_level_with_every_section(portal: Portal, width: int) -> None:
    page = portal.page
    page.goto(portal.url("/rechnungen/e-rechnung/"))
    drawer = open_drawer(page)
    top = drawer.locator(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")
    expect(top).to_have_text(HELP_TABS)
    for link in top.all():
        expect_reachable(link)
    expect(drawer.locator(".md-nav__source, .md-source")).to_have_count(0)
    assert not re.search(r"\bGit\b|Repository", drawer.inner_text())
    expect(page.get_by_text("Made with")).to_have_count(0)

    # The current section is one tap (on its arrow) away.
    drawer.locator(
        ".md-nav--primary > .md-nav__list > .md-nav__item--active > .md-nav__container > label"
    ).click()
    expect_reachable(drawer.get_by_role("link", name="Rechnungen finden und herunterladen"))
