"""Vertragsdaten in the browser: an upgrade through the price preview and "Kostenpflichtig bestätigen" (one
Idempotency-Key, reused on retry), a scheduled downgrade and its withdrawal, a change that is not allowed,
a stale version with reload, the page without the contract API, "Lizenzschlüssel neu erzeugen" (shown once,
works for unicorn 2 at once, the previous key dead); axe-core at phone width (the desktop width runs in
test_portal_accessibility.py)."""

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.portal_support import Portal

pytestmark = pytest.mark.e2e

PAGE = "/kundencenter/vertragsdaten/"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def euro(cents: int) -> re.Pattern[str]:
    """The amount as the page shows it ("1.234,56 €", any space before the sign)."""
    whole, rest = divmod(cents, 100)
    return re.compile(re.escape(f"{whole:,}".replace(",", ".") + f",{rest:02d}") + r"\s€")


def contract(portal: Portal) -> dict[str, Any]:
    response = portal.page.request.get(portal.url("/api/contract"))
    assert response.status == 200, response.text()
    data: dict[str, Any] = response.json()
    return data


def preview(portal: Portal, change: dict[str, str]) -> Any:
    return portal.page.request.post(portal.url("/api/contract/preview"), data=change)


def change_by_api(portal: Portal, change: dict[str, str]) -> dict[str, Any]:
    body = {**change, "version": contract(portal)["version"]}
    response = portal.page.request.post(
        portal.url("/api/contract/changes"), data=body, headers={"Idempotency-Key": str(uuid.uuid4())}
    )
    assert response.status in (200, 201), response.text()
    data: dict[str, Any] = response.json()
    return data


def test_upgrade_with_preview_and_confirmation_retried_with_the_same_key(portal: Portal) -> None:
    portal.sign_in()
    before = contract(portal)
    assert before["licence"]["id"] == "single"
    expected = preview(portal, {"licence": "multi"}).json()
    page = portal.open(PAGE)
    overview = page.locator("#kc-contract")
    expect(overview).to_contain_text("Single-Lizenz")
    expect(overview).to_contain_text(euro(before["monthly_net_cents"]))
    expect(overview).to_contain_text(euro(before["monthly_gross_cents"]))

    sent: list[Any] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request)
            if request.method == "POST" and request.url.endswith("/api/contract/changes")
            else None
        ),
    )
    # The first confirmation is lost on the way (network down): the retry must carry the same key.
    page.route("**/api/contract/changes", lambda route: route.abort(), times=1)

    opener = page.get_by_role("button", name="Auf Multi-Lizenz upgraden")
    opener.click()
    step = page.locator("#kc-change")
    expect(step.get_by_role("heading", level=2)).to_be_focused()
    expect(step).to_contain_text("sofort")
    expect(step).to_contain_text(euro(expected["due_now_net_cents"]))
    expect(step).to_contain_text(euro(expected["new_monthly_net_cents"]))
    expect(step).to_contain_text(euro(expected["new_monthly_gross_cents"]))

    # Abbrechen changes nothing and gives the focus back.
    step.get_by_role("button", name="Abbrechen").click()
    expect(step).to_have_count(0)
    expect(opener).to_be_focused()
    opener.click()

    confirm = step.get_by_role("button", name="Kostenpflichtig bestätigen")
    confirm.click()
    expect(step.get_by_role("alert")).to_contain_text("nicht erreichbar")
    assert contract(portal)["licence"]["id"] == "single"
    confirm.click()
    done = page.get_by_role("status").filter(has_text="Die Änderung gilt ab sofort")
    expect(done).to_be_focused()
    expect(page.locator("#kc-contract")).to_contain_text("Multi-Lizenz")
    expect(page.get_by_role("button", name="Auf Single-Lizenz wechseln")).to_be_visible()

    after = contract(portal)
    assert after["licence"]["id"] == "multi"
    assert len(sent) == 2
    keys = {request.headers["idempotency-key"] for request in sent}
    assert len(keys) == 1, keys
    assert uuid.UUID(keys.pop()).version == 4
    assert sent[-1].post_data_json == {"licence": "multi", "version": before["version"]}


