"""Help suggestions on the ticket form, measured the way a customer meets them: a subject typed
into a field that docs/assets/javascripts/portal/suggest.js is attached to, on the built site.

Shared by tests/e2e/test_ticket_suggestions.py and bench/ticket_suggestions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.search_eval import Evaluation, Query

SUBJECTS_FILE = Path(__file__).resolve().parent / "docs" / "ticket_subjects.yml"
SUGGEST_MODULE = "assets/javascripts/portal/suggest.js"

# A subject field and the container the ticket form gives suggest.js, on any page of the built site.
ATTACH = """
async ([moduleUrl]) => {
  const module = await import(moduleUrl)
  const label = Object.assign(document.createElement("label"), { htmlFor: "kc-test-subject", textContent: "Betreff" })
  const input = Object.assign(document.createElement("input"), { id: "kc-test-subject", type: "text" })
  const container = Object.assign(document.createElement("div"), { className: "kc-ticket-suggestions" })
  const form = document.createElement("form")
  form.className = "kc-test-form"
  form.append(label, input, container)
  document.body.prepend(form)
  window.__kcSuggestAbort = new AbortController()
  module.attachSuggestions(input, container, { signal: window.__kcSuggestAbort.signal })
}
"""
SUBJECT_INPUT = "#kc-test-subject"
SUGGESTION_LINKS = ".kc-ticket-suggestions a.kc-suggest__link"


@dataclass(frozen=True)
class Subject(Query):
    """A ticket subject and the articles that answer it (Query's `holdout` is `held_out` in the file)."""


def load_subjects(path: Path = SUBJECTS_FILE) -> list[Subject]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Subject(
            text=str(entry["subject"]),
            expect=tuple(entry["expect"]) if isinstance(entry["expect"], list) else (str(entry["expect"]),),
            holdout=bool(entry.get("held_out", False)),
        )
        for entry in entries
    ]


def open_form(page: Any, base_url: str) -> Any:
    """A built page with a subject field and suggestions attached; returns the field."""
    page.goto(f"{base_url}/")
    page.evaluate(ATTACH, [f"{base_url}/{SUGGEST_MODULE}"])
    return page.locator(SUBJECT_INPUT)


def suggested_pages(page: Any, field: Any, text: str) -> list[str]:
    """Type the subject key by key; the suggested article paths, in the order shown."""
    field.fill("")
    field.press_sequentially(text)
    page.wait_for_function(
        "query => document.querySelector('.kc-ticket-suggestions').dataset.kcSuggestQuery === query",
        arg=text.strip(),
    )
    pages: list[str] = page.eval_on_selector_all(
        SUGGESTION_LINKS, "links => links.map(l => l.dataset.kcPage)"
    )
    return pages


def evaluate(page: Any, base_url: str, subjects: list[Subject]) -> Evaluation:
    field = open_form(page, base_url)
    evaluation = Evaluation()
    for subject in subjects:
        evaluation.rankings.append((subject, suggested_pages(page, field, subject.text)))
    return evaluation
