"""Sicherheit in the browser: change the password, sign out other devices, read the audit log."""

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_NUMBER, DEMO_PASSWORD, Portal

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Leuchtturm am Deich 2031"
BERLIN = ZoneInfo("Europe/Berlin")
BERLIN_TIME = re.compile(r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$")


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def sign_in_elsewhere(portal: Portal, user_agent: str) -> requests.Session:
    """Another device: its own cookie jar and browser."""
    device = requests.Session()
    device.headers["User-Agent"] = user_agent
    response = device.post(
        portal.url("/api/auth/login"), json={"login": DEMO_EMAIL, "password": DEMO_PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    return device


def test_password_change_with_checks_at_the_fields(portal: Portal) -> None:
    portal.sign_in()
    other_device = sign_in_elsewhere(portal, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0")
    page = portal.open("/kundencenter/sicherheit/")
    current = page.get_by_label("Aktuelles Passwort", exact=True)
    new = page.get_by_label("Neues Passwort", exact=True)
    repeat = page.get_by_label("Neues Passwort wiederholen", exact=True)
    expect(current).to_have_attribute("autocomplete", "current-password")
    expect(new).to_have_attribute("autocomplete", "new-password")
    expect(repeat).to_have_attribute("autocomplete", "new-password")

    current.fill("Nicht mein Passwort 1")
    new.fill(NEW_PASSWORD)
    repeat.fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="Passwort ändern").click()
    expect(repeat).to_be_focused()
    expect(repeat).to_have_accessible_description(re.compile("Die beiden Eingaben stimmen nicht überein."))

    repeat.fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()
    expect(current).to_be_focused()
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(current).to_have_accessible_description(re.compile("Das aktuelle Passwort ist nicht korrekt."))
    expect(repeat).not_to_have_attribute("aria-invalid", "true")

    current.fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()
    done = page.get_by_role("status").filter(has_text="Ihr Passwort wurde geändert.")
    expect(done).to_be_focused()
    expect(current).to_have_value("")
    expect(new).to_have_value("")
    expect(page.locator(".kc-device")).to_have_count(1)  # the other device was signed out
    expect(page.locator(".kc-table tbody tr").first).to_contain_text("Passwort geändert")

    assert other_device.get(portal.url("/api/session"), timeout=10).status_code == 401
    assert portal.api_status("GET", "/api/session") == 200, "this device stays signed in"
    fresh = requests.post(
        portal.url("/api/auth/login"), json={"login": DEMO_NUMBER, "password": NEW_PASSWORD}, timeout=10
    )
    assert fresh.status_code == 200


def test_sign_out_another_device(browser: Any, portal: Portal) -> None:
    other_context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    try:
        other = Portal(other_context.new_page(), portal.stack)
        other.sign_in(DEMO_EMAIL)
        other.open("/kundencenter/")

        portal.sign_in()
        page = portal.open("/kundencenter/sicherheit/")
        devices = page.locator(".kc-device")
        expect(devices).to_have_count(2)
        this_device = devices.filter(has_text="Dieses Gerät")
        expect(this_device).to_have_count(1)
        expect(this_device.get_by_role("button")).to_have_count(0)
        expect(this_device.locator("time").first).to_have_text(BERLIN_TIME)

        other_device = devices.filter(has_not_text="Dieses Gerät")
        other_device.get_by_role("button", name=re.compile(r"^Abmelden\b.*Chrome")).click()
        expect(page.get_by_role("status").filter(has_text="wurde abgemeldet.")).to_be_focused()
        expect(devices).to_have_count(1)
        expect(page.get_by_role("button", name="Alle anderen Geräte abmelden")).to_be_hidden()

        # The other browser is sent to Anmelden at its next step, and told why.
        other.page.get_by_role("link", name="Sicherheit").first.click()
        expect(other.page).to_have_url(
            re.compile(r"/kundencenter/anmelden/\?next=%2Fkundencenter%2Fsicherheit%2F$")
        )
        expect(other.page.get_by_role("status")).to_contain_text(
            "Sie wurden abgemeldet, weil Ihre Anmeldung auf einem anderen Gerät"
        )
    finally:
        other_context.close()


def test_sign_out_all_other_devices(portal: Portal) -> None:
    devices = [
        sign_in_elsewhere(
            portal, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Version/18.0 Safari/605.1.15"
        ),
        sign_in_elsewhere(portal, "Mozilla/5.0 (Linux; Android 15) Chrome/140.0 Mobile Safari/537.36"),
    ]
    portal.sign_in()
    page = portal.open("/kundencenter/sicherheit/")
    expect(page.locator(".kc-device")).to_have_count(3)
    names = page.locator(".kc-device__name").all_inner_texts()
    assert {"Safari 18 auf macOS", "Chrome 140 auf Android"} <= set(names), names

    page.get_by_role("button", name="Alle anderen Geräte abmelden").click()
    expect(page.get_by_role("status").filter(has_text="2 andere Geräte wurden abgemeldet.")).to_be_focused()
    expect(page.locator(".kc-device")).to_have_count(1)
    for device in devices:
        assert device.get(portal.url("/api/session"), timeout=10).status_code == 401


def test_audit_log_shows_sign_ins_in_berlin_time_and_pages_on(browser: Any, fresh_stack: Any) -> None:
    # A browser in New York: times are still shown as in Berlin.
    context = browser.new_context(locale="de-DE", timezone_id="America/New_York")
    try:
        portal = Portal(context.new_page(), fresh_stack)
        failed = requests.post(
            portal.url("/api/auth/login"),
            json={"login": DEMO_NUMBER, "password": "Falsch-falsch-1"},
            timeout=10,
        )
        assert failed.status_code == 401
        for _ in range(20):  # more entries than one page (20) holds
            sign_in_elsewhere(portal, "Mozilla/5.0 (X11; Linux x86_64) Firefox/139.0")
        portal.sign_in()
        page = portal.open("/kundencenter/sicherheit/")

        rows = page.locator(".kc-table tbody tr")
        expect(rows).to_have_count(20)
        newest = rows.first
        expect(newest.locator("td").nth(1)).to_have_text("Anmeldung")
        expect(newest.locator("td").nth(2)).to_have_text(re.compile(r"^Chrome \d+ auf Linux$"))
        expect(newest.locator("td").nth(3)).to_have_text("127.0.0.1")
        shown = newest.locator("time")
        moment = datetime.fromisoformat(str(shown.get_attribute("datetime")).replace("Z", "+00:00"))
        expect(shown).to_have_text(moment.astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr"))

        more = page.get_by_role("button", name="Weitere laden")
        more.click()
        expect(rows).to_have_count(22)
        expect(rows.nth(20)).to_be_focused()  # the first of the new rows
        expect(rows.last).to_contain_text("Fehlgeschlagene Anmeldung")
        expect(more).to_be_hidden()
    finally:
        context.close()


def test_an_action_after_the_session_ended_leads_to_anmelden_and_back(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open("/kundencenter/sicherheit/")
    assert portal.api_status("POST", "/api/auth/logout") == 204  # e.g. ended by the idle timeout

    page.get_by_label("Aktuelles Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Neues Passwort wiederholen", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()

    expect(page).to_have_url(portal.url("/kundencenter/anmelden/?next=%2Fkundencenter%2Fsicherheit%2F"))
    expect(page.get_by_role("status")).to_have_text(
        "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an."
    )
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
