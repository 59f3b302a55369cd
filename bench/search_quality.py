"""Search quality: our German-aware search against Material's stock search on the same content.

Builds the site twice into temporary directories: as configured (mkdocs.yml), and with Material's
stock search (plain `search` plugin with `lang: de`, without overrides/hooks/search_de.py, which also
takes docs/assets/javascripts/search-de.js out of the pages). Serves each, types every query of
tests/docs/search_queries.yml into the search box in Chromium and prints hit@1 and hit@3, for all
queries, the tuning set and the held-out set (never used for tuning; `--misses` lists only the tuning
set's misses).

    .venv/bin/python bench/search_quality.py [--misses] [--holdout] [--ours-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_fixtures import CHROMIUM_ARGS  # noqa: E402
from tests.search_eval import Evaluation, evaluate, load_queries, serve  # noqa: E402

OUR_HOOK = "search_de.py"
OUR_SCRIPT = "assets/javascripts/search-de.js"


def build(site_dir: Path, *, stock: bool) -> None:
    """`mkdocs build --strict` of mkdocs.yml; with `stock`, our search additions taken out."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    overrides: dict[str, Any] = {}
    if stock:
        with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
            raw = yaml_load(file)
        overrides["hooks"] = [hook for hook in raw.get("hooks", []) if not str(hook).endswith(OUR_HOOK)]
        overrides["extra_javascript"] = [s for s in raw.get("extra_javascript", []) if s != OUR_SCRIPT]
        # Material's documented default: `- search` with the site language, nothing else.
        overrides["plugins"] = [
            {"search": {"lang": "de"}} if isinstance(p, dict) and "search" in p else p for p in raw["plugins"]
        ]
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)
    mkdocs_build(config)


def measure(browser: Any, site_dir: Path, queries: list[Any]) -> tuple[Evaluation, float]:
    with serve(site_dir) as base_url:
        context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
        page = context.new_page()
        page.set_default_timeout(30_000)
        started = time.perf_counter()
        evaluation = evaluate(page, base_url, queries)
        elapsed = time.perf_counter() - started
        context.close()
    return evaluation, elapsed


def report(name: str, evaluation: Evaluation, elapsed: float, *, misses: bool, show_holdout: bool) -> None:
    tuned = Evaluation([(q, pages) for q, pages in evaluation.rankings if not q.holdout])
    held_out = Evaluation([(q, pages) for q, pages in evaluation.rankings if q.holdout])
    print(f"    tuning set {tuned.summary()}  [{name}, {elapsed:.0f} s in Chromium]")
    if show_holdout:
        print(f"    held out   {held_out.summary()}")
        print(f"    all        {evaluation.summary()}")
    if misses:  # tuning set only: the held-out queries' misses are never shown, so nothing is tuned on them
        for line in tuned.misses(1):
            print(f"    miss@1 {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list the tuning queries not answered first (never held-out ones)",
    )
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="also print the held-out figures (for the closing note; while tuning, look at the tuning set only)",
    )
    parser.add_argument("--ours-only", action="store_true", help="skip Material's stock search")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Debian's chromium is not installed; `make chromium` installs it")
    queries = [query for query in load_queries() if args.holdout or not query.holdout]
    print(
        f"{len(queries)} queries ({sum(q.holdout for q in queries)} held out), tests/docs/search_queries.yml"
    )
    with tempfile.TemporaryDirectory(prefix="kc-search-bench-") as tmp:
        ours, stock = Path(tmp, "ours"), Path(tmp, "stock")
        build(ours, stock=False)
        sites = [("German-aware search", ours)]
        if not args.ours_only:
            build(stock, stock=True)
            sites.insert(0, ("Material stock search", stock))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            for name, site_dir in sites:
                evaluation, elapsed = measure(browser, site_dir, queries)
                report(name, evaluation, elapsed, misses=args.misses, show_holdout=args.holdout)
            browser.close()


if __name__ == "__main__":
    main()
