"""The help-center search finds the right article for how customers type, in the real search box.

Every query of tests/docs/search_queries.yml is typed key by key into Material's search box on the
built site; the result list must show the expected article first for 80 % of the queries and
among the first three for 95 %. bench/search_quality.py prints the same figures next to
Material's stock search.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from overrides.hooks import search_de
from tests.search_eval import evaluate, load_queries, open_search

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_expected_article_exists() -> None:
    """A renamed or removed article shows up here, not as a mysterious search miss."""
    missing = [
        f"{query.text!r} → {path}"
        for query in load_queries()
        for path in query.expect
        if not (DOCS / f"{path.rstrip('/')}.md").is_file() and not (DOCS / path / "index.md").is_file()
    ]
    assert not missing, "expected articles that do not exist:\n" + "\n".join(missing)


def test_search_finds_the_article_customers_mean(page: Any, static_site: str) -> None:
    evaluation = evaluate(page, static_site, load_queries())

    report = (
        f"{evaluation.summary()}\nnot among the first three:\n  "
        + "\n  ".join(evaluation.misses(3) or ["(none)"])
        + "\nnot first:\n  "
        + "\n  ".join(evaluation.misses(1))
    )
    assert evaluation.rate(3) >= 0.95, report
    assert evaluation.rate(1) >= 0.80, report


def test_browser_rewrites_queries_exactly_like_the_python_rules(
    page: Any, static_site: str, built_site: Path
) -> None:
    """search-de.js and search_de.transform_query agree on every query and every prefix typed on
    the way to it, with the rules and word list the build wrote for the browser."""
    data = json.loads((built_site / search_de.DATA_URL).read_text(encoding="utf-8"))
    rules = search_de.load_rules(separator=data["separator"])
    vocabulary = search_de.Vocabulary(rules, lexicon=data["lexicon"])
    typed = [query.text for query in load_queries()]
    typed += [
        "Passwörter",
        "PASSWOERTER",
        "e rechnung",
        "Zwei-Faktor-Anmeldung",
        "rechnung ",
        '"iban" -konto',
        "19.000 aufträge",
        "1.250.000",
        "am 10.03.2026",
        "123456",
    ]
    queries = sorted({text[:end] for text in typed for end in range(1, len(text) + 1)})

    open_search(page, static_site)
    in_browser = page.evaluate("queries => Promise.all(queries.map(window.kcSearchDe.transform))", queries)

    differences = [
        f"{query!r}: browser {js!r}, Python {py!r}"
        for query, js in zip(queries, in_browser, strict=True)
        if js != (py := search_de.transform_query(query, rules, vocabulary))
    ]
    assert not differences, "\n".join(differences[:20])