def test_scheduled_downgrade_and_its_withdrawal(portal: Portal) -> None:
    portal.sign_in()
    change_by_api(portal, {"licence": "multi"})
    expected = preview(portal, {"licence": "single"}).json()
    page = portal.open(PAGE)

    page.get_by_role("button", name="Auf Single-Lizenz wechseln").focus()
    page.keyboard.press("Enter")
    step = page.locator("#kc-change")
    expect(step.get_by_role("heading", level=2)).to_be_focused()
    expect(step.locator(f'time[datetime="{expected["effective_date"]}"]').first).to_be_visible()
    expect(step).to_contain_text(euro(expected["new_monthly_net_cents"]))
    page.keyboard.press("Tab")
    expect(step.get_by_role("button", name="Kostenpflichtig bestätigen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Vorgemerkt")).to_be_focused()

    scheduled = page.locator("#kc-scheduled")
    expect(scheduled.locator("li")).to_have_count(1)
    expect(scheduled.locator(f'time[datetime="{expected["effective_date"]}"]')).to_be_visible()
    (pending,) = contract(portal)["scheduled_changes"]
    assert pending["kind"] == "downgrade"
    # The licence section says a change is planned instead of offering a second one.
    expect(page.get_by_role("button", name="Auf Single-Lizenz wechseln")).to_have_count(0)

    # By keyboard alone: the dialog starts on "Nicht zurücknehmen", the confirmation is one step back.
    scheduled.get_by_role("button", name=re.compile("^Änderung zurücknehmen")).focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Geplante Änderung zurücknehmen?")
    expect(dialog.get_by_role("button", name="Nicht zurücknehmen")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(dialog.get_by_role("button", name="Änderung zurücknehmen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="wurde zurückgenommen")).to_be_focused()
    expect(scheduled).to_contain_text("Es sind keine Änderungen geplant.")
    after = contract(portal)
    assert after["scheduled_changes"] == []
    assert after["licence"]["id"] == "multi"


def test_a_change_that_is_not_allowed_shows_the_reason(portal: Portal) -> None:
    portal.sign_in()
    answer = preview(portal, {"option": "multishop", "action": "book"})
    assert answer.status == 409, answer.text()
    reason = answer.json()["Message"]
    page = portal.open(PAGE)
    page.locator('[data-option="multishop"]').get_by_role("button", name=re.compile("^Buchen")).click()
    step = page.locator("#kc-change")
    expect(step.get_by_role("alert")).to_have_text(reason)
    expect(step.get_by_role("alert")).to_be_focused()
    expect(step.get_by_role("button", name="Kostenpflichtig bestätigen")).to_have_count(0)


def test_a_stale_version_offers_to_reload(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    # Another window cancels Premium Service meanwhile: this page's version is stale now.
    change_by_api(portal, {"option": "premium_service", "action": "cancel"})
    page.get_by_role("button", name="Auf Multi-Lizenz upgraden").click()
    step = page.locator("#kc-change")
    step.get_by_role("button", name="Kostenpflichtig bestätigen").click()
    alert = step.get_by_role("alert")
    expect(alert).to_contain_text("inzwischen an anderer Stelle geändert")
    expect(alert).to_be_focused()
    assert contract(portal)["licence"]["id"] == "single"
    alert.get_by_role("button", name="Aktuelle Daten laden").click()
    expect(page.locator("#kc-contract-heading")).to_be_focused()
    expect(page.locator("#kc-scheduled li")).to_have_count(1)


def test_without_the_contract_api_the_page_says_so(portal: Portal) -> None:
    portal.sign_in()
    portal.page.route(
        "**/api/contract",
        lambda route: route.fulfill(status=404, json={"Code": "NotFound", "Message": "Nicht gefunden."}),
    )
    page = portal.open(PAGE)
    expect(page.get_by_role("status")).to_contain_text(
        "Ihre Vertragsdaten können wir im Moment nicht anzeigen"
    )
    expect(page.get_by_role("link", name="Hilfe zu Vertragsdaten")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)


def send_an_order(portal: Portal, key: str) -> int:
    """What unicorn 2 does with the key: one order to the ingest API, without cookies or browser headers."""
    placed_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    order = {
        "order_id": "T-1",
        "placed_at": placed_at,
        "channel": "Shop",
        "status": "neu",
        "gross_cents": 1000,
        "currency": "EUR",
        "items": 1,
    }
    response = requests.post(
        portal.url("/api/ingest/orders"),
        json={"orders": [order]},
        headers={
            "Authorization": f"Bearer {key}",
            "Idempotency-Key": str(uuid.uuid4()),
            "User-Agent": "unicorn2/2.14",
        },
        timeout=10,
    )
    return response.status_code


def test_a_new_licence_key_is_shown_once_and_replaces_the_previous_one(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    sent: list[Any] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request)
            if request.method == "POST" and request.url.endswith("/api/contract/licence-key")
            else None
        ),
    )
    section = page.locator("#kc-licence-key")
    opener = section.get_by_role("button", name="Lizenzschlüssel neu erzeugen")
    dialog = page.get_by_role("dialog", name="Neuen Lizenzschlüssel erzeugen?")
    field = section.get_by_role("textbox", name="Lizenzschlüssel")

    # Abbrechen creates nothing and gives the focus back.
    opener.click()
    expect(dialog).to_contain_text("Der bisherige Schlüssel funktioniert sofort nicht mehr")
    dialog.get_by_role("button", name="Abbrechen").click()
    expect(dialog).to_have_count(0)
    expect(opener).to_be_focused()
    assert sent == []

    def regenerate(*, lost_once: bool = False) -> str:
        if lost_once:  # the first try is lost on the way: "Erneut versuchen" sends the same Idempotency-Key
            page.route("**/api/contract/licence-key", lambda route: route.abort(), times=1)
        opener.click()
        dialog.get_by_role("button", name="Neuen Schlüssel erzeugen").click()
        if lost_once:
            alert = section.get_by_role("alert")
            expect(alert).to_contain_text("nicht erreichbar")
            expect(alert).to_be_focused()
            alert.get_by_role("button", name="Erneut versuchen").click()
        expect(section.get_by_role("heading", name="Ihr neuer Lizenzschlüssel")).to_be_focused()
        expect(field).to_have_count(1)
        expect(field).to_have_attribute("readonly", "")
        expect(section).to_contain_text("Dieser Schlüssel wird nur jetzt angezeigt")
        key = str(field.input_value())
        assert re.fullmatch(r"u2lk_[\w-]{43}", key), key
        return key

    first = regenerate(lost_once=True)
    assert len(sent) == 2
    keys = {request.headers["idempotency-key"] for request in sent}
    assert len(keys) == 1, keys

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=portal.base)
    section.get_by_role("button", name=re.compile("^Kopieren")).click()
    expect(section.locator(".kc-licence-key__copied")).to_have_text("Kopiert")
    assert page.evaluate("() => navigator.clipboard.readText()") == first

    portal.assert_accessible("Vertragsdaten with a new licence key")
    portal.assert_fits_a_phone("Vertragsdaten with a new licence key", lambda _portal: None)

    assert send_an_order(portal, first) in (200, 201, 202)
    second = regenerate()
    assert second != first
    assert len(sent) == 3
    assert sent[-1].headers["idempotency-key"] not in keys
    assert send_an_order(portal, first) == 401
    assert send_an_order(portal, second) in (200, 201, 202)

    # Shown once: nothing of it is stored in the browser, and the page shows it no more once reloaded.
    stored = page.evaluate("() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }])")
    assert first not in stored
    assert second not in stored
    portal.open(PAGE)
    expect(page.locator("#kc-licence-key-heading")).to_be_visible()
    assert second not in page.content()
    expect(field).to_have_count(0)


# States for axe-core (here at phone width, in test_portal_accessibility.py at the desktop width)


def vertragsdaten(portal: Portal) -> None:
    portal.sign_in()
    portal.open(PAGE)


def vertragsdaten_confirmation(portal: Portal) -> None:
    portal.sign_in()
    page = portal.open(PAGE)
    page.get_by_role("button", name="Auf Multi-Lizenz upgraden").click()
    expect(page.get_by_role("button", name="Kostenpflichtig bestätigen")).to_be_visible()


def vertragsdaten_scheduled_and_dialog(portal: Portal) -> None:
    portal.sign_in()
    change_by_api(portal, {"option": "premium_service", "action": "cancel"})
    page = portal.open(PAGE)
    page.locator("#kc-scheduled").get_by_role("button", name=re.compile("^Änderung zurücknehmen")).click()
    expect(page.get_by_role("dialog", name="Geplante Änderung zurücknehmen?")).to_be_visible()


def vertragsdaten_unavailable(portal: Portal) -> None:
    portal.sign_in()
    portal.page.route(
        "**/api/contract", lambda route: route.fulfill(status=404, json={"Code": "NotFound", "Message": "-"})
    )
    page = portal.open(PAGE)
    expect(page.get_by_role("link", name="Hilfe zu Vertragsdaten")).to_be_visible()


AXE_STATES: dict[str, Callable[[Portal], None]] = {
    "vertragsdaten": vertragsdaten,
    "vertragsdaten-confirmation": vertragsdaten_confirmation,
    "vertragsdaten-scheduled-and-dialog": vertragsdaten_scheduled_and_dialog,
    "vertragsdaten-unavailable": vertragsdaten_unavailable,
}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_no_axe_violations_at_phone_width(portal: Portal, state: str) -> None:
    portal.assert_fits_a_phone(state, AXE_STATES[state])
