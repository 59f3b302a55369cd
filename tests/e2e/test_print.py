"""Printing an article prints the article only (issue 12): no header, navigation, tags, feedback or footer."""

ARTICLE = "/persoenliche-daten/bankverbindung/"
HIDDEN = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-footer",
    ".md-tags",
    ".kc-feedback",
    ".kc-related",
]


def test_print_shows_the_article_and_nothing_around_it(page, static_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(static_site + ARTICLE)
    page.wait_for_load_state("load")
    shown_on_screen = [selector for selector in HIDDEN if page.locator(selector).first.is_visible()]
    assert {".md-header", ".md-tags", ".md-footer"} <= set(shown_on_screen)  # the test looks at real elements

    page.emulate_media(media="print")

    for selector in HIDDEN:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator("article p").first.is_visible()
