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

    portal.sign_out_from_header()
    expect(page).to_have_url(portal.url("/kundencenter/anmelden/"))
    expect(portal.account.get_by_role("link", name="Anmelden")).to_be_visible()
    page.goto(portal.url("/kundencenter/"))
    expect(page).to_have_url(re.compile(r"/kundencenter/anmelden/\?next=%2Fkundencenter%2F$"))

    response = page.request.post(
        portal.url("/api/auth/login"), data={"login": DEMO_NUMBER, "password": DEMO_PASSWORD}
    )
    assert response.status == 401, "the old password still works"


def request_reset_link(portal: Portal) -> str:
    page = portal.page
    assert (
        page.request.post(portal.url("/api/auth/password/forgot"), data={"login": DEMO_NUMBER}).status == 202
    )
    return reset_link(portal.mails_to(DEMO_EMAIL, RESET_SUBJECT)[-1]["text"])


def use_link(portal: Portal, link: str) -> None:
    token = link.split("#token=")[1]
    used = portal.page.request.post(
        portal.url("/api/auth/password/reset"), data={"token": token, "password": NEW_PASSWORD}
    )
    assert used.status == 204


@pytest.mark.parametrize("link_state", ["used", "unknown"])
def test_an_unusable_reset_link_says_so_as_the_page_opens(portal: Portal, link_state: str) -> None:
    link = request_reset_link(portal)
    if link_state == "used":
        use_link(portal, link)
    else:
        link = link.split("#token=")[0] + "#token=" + "A" * 43

    assert link.startswith(f"{portal.base}/")
    page = portal.page
    page.goto(link)
    portal.wait_until_mounted()
    alert = page.get_by_role("alert")
    # Before anything is typed: no password fields, the reason, a new link, the support.
    expect(alert).to_contain_text(
        "Dieser Link zum Zurücksetzen ist ungültig, abgelaufen oder wurde bereits verwendet."
    )
    expect(page.get_by_label("Neues Passwort", exact=True)).to_have_count(0)
    expect(alert.get_by_role("link", name="Schreiben Sie uns ein Ticket")).to_have_attribute(
        "href", re.compile(r"/support/ticket/$")
    )
    expect(alert.get_by_role("link", name="+49 30 1234567-0")).to_have_attribute("href", "tel:+493012345670")
    # A reload says the same (the token stays in the tab), not "unvollständig".
    page.reload()
    portal.wait_until_mounted()
    expect(page.get_by_role("alert")).to_contain_text("bereits verwendet")
    page.get_by_role("alert").get_by_role("link", name="Neuen Link anfordern").click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))


def test_a_link_used_up_while_the_page_is_open_explains_itself_on_saving(portal: Portal) -> None:
    link = request_reset_link(portal)
    page = portal.page
    page.goto(link)
    portal.wait_until_mounted()
    page.get_by_label("Neues Passwort", exact=True).fill("Noch ein neues Passwort 8")
    page.get_by_label("Neues Passwort wiederholen", exact=True).fill("Noch ein neues Passwort 8")
    use_link(portal, link)  # in another tab, say
    page.get_by_role("button", name="Passwort speichern").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "Dieser Link zum Zurücksetzen ist ungültig, abgelaufen oder wurde bereits verwendet."
    )
    expect(alert).to_be_focused()
    alert.get_by_role("link", name="Neuen Link anfordern").click()
    expect(page).to_have_url(portal.url("/kundencenter/passwort-vergessen/"))


def test_reset_link_check_offline_offers_to_try_again(portal: Portal) -> None:
    link = request_reset_link(portal)
    page = portal.page
    page.route("**/api/auth/password/reset/check", lambda route: route.abort("internetdisconnected"))
    page.goto(link)
    portal.wait_until_mounted()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Das Kundencenter ist gerade nicht erreichbar.")
    page.unroute("**/api/auth/password/reset/check")
    alert.get_by_role("button", name="Erneut versuchen").click()
    expect(page.get_by_label("Neues Passwort", exact=True)).to_be_visible()


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


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("erika.mustermann", "oder Ihre Kundennummer (nur Ziffern, zum Beispiel 100001)"),
        ("demo@example", "Bitte prüfen Sie die E-Mail-Adresse. Sie hat die Form name@firma.de."),
        ("10000l", "oder Ihre Kundennummer (nur Ziffern"),
    ],
    ids=["no-at", "no-domain", "letter-in-number"],
)
def test_forgot_password_checks_the_input_before_sending(portal: Portal, typed: str, message: str) -> None:
    page = portal.open("/kundencenter/passwort-vergessen/")
    sent: list[str] = []
    page.on(
        "request", lambda request: sent.append(request.url) if "/password/forgot" in request.url else None
    )
    login = page.get_by_label("E-Mail-Adresse oder Kundennummer")
    login.fill(typed)
    page.get_by_role("button", name="Link anfordern").click()
    expect(login).to_have_accessible_description(re.compile(re.escape(message)))
    expect(login).to_have_attribute("aria-invalid", "true")
    expect(login).to_be_focused()
    assert sent == [], "the form sent what cannot be an e-mail address or Kundennummer"


@pytest.mark.parametrize(
    ("typed", "repeated"),
    [
        ("100 001", "Ihre Eingabe: Kundennummer 100001"),
        (DEMO_EMAIL, f"Ihre Eingabe: E-Mail-Adresse {DEMO_EMAIL}"),
    ],
    ids=["kundennummer", "e-mail"],
)
def test_forgot_password_confirmation_repeats_the_input(portal: Portal, typed: str, repeated: str) -> None:
    page = portal.open("/kundencenter/passwort-vergessen/")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(typed)
    page.get_by_role("button", name="Link anfordern").click()
    confirmation = page.get_by_role("status").filter(has_text=MAIL_SENT)
    expect(confirmation).to_be_focused()
    expect(confirmation).to_contain_text(repeated)
    expect(confirmation.get_by_role("link", name="support@unicorn2.de")).to_be_visible()
    assert len(portal.mails_to(DEMO_EMAIL, RESET_SUBJECT)) == 1  # "100 001" is the Kundennummer 100001

    confirmation.get_by_role("button", name="Eingabe ändern").click()
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_be_focused()
    expect(page.get_by_label("E-Mail-Adresse oder Kundennummer")).to_have_value(typed)


def test_forgot_login_repeats_the_address_and_helps_without_the_mailbox(portal: Portal) -> None:
    page = portal.open("/kundencenter/login-vergessen/")
    # Without access to the mail box: the public ticket form and the phone, right on the page.
    no_mailbox = page.locator(".kc-links").get_by_text("Kein Zugriff mehr auf das E-Mail-Postfach")
    expect(no_mailbox).to_be_visible()
    expect(
        page.locator(".kc-links").get_by_role("link", name="Schreiben Sie uns ein Ticket")
    ).to_have_attribute("href", re.compile(r"/support/ticket/$"))
    expect(page.locator(".kc-links")).to_contain_text("Montag bis Freitag von 9 bis 17 Uhr")

    page.get_by_label("E-Mail-Adresse").fill(DEMO_EMAIL)
    page.get_by_role("button", name="Kundennummer zuschicken").click()
    confirmation = page.get_by_role("status").filter(has_text=MAIL_SENT)
    expect(confirmation).to_be_focused()
    expect(confirmation).to_contain_text(f"Ihre Eingabe: E-Mail-Adresse {DEMO_EMAIL}")
    expect(confirmation).to_contain_text("kein Zugriff mehr auf dieses Postfach")
    expect(confirmation.get_by_role("link", name="+49 30 1234567-0")).to_be_visible()
