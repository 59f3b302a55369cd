"""In Chromium, the help home (with a search), an article and a portal page request nothing from another host.

The static side of the same promise (no third-party URL in any HTML, CSS or JS file) is
tests/docs/test_no_third_party.py.
"""

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e


def record_requests(page: Any) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def foreign(requests: list[str]) -> list[str]:
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).hostname != "127.0.0.1"
    ]


def test_home_article_and_portal_page_request_only_the_site(page: Any, static_site: str) -> None:
    requests = record_requests(page)

    page.goto(f"{static_site}/")
    page.wait_for_load_state("networkidle")
    # The large search button on the home page: reachable by keyboard, opens Material's search.
    button = page.locator("[data-kc-open-search]")
    button.focus()
    page.keyboard.press("Enter")
    search_input = page.locator("[data-md-component=search-query]")
    assert search_input.evaluate("element => element === document.activeElement")
    page.keyboard.type("Rechnung")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    assert button.evaluate("element => element === document.activeElement")

    page.goto(f"{static_site}/zugang/kundencenter-aufrufen/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{static_site}/kundencenter/anmelden/")
    page.wait_for_load_state("networkidle")

    # The recording covers what the search worker loads, too (German stemmer), and the portal module.
    assert any(url.endswith("/lunr.de.min.js") for url in requests), requests
    assert any("/assets/javascripts/portal/" in url for url in requests), requests
    assert foreign(requests) == []
