"""Lighthouse scores of the home page, a help article and the sign-in page on the local stack.

Starts `python -m local.devserver` on a free port (or LIGHTHOUSE_PORT) with the built site in site/
(`make site` first; `make lighthouse` does), runs the npm package `lighthouse` (node_modules/.bin) against
Debian's Chromium (CHROME_PATH, default `which chromium`), headless, once per page, prints the four
category scores as a table and stops the stack. Lighthouse's default form factor: a mid-range phone on
a throttled connection (simulated); `--desktop` uses its desktop preset. The JSON reports stay in
.local/lighthouse/ (audits below 1 are listed under the table). A figure, not a test: nothing asserted.

Usage: .venv/bin/python -m tools.lighthouse [--desktop] [path ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tools.stack_env import free_port, start_stack

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / ".local" / "lighthouse"
PAGES = {
    "/": "Startseite",
    "/zugang/anmelden/": "Artikel",
    "/kundencenter/anmelden/": "Anmelden",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HEADERS = ("Performance", "Accessibility", "Best Practices", "SEO")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --no-proxy-server --disable-quic"


def run_lighthouse(url: str, report: Path, chrome: str, *, desktop: bool) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if desktop:
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0 or not report.is_file():
        sys.exit(f"lighthouse failed for {url}:\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset")
    parser.add_argument("paths", nargs="*", help="pages to measure (default: home, article, sign-in)")
    args = parser.parse_args()
    pages = {path: path for path in args.paths} if args.paths else PAGES
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        sys.exit("site/ is not built: run `make site` first")
    if not LIGHTHOUSE.is_file():
        sys.exit("node_modules/.bin/lighthouse is missing: run `make deps` (npm ci) first")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not chrome:
        sys.exit("Debian's chromium is not installed (`make chromium`)")
    REPORTS.mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("LIGHTHOUSE_PORT") or free_port())
    rows: list[tuple[str, list[int]]] = []
    misses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kc-lighthouse-") as tmp:
        process, url = start_stack(site, Path(tmp), port=port, timeout=600)
        try:
            for path, label in pages.items():
                name = path.strip("/").replace("/", "_") or "home"
                data = run_lighthouse(f"{url}{path}", REPORTS / f"{name}.json", chrome, desktop=args.desktop)
                scores = [round((data["categories"][key]["score"] or 0) * 100) for key in CATEGORIES]
                rows.append((f"{label} ({path})", scores))
                for key in CATEGORIES:
                    for ref in data["categories"][key]["auditRefs"]:
                        audit = data["audits"][ref["id"]]
                        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                            shown = audit.get("displayValue") or ""
                            misses.append(
                                f"  {path} {key}: {audit['id']} {audit['score']:.2f} {shown}".rstrip()
                            )
        finally:
            process.terminate()
            process.wait(timeout=20)
    form = "desktop" if args.desktop else "mobile (Lighthouse default: throttled, simulated)"
    print(
        f"Lighthouse {lighthouse_version()} in {chrome}, {form}; targets: "
        + ", ".join(f"{header} ≥ {TARGETS[key]}" for key, header in zip(CATEGORIES, HEADERS, strict=True))
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'page':{width}}  " + "  ".join(f"{header:>14}" for header in HEADERS))
    for label, scores in rows:
        print(f"{label:{width}}  " + "  ".join(f"{score:>14}" for score in scores))
    if misses:
        print("Audits below 1 that count towards a score (reports in .local/lighthouse/):")
        print("\n".join(misses))


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text("utf-8"))["version"]) if package.is_file() else "?"


if __name__ == "__main__":
    main()
