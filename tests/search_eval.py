"""Search quality, measured the way a customer meets it: typed into Material's search box.

Shared by tests/e2e/test_search.py (asserts hit@1 and hit@3 on the built site) and
bench/search_quality.py (prints both figures for our search and Material's stock search).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

QUERIES_FILE = Path(__file__).resolve().parent / "docs" / "search_queries.yml"

# Counts the queries Material sends to its search worker and the results it gets back, so a
# test waits for the answer to the last keystroke instead of sleeping. The counter sits on the
# worker instance, outside any wrapper of Worker.prototype.postMessage (search-de.js), and a
# result counts only after Material's own listener has rendered it (setTimeout).
SEARCH_PROBE = """
(() => {
  const probe = window.__kcSearchProbe = { ready: false, sent: 0, received: 0 }
  const NativeWorker = window.Worker
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args)
      this.postMessage = (message, ...rest) => {
        if (message && message.type === 2) probe.sent++
        return Worker.prototype.postMessage.call(this, message, ...rest)
      }
      this.addEventListener("message", event => {
        const type = event.data && event.data.type
        if (type === 1) setTimeout(() => { probe.ready = true })
        if (type === 3) setTimeout(() => { probe.received++ })
      })
    }
  }
})()
"""

SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link:first-child"


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]  # article paths below the site root; any of them answers the query
    holdout: bool = False

    def found(self, pages: list[str], k: int) -> bool:
        return any(page in self.expect for page in pages[:k])


@dataclass
class Evaluation:
    """Ranked result pages per query."""

    rankings: list[tuple[Query, list[str]]] = field(default_factory=list)

    def hits(self, k: int) -> int:
        return sum(1 for query, pages in self.rankings if query.found(pages, k))

    def rate(self, k: int) -> float:
        return self.hits(k) / len(self.rankings) if self.rankings else 0.0

    def misses(self, k: int) -> list[str]:
        return [
            f"{query.text!r}: expected {' or '.join(query.expect)}, got {', '.join(pages[:3]) or 'nothing'}"
            for query, pages in self.rankings
            if not query.found(pages, k)
        ]

    def summary(self) -> str:
        total = len(self.rankings)
        return f"hit@1 {self.rate(1):.1%} ({self.hits(1)}/{total}), hit@3 {self.rate(3):.1%} ({self.hits(3)}/{total})"


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(
            text=str(entry["query"]),
            expect=tuple(entry["expect"]) if isinstance(entry["expect"], list) else (str(entry["expect"]),),
            holdout=bool(entry.get("holdout", False)),
        )
        for entry in entries
    ]


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """The built site on a free loopback port; yields its base URL."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def open_search(page: Any, base_url: str) -> Any:
    """Open the help home with the probe installed; returns the search box once search is ready."""
    page.add_init_script(SEARCH_PROBE)
    page.goto(f"{base_url}/")
    page.wait_for_function("() => window.__kcSearchProbe && window.__kcSearchProbe.ready")
    search = page.locator(SEARCH_INPUT)
    search.click()
    return search


def search_pages(page: Any, search: Any, text: str, base_url: str) -> list[str]:
    """Type the query key by key; the result pages in the order shown (paths below the site root)."""
    search.press("Control+a")
    search.press("Backspace")
    search.press_sequentially(text)
    page.wait_for_function(
        "() => { const p = window.__kcSearchProbe; return p.sent > 0 && p.sent === p.received }"
    )
    hrefs: list[str] = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(link => link.href)")
    root = urlsplit(base_url + "/").path
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path
        path = path[len(root) :] if path.startswith(root) else path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return pages


def evaluate(page: Any, base_url: str, queries: list[Query]) -> Evaluation:
    search = open_search(page, base_url)
    evaluation = Evaluation()
    for query in queries:
        evaluation.rankings.append((query, search_pages(page, search, query.text, base_url)))
    return evaluation
