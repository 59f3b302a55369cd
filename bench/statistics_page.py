"""How heavy is the Statistik page, and how soon does its first chart appear?

Starts the local stack (`python -m local.devserver` on a free port with the built site in site/, as
`tests/browser_fixtures.py` does; run `make site` first), signs in as the demo customer 100001 and opens
/kundencenter/statistik/ in Debian's Chromium (headless) with a cold cache, several times. Prints the
JavaScript the page loads (bytes as served and gzip -6, split into the portal's own modules, the chart
library and Material's bundle), the API calls it makes, and the median time from navigation start to the
first chart drawn. Nothing is asserted.
Usage: .venv/bin/python bench/statistics_page.py [rounds]
"""

import gzip
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from local.seed import DEMO_PASSWORD  # noqa: E402
from tools.stack_env import start_stack  # noqa: E402

PAGE = "/kundencenter/statistik/"
FIRST_CHART = """() => {
    const start = performance.now();
    new MutationObserver((_, observer) => {
        if (document.querySelector(".kc-chart__canvas svg .ct-series")) {
            window.kcFirstChart = performance.now();
            observer.disconnect();
        }
    }).observe(document, { childList: true, subtree: true });
    return start;
}"""


def kind(url: str) -> str:
    if "/vendor/" in url:
        return "chart library (vendor/)"
    if "/javascripts/portal/" in url:
        return "portal modules"
    return "Material and site scripts"


def one_round(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    context.set_extra_http_headers({"Origin": url})
    page = context.new_page()
    response = page.request.post(f"{url}/api/auth/login", data={"login": "100001", "password": DEMO_PASSWORD})
    assert response.status == 200, response.text()
    scripts: dict[str, bytes] = {}
    api: list[str] = []

    def on_response(answer: Any) -> None:
        if answer.request.resource_type == "script":
            scripts[answer.url] = answer.body()
        elif "/api/" in answer.url:
            api.append(f"{answer.request.method} {answer.url.removeprefix(url)} {answer.status}")

    page.on("response", on_response)
    page.add_init_script(f"({FIRST_CHART})()")
    page.goto(f"{url}{PAGE}")
    page.wait_for_function(
        "() => window.kcFirstChart !== undefined || document.querySelector('#kc-portal .kc-notice, #kc-portal .kc-unavailable')",
        timeout=60_000,
    )
    first_chart = page.evaluate("window.kcFirstChart ?? null")
    if first_chart is None:
        text = page.locator("#kc-portal").inner_text()
        sys.exit(f"The page drew no chart (is the statistics API in this branch?):\n{text}")
    page.wait_for_load_state("networkidle")
    context.close()
    return {"first_chart_ms": first_chart, "scripts": scripts, "api": api}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    site = ROOT / "site"
    if not (site / "kundencenter" / "statistik" / "index.html").is_file():
        sys.exit("site/ has no Statistik page: run `make site` first")
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Debian's chromium is not installed (`make chromium`)")
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_stack(site, Path(tmp), timeout=120)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                results = [one_round(browser, url) for _ in range(rounds)]
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    scripts = results[-1]["scripts"]
    groups: dict[str, list[int]] = {}
    for script_url, body in scripts.items():
        sizes = groups.setdefault(kind(script_url), [0, 0, 0])
        sizes[0] += 1
        sizes[1] += len(body)
        sizes[2] += len(gzip.compress(body, compresslevel=6))
    print(f"Statistik page ({PAGE}), demo customer 100001, {rounds} cold loads in headless Chromium")
    print("JavaScript loaded:")
    for name, (count, raw, packed) in sorted(groups.items()):
        print(f"  {name:28} {count:2} files {raw / 1000:8.1f} KB  gzip {packed / 1000:7.1f} KB")
    total_raw = sum(sizes[1] for sizes in groups.values())
    total_gzip = sum(sizes[2] for sizes in groups.values())
    print(
        f"  {'total':28} {len(scripts):2} files {total_raw / 1000:8.1f} KB  gzip {total_gzip / 1000:7.1f} KB"
    )
    print("API calls of the last load:")
    for line in results[-1]["api"]:
        print(f"  {line}")
    times = [result["first_chart_ms"] for result in results]
    print(
        f"Time to the first chart (navigation start → first series drawn): median {statistics.median(times):.0f} ms, "
        f"min {min(times):.0f} ms, max {max(times):.0f} ms"
    )
    load = os.getloadavg()
    print(f"Load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 shared cores)")


if __name__ == "__main__":
    main()
