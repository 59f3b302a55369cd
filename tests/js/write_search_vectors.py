"""Test vectors of the Python search hook for the Node unit tests (tests/js/search-de.test.js).

Writes tests/js/generated/search-de-vectors.json: the rules and word list exactly as
overrides/hooks/search_de.py hands them to the browser (client_data, the help articles' words as
lexicon), and what the hook makes of queries and words: transform_query for every query of
tests/docs/search_queries.yml and every prefix typed on the way to it (plus edge cases), fold and
normalise for every word. search-de-rules.js (used by search-de.js) must give the same.
`make js-check` runs this before `node --test`.

Usage: .venv/bin/python -m tests.js.write_search_vectors
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from overrides.hooks import search_de

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "generated" / "search-de-vectors.json"
QUERIES = ROOT / "tests" / "docs" / "search_queries.yml"
# A small search index as Material's search plugin writes it, for tests/js/suggest.test.js: the hook
# adds its hidden fields (title_de, text_de) as in the build; the fields' boosts are mkdocs.yml's.
SUGGEST_DOCS = Path(__file__).resolve().parent / "suggest-index.json"
SEARCH_FIELDS = {"title": 10, "text": 1, "tags": 30, "title_de": 30, "text_de": 2}
EDGE_CASES = [
    "Passwörter",
    "PASSWOERTER",
    "e rechnung",
    "Zwei-Faktor-Anmeldung",
    "rechnung ",
    '"iban" -konto',
    "iban:DE",
    "19.000 aufträge",
    "1.250.000",
    "am 10.03.2026",
    "123456",
    "E Rechnung",
    "wo finde ich meine rechnungskopie",
    "ich komme nicht mehr rein",
    "Vertragsänderung",
    "premium service",
    "rechnug",
    "bankverbinding",
    "   ",
    "",
]


def separator() -> str | None:
    """The search plugin's separator in mkdocs.yml (the build passes the same to the hook)."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    match = re.search(r"^\s+separator: '(.*)'$", text, re.MULTILINE)
    return match.group(1).replace("''", "'") if match else None


def main() -> None:
    rules = search_de.load_rules(separator=separator())
    words = [
        word
        for path in sorted((ROOT / "docs").rglob("*.md"))
        for word in search_de.split_words(path.read_text("utf-8"), rules)
    ]
    vocabulary = search_de.Vocabulary(rules, words)
    typed = [str(entry["query"]) for entry in yaml.safe_load(QUERIES.read_text("utf-8"))] + EDGE_CASES
    queries = sorted({text[:end] for text in typed for end in range(1, len(text) + 1)} | set(typed))
    tokens = sorted({word for query in typed for word in search_de.split_words(query, rules)})
    index = {
        "config": {
            "separator": rules.separator,
            "fields": {name: {"boost": boost} for name, boost in SEARCH_FIELDS.items()},
        },
        "docs": json.loads(SUGGEST_DOCS.read_text("utf-8")),
    }
    search_de.expand_index(index, rules, {})
    vectors = {
        "data": search_de.client_data(rules, vocabulary),
        "transform": [[query, search_de.transform_query(query, rules, vocabulary)] for query in queries],
        "fold": [[word, search_de.fold(word, rules)] for word in tokens],
        "normalise": [[word, search_de.normalise(word, rules)] for word in tokens],
        "suggest_index": index,
    }
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(vectors, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(vectors['transform'])} queries, {len(tokens)} words")


if __name__ == "__main__":
    main()
