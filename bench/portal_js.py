"""How many JavaScript requests, how many bytes and how deep a chain do portal pages load?

Starts the local stack (`python -m local.devserver` on a free port) with a built site (default site/;
`--site-dir` another, e.g. a build of an older commit for a before/after comparison), opens Anmelden
(anonymous) and Statistik (signed in as the demo customer 100001) in Debian's Chromium (headless) with a
cold cache and prints, per page: JavaScript files and bytes (as served and gzip -6), the portal's own
files among them, and the longest request chain of scripts (HTML → script → the module it imports → …:
1 means every script was requested by the HTML itself; each further step is a round trip one after the
other), with the median time until the portal page has mounted (#kc-portal no longer aria-busy).
Nothing is asserted.

Usage: .venv/bin/python bench/portal_js.py [--site-dir DIR] [rounds]
"""

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from local.seed import DEMO_PASSWORD  # noqa: E402
from tools.stack_env import start_stack  # noqa: E402

PAGES = {"/kundencenter/anmelden/": False, "/kundencenter/statistik/": True}  # path -> signed in
MOUNTED = "() => { const root = document.getElementById('kc-portal'); return root && !root.hasAttribute('aria-busy') && root.children.length > 0 }"


def one_load(browser: Any, url: str, path: str, signed_in: bool) -> dict[str, Any]:
    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    context.set_extra_http_headers({"Origin": url})
    page = context.new_page()
    if signed_in:
        response = page.request.post(
            f"{url}/api/auth/login", data={"login": "100001", "password": DEMO_PASSWORD}
        )
        assert response.status == 200, response.text()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    initiators: dict[str, str | None] = {}

    def on_request(event: dict[str, Any]) -> None:
        request_url = event["request"]["url"]
        if event.get("type") != "Script" or request_url in initiators:
            return
        initiator = event.get("initiator", {})
        source = initiator.get("url")
        frames = initiator.get("stack", {}).get("callFrames", [])
        if frames:
            source = frames[0].get("url") or source
        initiators[request_url] = source

    cdp.on("Network.requestWillBeSent", on_request)
    bodies: dict[str, bytes] = {}
    page.on(
        "response",
        lambda answer: (
            answer.request.resource_type == "script" and bodies.__setitem__(answer.url, answer.body())
        ),
    )
    start = time.perf_counter()
    page.goto(f"{url}{path}")
    page.wait_for_function(MOUNTED, timeout=120_000)
    mounted_ms = (time.perf_counter() - start) * 1000
    page.wait_for_load_state("networkidle")
    context.close()

    def depth(script: str, seen: frozenset[str] = frozenset()) -> int:
        source = initiators.get(script)
        if source in initiators and source not in seen:
            return 1 + depth(source, seen | {script})
        return 1

    portal = [name for name in bodies if "/javascripts/portal/" in name or "/javascripts/vendor/" in name]
    return {
        "bodies": bodies,
        "portal": portal,
        "chain": max((depth(name) for name in portal), default=0),
        "mounted_ms": mounted_ms,
    }


def kilobytes(values: list[bytes]) -> str:
    raw = sum(len(body) for body in values)
    packed = sum(len(gzip.compress(body, compresslevel=6)) for body in values)
    return f"{raw / 1000:7.1f} KB, gzip {packed / 1000:6.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    args = parser.parse_args()
    site = args.site_dir.resolve()
    if not (site / "kundencenter" / "statistik" / "index.html").is_file():
        sys.exit(f"{site} has no Statistik page: run `make site` first")
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Debian's chromium is not installed (`make chromium`)")
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_stack(site, Path(tmp), timeout=300)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                for path, signed_in in PAGES.items():
                    results[path] = [one_load(browser, url, path, signed_in) for _ in range(args.rounds)]
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(f"Portal JavaScript, site {site}, {args.rounds} cold loads per page in headless Chromium")
    for path, loads in results.items():
        last = loads[-1]
        bodies = last["bodies"]
        print(f"{path}")
        print(f"  all JavaScript        {len(bodies):2} files {kilobytes(list(bodies.values()))}")
        portal = [bodies[name] for name in last["portal"]]
        print(f"  portal (+ vendor/)    {len(portal):2} files {kilobytes(portal)}")
        print(f"  longest chain of portal script requests: {last['chain']}")
        times = [load["mounted_ms"] for load in loads]
        print(
            f"  mounted after: median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f})"
        )
    load = os.getloadavg()
    print(f"Load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 shared cores)")


if __name__ == "__main__":
    main()
