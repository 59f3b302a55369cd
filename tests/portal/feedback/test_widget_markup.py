"""The widget in the built site: under every help article, on no portal page, speaking the API's language."""

import re

WIDGET = re.compile(r'<section class="kc-feedback" data-kc-feedback data-kc-page="([^"]*)"')


def pages(site):
    """Every built page below the site root as (path like "zugang/anmelden/", html)."""
    for index in sorted(site.rglob("index.html")):
        path = index.parent.relative_to(site).as_posix()
        yield ("" if path == "." else path + "/"), index.read_text(encoding="utf-8")


def test_every_help_article_has_the_widget_with_a_path_the_api_accepts(built_site):
    from chalicelib.feedback.service import check_article_path

    articles = [
        (path, html)
        for path, html in pages(built_site)
        if path and not path.startswith(("kundencenter/", "tags/", "support/ticket/", "search/"))
    ]
    assert len(articles) >= 10, "the help articles are missing from the built site"
    for path, html in articles:
        match = WIDGET.search(html)
        assert match, f"{path}: no feedback widget"
        assert match.group(1) == path
        assert check_article_path(match.group(1)) == path


def test_no_widget_on_the_home_page_the_portal_or_the_404_page(built_site):
    without = {
        path: html for path, html in pages(built_site) if path == "" or path.startswith("kundencenter/")
    }
    without["404"] = (built_site / "404.html").read_text(encoding="utf-8")
    assert "kundencenter/anmelden/" in without
    for path, html in without.items():
        assert "data-kc-feedback" not in html, f"{path or 'Startseite'}: widget must not be shown here"


def test_the_widget_offers_exactly_the_reasons_the_api_counts(built_site):
    from chalicelib.feedback.service import REASON_LABELS

    html = (built_site / "zugang" / "anmelden" / "index.html").read_text(encoding="utf-8")
    offered = re.findall(
        r'<input type="radio" name="reason" value="([^"]+)" required>\s*<span>([^<]+)</span>', html
    )

    assert offered == list(REASON_LABELS.items())
    assert 'maxlength="500"' in html
    assert "noch 500 Zeichen" in html
    assert re.search(r'<script src="[./]*assets/javascripts/feedback\.js"', html)
    assert re.search(r'<link rel="stylesheet" href="[./]*assets/stylesheets/feedback\.css"', html)
