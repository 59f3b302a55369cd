"""Suggestion quality: for the ticket subjects of tests/docs/ticket_subjects.yml, how often the
article that answers one is among the three "Vielleicht hilft Ihnen das:" suggestions (hit@3), and
first (hit@1), for the held-out and the tuning subjects separately.

Builds the site (`mkdocs build --strict` into a temporary directory), serves it, types every subject
key by key into a field with docs/assets/javascripts/portal/suggest.js attached, in headless
Chromium. For comparison it types the same subjects into the help search box (Material's lunr with
the same German query rewriting, tests/search_eval.py): the help search's own ranking.

    .venv/bin/python bench/ticket_suggestions.py [--misses] [--site DIR] [--no-search]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_quality import build  # noqa: E402
from tests.browser_fixtures import CHROMIUM_ARGS  # noqa: E402
from tests.search_eval import Evaluation, serve  # noqa: E402
from tests.search_eval import evaluate as evaluate_search  # noqa: E402
from tests.suggest_eval import evaluate, load_subjects  # noqa: E402


def report(name: str, evaluation: Evaluation, elapsed: float, *, misses: bool) -> None:
    held_out = Evaluation([(s, pages) for s, pages in evaluation.rankings if s.holdout])
    tuning = Evaluation([(s, pages) for s, pages in evaluation.rankings if not s.holdout])
    print(f"{name}  [{elapsed:.0f} s in Chromium]")
    print(f"    held out   {held_out.summary()}")
    print(f"    tuning set {tuning.summary()}")
    if misses:
        for line in tuning.misses(3):
            print(f"    tuning,   miss@3 {line}")
        for line in tuning.misses(1):
            print(f"    tuning,   miss@1 {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list the tuning subjects not answered (never the held-out ones)",
    )
    parser.add_argument("--site", type=Path, help="a built site to use instead of building one")
    parser.add_argument("--no-search", action="store_true", help="skip the help search box comparison")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Debian's chromium is not installed; `make chromium` installs it")
    subjects = load_subjects()
    print(
        f"{len(subjects)} ticket subjects ({sum(s.holdout for s in subjects)} held out), "
        "tests/docs/ticket_subjects.yml"
    )
    with tempfile.TemporaryDirectory(prefix="kc-suggest-bench-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp, "site")
            build(site, stock=False)
        with serve(site) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
            page = context.new_page()
            page.set_default_timeout(30_000)
            started = time.perf_counter()
            evaluation = evaluate(page, base_url, subjects)
            report(
                "suggest.js (ticket form)      ",
                evaluation,
                time.perf_counter() - started,
                misses=args.misses,
            )
            if not args.no_search:
                page = context.new_page()
                page.set_default_timeout(30_000)
                started = time.perf_counter()
                search = evaluate_search(page, base_url, list(subjects))
                report(
                    "help search box (lunr), top 3", search, time.perf_counter() - started, misses=args.misses
                )
            browser.close()


if __name__ == "__main__":
    main()
