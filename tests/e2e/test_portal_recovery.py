"""Passwort vergessen, Neues Passwort vergeben and Login vergessen in the browser, mails included."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_support import DEMO_EMAIL, DEMO_NAME, DEMO_NUMBER, DEMO_PASSWORD, Portal, reset_link

pytestmark = pytest.mark.e2e

RESET_SUBJECT = "Ihr Link zum Zurücksetzen des Passworts"
MAIL_SENT = "Wenn zu Ihren Angaben ein Kundenkonto besteht, haben wir Ihnen soeben eine E-Mail geschickt."
NEW_PASSWORD = "Sonnenblumen im Hafen 77"


@pytest.fixture
def portal(page: Any, fresh_stack: Any) -> Portal:
    return Portal(page, fresh_stack)


def test_forgotten_password_is_replaced_through_the_mailed_link(portal: Portal) -> None:
    page = portal.open("/kundencenter/anmelden/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))
    # Anmelden has a field with the same label: fill it only once instant navigation has swapped the page.
    expect(portal.heading).to_have_text(re.compile("^Passwort vergessen"))
    portal.wait_until_mounted()
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_EMAIL)
    page.get_by_role("button", name="Link anfordern").click()
    confirmation = page.get_by_role("status").filter(has_text=MAIL_SENT)
    expect(confirmation).to_be_visible()
    expect(confirmation).to_be_focused()

    # The mail, as the local mailbox page shows it; its link opens the reset page.
    page.goto(portal.url("/_dev/mail/"))
    page.locator("a[href*='/kundencenter/passwort-zuruecksetzen/#token=']").first.click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-zuruecksetzen/"))  # token out of the address
    portal.wait_until_mounted()
    assert "token" not in page.evaluate("location.href")

    password = page.get_by_label("Neues Passwort", exact=True)
    repeat = page.get_by_label("Neues Passwort wiederholen", exact=True)
    length_rule = page.locator(".kc-rules__item").filter(has_text="10 bis 128 Zeichen")
    same_rule = page.locator(".kc-rules__item").filter(has_text="Beide Eingaben stimmen überein")
    expect(password).to_have_accessible_description(re.compile("10 bis 128 Zeichen"))
    password.fill("kurz")
    expect(length_rule).to_contain_text("(bisher 4)")
    expect(length_rule).to_contain_text("noch nicht erfüllt")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(password).to_be_focused()
    expect(password).to_have_accessible_description(re.compile("10 bis 128 Zeichen lang sein"))

    # Long enough, but with the customer's name: the server's reason is shown at the field.
    password.fill("Mustermann-im-Hafen-7")
    repeat.fill("Mustermann-im-Hafen-7")
    expect(length_rule).to_contain_text("(erfüllt)")
    expect(same_rule).to_contain_text("(erfüllt)")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(password).to_have_accessible_description(
        re.compile(
            "Das Passwort darf Ihre E-Mail-Adresse, Ihren Namen oder Ihre Kundennummer nicht enthalten."
        )
    )
    expect(password).to_have_attribute("aria-invalid", "true")

    password.fill(NEW_PASSWORD)
    repeat.fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr neues Passwort ist gespeichert.")
    page.get_by_role("link", name="Zur Anmeldung").click()

    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_NUMBER)
    page.get_by_label("Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(portal.url("/kundencenter/"))
    expect(portal.account).to_contain_text(DEMO_NAME)

    portal.account.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    page.goto(portal.url("/kundencenter/"))
    expect(page).to_have_url(re.compile(r"/kundencenter/anmelden/\?next=%2Fkundencenter%2F$"))

    response = page.request.post(
        portal.url("/api/auth/login"), data={"login": DEMO_NUMBER, "password": DEMO_PASSWORD}
    )
    assert response.status == 401, "the old password still works"


def test_a_used_reset_link_explains_itself_and_offers_a_new_one(portal: Portal) -> None:
    page = portal.page
    assert (
        page.request.post(portal.url("/api/auth/password/forgot"), data={"login": DEMO_NUMBER}).status == 202
    )
    (mail,) = portal.mails_to(DEMO_EMAIL, RESET_SUBJECT)
    link = reset_link(mail["text"])
    token = link.split("#token=")[1]
    used = page.request.post(
        portal.url("/api/auth/password/reset"), data={"token": token, "password": NEW_PASSWORD}
    )
    assert used.status == 204

    assert link.startswith(f"{portal.base}/")
    page.goto(link)
    portal.wait_until_mounted()
    page.get_by_label("Neues Passwort", exact=True).fill("Noch ein neues Passwort 8")
    page.get_by_label("Neues Passwort wiederholen", exact=True).fill("Noch ein neues Passwort 8")
    page.get_by_role("button", name="Passwort speichern").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "Dieser Link zum Zurücksetzen ist ungültig, abgelaufen oder wurde bereits verwendet."
    )
    expect(alert).to_be_focused()
    alert.get_by_role("link", name="Neuen Link anfordern").click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))


def test_reset_page_without_a_token_explains_what_to_do(portal: Portal) -> None:
    page = portal.open("/kundencenter/passwort-zuruecksetzen/")
    expect(page.get_by_role("alert")).to_contain_text("Dieser Link ist unvollständig.")
    expect(page.get_by_role("link", name="Neuen Link anfordern")).to_be_visible()
    expect(page.get_by_label("Neues Passwort", exact=True)).to_have_count(0)


def test_forgotten_login_mails_the_kundennummer(portal: Portal) -> None:
    page = portal.open("/kundencenter/login-vergessen/")
    email = page.get_by_label("E-Mail-Adresse")
    expect(email).to_have_attribute("type", "email")
    email.fill("kein-at-zeichen")
    page.get_by_role("button", name="Kundennummer zuschicken").click()
    expect(email).to_have_accessible_description(
        re.compile("Bitte geben Sie eine gültige E-Mail-Adresse ein.")
    )

    email.fill(DEMO_EMAIL.upper())
    page.get_by_role("button", name="Kundennummer zuschicken").click()
    expect(page.get_by_role("status").filter(has_text=MAIL_SENT)).to_be_focused()

    (mail,) = portal.mails_to(DEMO_EMAIL, "Ihre Kundennummer für das Kundencenter")
    assert f"Ihre Kundennummer lautet: {DEMO_NUMBER}" in mail["text"]
