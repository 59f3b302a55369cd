"""The feedback widget in Chromium against the running local stack: vote, see the thanks, find the vote stored."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.portal_support import inject_axe

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "zugang/anmelden/"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def feedback_report(stack) -> str:
    """`python -m tools.feedback_report` against the stack's embedded AWS (its stack.env)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KC_", "AWS_"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.feedback_report",
            "--env-file",
            str(stack.log_path.parent / "stack.env"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def article_block(report: str, page: str) -> str:
    for block in report.split("\n\n"):
        if block.startswith(page + " "):
            return block
    raise AssertionError(f"{page} fehlt im Bericht:\n{report}")


def widget(page):
    return page.get_by_role("region", name="War dieser Artikel hilfreich?")


def test_no_with_reason_and_comment_is_thanked_and_stored(fresh_stack, page):
    page.goto(f"{fresh_stack.url}/{ARTICLE}")
    feedback = widget(page)
    feedback.scroll_into_view_if_needed()

    no = feedback.get_by_role("button", name="Nein")
    no.click()
    assert no.get_attribute("aria-expanded") == "true"
    first_reason = feedback.get_by_role("radio", name="Schwer verständlich")
    assert first_reason.evaluate("element => element === document.activeElement")
    feedback.get_by_role("radio", name="Es fehlen Informationen").check()
    comment = feedback.get_by_role("textbox", name="Ihr Hinweis (optional)")
    assert feedback.get_by_text("noch 500 Zeichen").is_visible()
    comment.press_sequentially("Was tue ich ohne E-Mail?")
    assert feedback.get_by_text("noch 476 Zeichen").is_visible()
    feedback.get_by_role("button", name="Rückmeldung senden").click()

    thanks = feedback.get_by_role("status")
    thanks.filter(has_text="Vielen Dank für Ihre Rückmeldung!").wait_for()
    assert thanks.evaluate("element => element === document.activeElement")
    assert not feedback.get_by_role("button", name="Nein").is_visible()
    assert not comment.is_visible()

    block = article_block(feedback_report(fresh_stack), ARTICLE)
    assert "Ja: 0   Nein: 1   hilfreich: 0 %" in block
    assert "Gründe: Es fehlen Informationen: 1" in block
    assert "(Nein, Es fehlen Informationen): Was tue ich ohne E-Mail?" in block


def test_after_instant_navigation_a_keyboard_yes_is_counted(fresh_stack, page):
    # Material navigates instantly only to URLs in sitemap.xml (the stack lists them on its own port).
    with page.expect_response("**/sitemap.xml") as sitemap:
        page.goto(f"{fresh_stack.url}/zugang/")
    sitemap.value.finished()
    page.evaluate(
        """() => {
            window.kcSamePage = true;  // gone after a full page load
            const link = document.createElement("a");
            link.href = "anmelden/";
            link.textContent = "Zum Artikel Anmelden";
            document.querySelector("article").append(link);
        }"""
    )
    page.get_by_role("link", name="Zum Artikel Anmelden").click()
    # navigation.tracking may add the heading in view as a #fragment at any moment
    page.wait_for_url(lambda url: url.split("#")[0].endswith(f"/{ARTICLE}"))
    # The section page has a widget too: wait for the article's own, bound on Material's document$ right
    # after the swap (on a loaded machine the test is faster than both).
    new_widget = page.locator(f'[data-kc-page="{ARTICLE}"][data-kc-bound="1"]')
    new_widget.wait_for()
    assert page.evaluate("() => window.kcSamePage") is True  # Material's instant navigation swapped the page

    yes = new_widget.get_by_role("button", name="Ja")
    yes.focus()
    page.keyboard.press("Enter")
    new_widget.get_by_role("status").filter(has_text="Vielen Dank für Ihre Rückmeldung!").wait_for()

    assert "Ja: 1   Nein: 0   hilfreich: 100 %" in article_block(feedback_report(fresh_stack), ARTICLE)


def test_no_without_a_reason_asks_for_one_and_sends_nothing(stack, page):
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "/api/feedback" in request.url else None)
    page.goto(f"{stack.url}/{ARTICLE}")
    feedback = widget(page)

    feedback.get_by_role("button", name="Nein").click()
    feedback.get_by_role("button", name="Rückmeldung senden").click()

    assert feedback.get_by_role("alert").filter(has_text="Bitte wählen Sie einen Grund aus.").is_visible()
    assert feedback.get_by_role("radio", name="Schwer verständlich").get_attribute("aria-invalid") == "true"
    assert sent == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        pytest.param(None, "Bitte prüfen Sie Ihre Internetverbindung", id="offline"),
        pytest.param(
            {
                "status": 429,
                "headers": {"Retry-After": "1800"},
                "json": {
                    "Code": "TooManyAttempts",
                    "Message": "Zu viele Versuche. Bitte warten Sie 30 Minuten und versuchen Sie es dann erneut.",
                },
            },
            "Zu viele Versuche. Bitte warten Sie 30 Minuten",
            id="throttled",
        ),
    ],
)
def test_a_failed_send_is_explained_in_german_and_can_be_retried(stack, page, answer, message):
    page.route("**/api/feedback", lambda route: route.abort() if answer is None else route.fulfill(**answer))
    page.goto(f"{stack.url}/{ARTICLE}")
    feedback = widget(page)

    feedback.get_by_role("button", name="Ja").click()

    feedback.get_by_role("alert").filter(has_text=message).wait_for()
    assert feedback.get_by_role("button", name="Ja").is_enabled()
    assert feedback.get_by_role("status").inner_text() == ""


def test_the_open_widget_has_no_accessibility_violations(stack, page):
    page.goto(f"{stack.url}/{ARTICLE}")
    widget(page).get_by_role("button", name="Nein").click()
    inject_axe(page)

    violations = page.evaluate(
        """async () => (await axe.run(document.querySelector('[data-kc-feedback]'))).violations
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )

    assert violations == []


@pytest.mark.parametrize("path", ["", "kundencenter/", "kundencenter/anmelden/"])
def test_no_widget_on_the_home_page_and_portal_pages(stack, page, path):
    page.goto(f"{stack.url}/{path}")
    page.locator("article h1").first.wait_for()

    assert page.locator("[data-kc-feedback]").count() == 0
    assert page.get_by_text("War dieser Artikel hilfreich?").count() == 0
