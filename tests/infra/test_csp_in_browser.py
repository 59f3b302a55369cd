"""In Chromium, the site runs under the production CSP (script-src 'self' and the inline scripts' hashes, no
'unsafe-inline'): no page of the local stack, which sends the same policy, violates it."""

from typing import Any

import pytest

from tests.browser_fixtures import Stack

pytestmark = pytest.mark.e2e

VIOLATION_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.mark.parametrize(
    "path",
    ["/", "/zugang/kundencenter-aufrufen/", "/kundencenter/anmelden/", "/support/ticket/", "/gibt-es-nicht/"],
    ids=["home", "article", "portal-sign-in", "ticket-form", "404"],
)
def test_no_page_violates_the_content_security_policy(page: Any, stack: Stack, path: str) -> None:
    page.add_init_script(VIOLATION_LISTENER)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{stack.url}{path}")
    page.wait_for_load_state("networkidle")
    csp = response.headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'sha256-" in script_src
    # Material's inline scripts ran: its bundle found what they define and set up the page
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
