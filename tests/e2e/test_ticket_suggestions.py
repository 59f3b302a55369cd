"""Help suggestions under the ticket subject (docs/assets/javascripts/portal/suggest.js) on the built
site: typed subjects of the tuning set find their article among three, the list is announced politely,
links open in a new tab and say so, and a click is counted (POST /api/help/deflections).

bench/ticket_suggestions.py measures all subjects of tests/docs/ticket_subjects.yml.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.portal_support import describe_violations, inject_axe
from tests.suggest_eval import SUGGESTION_LINKS, load_subjects, open_form, suggested_pages

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs"
CONTAINER = ".kc-ticket-suggestions"


def test_every_expected_article_exists() -> None:
    missing = [
        f"{subject.text!r} → {path}"
        for subject in load_subjects()
        for path in subject.expect
        if not (DOCS / f"{path.rstrip('/')}.md").is_file() and not (DOCS / path / "index.md").is_file()
    ]
    assert not missing, "expected articles that do not exist:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("subject", "article"),
    [
        ("Kontoverbindung aktualisieren", "persoenliche-daten/bankverbindung/"),
        ("Jahresrechnungen als ZIP-Datei", "rechnungen/rechnungen-als-zip/"),
        ("Link zum Passwort zurücksetzen kommt nicht an", "zugang/passwort-vergessen/"),
    ],
)
def test_a_typed_subject_suggests_the_article_that_answers_it(
    page: Any, static_site: str, subject: str, article: str
) -> None:
    field = open_form(page, static_site)

    pages = suggested_pages(page, field, subject)

    assert article in pages
    assert 1 <= len(pages) <= 3
    region = page.locator(f"{CONTAINER} [aria-live=polite]")
    assert region.locator(".kc-suggest__heading").inner_text() == "Vielleicht hilft Ihnen das:"
    links = page.locator(SUGGESTION_LINKS)
    link = links.nth(pages.index(article))
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener"
    assert link.get_attribute("href") == f"{static_site}/{article}"
    assert link.locator(".kc-suggest__title").inner_text()
    assert link.locator(".kc-suggest__summary").inner_text()
    assert "(öffnet in einem neuen Tab)" in link.text_content()


def test_mail_prefixes_are_words_and_nothing_is_shown_for_short_input_or_no_match(
    page: Any, static_site: str
) -> None:
    field = open_form(page, static_site)
    assert suggested_pages(page, field, "Rechnung")

    assert "persoenliche-daten/bankverbindung/" in suggested_pages(page, field, "AW: Kontoverbindung +neu")

    assert suggested_pages(page, field, "Re") == []
    assert suggested_pages(page, field, "xyzzy qwrtz") == []
    assert page.locator(f"{CONTAINER} .kc-suggest").inner_html() == ""


def test_a_click_on_a_suggestion_is_counted_and_opens_a_new_tab(page: Any, static_site: str) -> None:
    page.route("**/api/help/deflections", lambda route: route.fulfill(status=204, body=""))
    field = open_form(page, static_site)
    pages = suggested_pages(page, field, "Kontoverbindung aktualisieren")
    link = page.locator(SUGGESTION_LINKS).nth(pages.index("persoenliche-daten/bankverbindung/"))

    with page.expect_request("**/api/help/deflections") as counted, page.context.expect_page() as opened:
        link.click()

    request = counted.value
    assert request.method == "POST"
    assert json.loads(request.post_data) == {"page": "persoenliche-daten/bankverbindung/"}
    assert request.headers["content-type"] == "application/json"
    new_tab = opened.value
    new_tab.wait_for_load_state()
    assert new_tab.url == f"{static_site}/persoenliche-daten/bankverbindung/"
    assert page.locator("#kc-test-subject").input_value() == "Kontoverbindung aktualisieren"


def test_the_suggestions_have_no_axe_violations_in_the_portal_styles(page: Any, static_site: str) -> None:
    field = open_form(page, static_site)
    page.evaluate(
        """url => new Promise(loaded => {
          const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: url })
          link.onload = loaded
          document.head.append(link)
          document.querySelector(".kc-test-form").classList.add("kc-portal", "md-typeset")
        })""",
        f"{static_site}/assets/stylesheets/portal.css",
    )
    assert suggested_pages(page, field, "Hallo, wie kann ich meine Bankverbindung ändern?")
    page.locator(SUGGESTION_LINKS).first.focus()

    inject_axe(page)
    violations = page.evaluate(
        "async () => (await axe.run('.kc-test-form', { resultTypes: ['violations'] })).violations"
    )
    assert not violations, describe_violations(violations)
