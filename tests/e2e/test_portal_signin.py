"""Anmelden and Abmelden in the browser: the forms, messages, redirects and the header."""

import re
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_NAME, DEMO_NUMBER, DEMO_PASSWORD, Portal

pytestmark = pytest.mark.e2e


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def watch_button(page: Any, name: str) -> None:
    """Record every label and disabled state the button shows, across the next page load."""
    page.get_by_role("button", name=name, exact=True).evaluate(
        """button => {
            sessionStorage.setItem("kcSeen", "[]");
            new MutationObserver(() => {
                const seen = JSON.parse(sessionStorage.getItem("kcSeen"));
                seen.push([button.textContent, button.disabled]);
                sessionStorage.setItem("kcSeen", JSON.stringify(seen));
            }).observe(button, { childList: true, characterData: true, subtree: true, attributes: true });
        }"""
    )


def seen_states(page: Any) -> list[list[Any]]:
    states: list[list[Any]] = page.evaluate("JSON.parse(sessionStorage.getItem('kcSeen'))")
    return states


@pytest.mark.parametrize("login", [DEMO_EMAIL, DEMO_NUMBER], ids=["e-mail", "kundennummer"])
def test_sign_in_leads_to_the_overview_with_the_customer_in_the_header(portal: Portal, login: str) -> None:
    page = portal.page
    page.goto(portal.url("/kundencenter/"))
    expect(page).to_have_url(re.compile(r"/kundencenter/anmelden/\?next=%2Fkundencenter%2F$"))
    portal.wait_until_mounted()
    expect(portal.account).to_contain_text("Anmelden")

    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(login)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    watch_button(page, "Anmelden")
    page.get_by_role("button", name="Anmelden", exact=True).click()

    expect(page).to_have_url(portal.url("/kundencenter/"))
    expect(page.get_by_text(f"Guten Tag Frau {DEMO_NAME}!")).to_be_visible()
    expect(page.locator(".kc-facts")).to_contain_text(f"Kundennummer{DEMO_NUMBER}")
    expect(portal.account).to_contain_text(DEMO_NAME)
    expect(portal.account).to_contain_text(f"Kd.-Nr. {DEMO_NUMBER}")
    expect(portal.account_menu().get_by_role("button", name="Abmelden")).to_be_visible()
    assert ["Bitte warten …", True] in seen_states(page), "the button did not show that the request runs"


def test_wrong_password_shows_the_german_message_and_stays_on_the_page(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_EMAIL)
    page.get_by_label("Passwort", exact=True).fill("Falsches-Passwort-1")
    page.get_by_role("button", name="Anmelden", exact=True).click()

    alert = page.get_by_role("alert").filter(has_text="Die Zugangsdaten sind nicht korrekt")
    expect(alert).to_have_text(
        "Die Zugangsdaten sind nicht korrekt. Bitte prüfen Sie E-Mail-Adresse oder Kundennummer und Passwort."
    )
    expect(alert).to_be_focused()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_have_value(DEMO_EMAIL)
    expect(page.get_by_label("Passwort", exact=True)).to_have_value("")
    expect(page.get_by_role("button", name="Anmelden", exact=True)).to_be_enabled()
    assert portal.api_status("GET", "/api/session") == 401


def test_empty_fields_are_named_at_the_field_and_nothing_is_sent(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if "/api/auth/" in request.url else None)
    page.get_by_role("button", name="Anmelden", exact=True).click()

    login = page.get_by_label("E-Mail-Adresse oder Kundennummer")
    expect(login).to_be_focused()
    expect(login).to_have_attribute("aria-invalid", "true")
    expect(login).to_have_accessible_description(
        re.compile("Bitte geben Sie Ihre E-Mail-Adresse oder Kundennummer ein.")
    )
    password = page.get_by_label("Passwort", exact=True)
    expect(password).to_have_accessible_description(re.compile("Bitte geben Sie Ihr Passwort ein."))
    assert requests == []


def test_password_can_be_shown_and_hidden_again(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    password = page.get_by_label("Passwort", exact=True)
    password.fill("geheim")
    expect(password).to_have_attribute("type", "password")
    page.get_by_role("button", name="Passwort anzeigen").click()
    expect(password).to_have_attribute("type", "text")
    page.get_by_role("button", name="Passwort verbergen").press("Enter")
    expect(password).to_have_attribute("type", "password")
    expect(password).to_have_attribute("autocomplete", "current-password")
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_have_attribute(
        "autocomplete", "username"
    )


@pytest.mark.parametrize(
    ("next_target", "landing"),
    [
        ("/kundencenter/sicherheit/", "/kundencenter/sicherheit/"),
        ("https://example.org/kundencenter/", "/kundencenter/"),
        ("//example.org/kundencenter/", "/kundencenter/"),
        ("/zugang/anmelden/", "/kundencenter/"),
    ],
    ids=["portal-page", "other-site", "protocol-relative", "outside-kundencenter"],
)
def test_after_sign_in_next_is_followed_only_within_the_kundencenter(
    portal: Portal, next_target: str, landing: str
) -> None:
    page = portal.open(f"/kundencenter/anmelden/?next={quote(next_target, safe='')}")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(portal.url(landing))
    portal.wait_until_mounted()


def test_a_page_that_needs_a_session_sends_to_anmelden_and_back(portal: Portal) -> None:
    page = portal.page
    page.goto(portal.url("/kundencenter/sicherheit/"))
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/?next=%2Fkundencenter%2Fsicherheit%2F"))
    portal.wait_until_mounted()
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_EMAIL)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url("/kundencenter/sicherheit/"))
    expect(page.get_by_role("heading", name="Angemeldete Geräte")).to_be_visible()


def test_signed_in_customer_opening_anmelden_is_sent_to_the_overview(portal: Portal) -> None:
    portal.sign_in()
    portal.open("/kundencenter/")  # a page of the Kundencenter once: the header notes a session may exist
    page = portal.page
    page.goto(portal.url("/kundencenter/anmelden/"))
    expect(page).to_have_url(portal.url("/kundencenter/"))
    expect(page.get_by_text(f"Guten Tag Frau {DEMO_NAME}!")).to_be_visible()


def test_anmelden_in_a_browser_that_never_signed_in_asks_for_no_session(portal: Portal) -> None:
    """No session request, so no 401 in the browser's console (Lighthouse: best practices)."""
    asked: list[str] = []
    portal.page.on(
        "request", lambda request: asked.append(request.url) if "/api/session" in request.url else None
    )
    page = portal.open("/kundencenter/anmelden/")
    expect(page.get_by_label("Passwort", exact=True)).to_be_visible()
    assert asked == []


def test_sign_out_from_the_header(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")
    portal.sign_out_from_header()

    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(page.get_by_role("status").filter(has_text="Sie wurden abgemeldet.")).to_be_visible()
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    expect(portal.account).not_to_contain_text(DEMO_NAME)
    assert portal.api_status("GET", "/api/session") == 401

    page.goto(portal.url("/kundencenter/"))
    expect(page).to_have_url(re.compile(r"/kundencenter/anmelden/\?next="))


@pytest.mark.parametrize(
    ("status", "body", "headers", "message"),
    [
        (
            429,
            '{"Code": "TooManyAttempts", "Message": "Zu viele Versuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut."}',
            {"Retry-After": "900"},
            "Zu viele Versuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut.",
        ),
        (
            502,
            '{"message": "Internal server error"}',
            {},
            "Im Kundencenter ist ein Fehler aufgetreten. Bitte versuchen Sie es in einigen Minuten erneut.",
        ),
        (
            None,
            "",
            {},
            "Das Kundencenter ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung",
        ),
    ],
    ids=["throttled", "gateway-error", "offline"],
)
def test_sign_in_problems_are_explained_in_german(
    portal: Portal, status: int | None, body: str, headers: dict[str, str], message: str
) -> None:
    page = portal.open("/kundencenter/anmelden/")

    def answer(route: Any) -> None:
        if status is None:
            route.abort("internetdisconnected")
        else:
            route.fulfill(status=status, body=body, content_type="application/json", headers=headers)

    page.route("**/api/auth/login", answer)
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(message)
    expect(alert).to_be_focused()
    expect(page.get_by_role("button", name="Anmelden", exact=True)).to_be_enabled()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))


def test_too_many_attempts_links_passwort_vergessen_and_the_support(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    page.route(
        "**/api/auth/login",
        lambda route: route.fulfill(
            status=429,
            body='{"Code": "TooManyAttempts", "Message": "Zu viele Versuche. Bitte warten Sie 15 Minuten '
            'und versuchen Sie es dann erneut."}',
            content_type="application/json",
            headers={"Retry-After": "900"},
        ),
    )
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill("falsch-geraten")
    page.get_by_role("button", name="Anmelden", exact=True).click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Zu viele Versuche.")
    expect(alert).to_be_focused()
    expect(alert.get_by_role("link", name="Schreiben Sie uns ein Ticket")).to_have_attribute(
        "href", re.compile(r"/support/ticket/$")
    )
    expect(alert).to_contain_text("support@unicorn2.de")
    alert.get_by_role("link", name="Passwort vergessen", exact=True).click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))


def test_a_device_signed_out_elsewhere_lands_on_anmelden_with_the_reason(
    portal: Portal, browser: Any
) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/")
    expect(portal.account).to_contain_text(DEMO_NAME)

    # The customer's other device signs in and ends every other session (Sicherheit › "Alle anderen abmelden").
    other = browser.new_context(extra_http_headers={"Origin": portal.base})
    try:
        assert (
            other.request.post(
                portal.url("/api/auth/login"), data={"login": DEMO_NUMBER, "password": DEMO_PASSWORD}
            ).status
            == 200
        )
        assert other.request.delete(portal.url("/api/sessions")).status == 200
    finally:
        other.close()

    page.goto(portal.url("/kundencenter/"))
    expect(page).to_have_url(re.compile(r"/kundencenter/anmelden/\?next=%2Fkundencenter%2F$"))
    portal.wait_until_mounted()
    message = page.get_by_role("status").filter(has_text="Sie wurden abgemeldet")
    expect(message).to_contain_text(
        "auf einem anderen Gerät oder durch eine Änderung Ihres Passworts beendet"
    )
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()

    # Said once: the next visit is an ordinary sign-in.
    page.goto(portal.url("/kundencenter/anmelden/"))
    portal.wait_until_mounted()
    expect(page.get_by_text("Sie wurden abgemeldet")).to_have_count(0)
