"""Shared helpers of the portal e2e tests (tests/e2e/test_portal_*.py).

`Portal` drives the local stack's pages in one Playwright page: open a page and wait until its
module has mounted, sign in through the API where the sign-in form is not under test, read the
header, run axe-core.
"""

import json
import re
from pathlib import Path
from typing import Any

from tests.factories import DEMO_PASSWORD, DEMO_STAFF, totp_code

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def inject_axe(page: Any) -> None:
    """axe-core into the page, once. By DevTools evaluation, not a <script> tag: the site's CSP allows no
    inline script (infra/package.py hashes only the site's own), so an injected tag would be blocked."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))


DEMO_EMAIL = "demo@example.com"
DEMO_NUMBER = "100001"
DEMO_NAME = "Erika Mustermann"
__all__ = ["AXE", "DEMO_EMAIL", "DEMO_NAME", "DEMO_NUMBER", "DEMO_PASSWORD", "Portal", "reset_link"]


class Portal:
    """The portal in one browser page against the running stack."""

    def __init__(self, page: Any, stack: Any) -> None:
        self.page = page
        self.stack = stack
        self.base = stack.url
        # API calls made with `page.request` (Playwright's own HTTP client) carry the page's origin, as the
        # page's fetch() calls do: the API refuses unsafe requests with cookies but without an origin.
        page.context.set_extra_http_headers({"Origin": stack.url})

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def open(self, path: str) -> Any:
        """Load a page (a full load) and wait until the portal module has mounted."""
        self.page.goto(self.url(path))
        self.wait_until_mounted()
        return self.page

    def wait_until_mounted(self) -> None:
        self.page.wait_for_function(
            """() => {
                const root = document.getElementById("kc-portal");
                return root && !root.hasAttribute("aria-busy") && !root.querySelector(".kc-loading")
                    && !document.querySelector("[aria-busy=true]");
            }"""
        )

    def sign_in(self, login: str = DEMO_NUMBER, password: str = DEMO_PASSWORD) -> None:
        """Sign in through the API; the session cookie lands in the page's browser context."""
        response = self.page.request.post(
            self.url("/api/auth/login"), data={"login": login, "password": password}
        )
        assert response.status == 200, response.text()

    def sign_in_staff(self) -> None:
        """Sign the demo staff member in through the API (the form has its own test in
        test_team_signin.py); the team cookie lands in the page's browser context."""
        response = self.page.request.post(
            self.url("/api/team/auth/login"),
            data={
                "email": DEMO_STAFF["email"],
                "password": DEMO_STAFF["password"],
                "code": totp_code(DEMO_STAFF["totp_secret"]),
            },
        )
        assert response.status == 200, response.text()

    def api_status(self, method: str, path: str, body: Any = None) -> int:
        """Status of an API call made with this browser context's cookies."""
        response = self.page.request.fetch(self.url(path), method=method, data=body)
        return int(response.status)

    def marker(self) -> Any:
        """Put a value into the window: it survives instant navigation, not a full load."""
        self.page.evaluate("window.kcTestMarker = 'same document'")
        return lambda: self.page.evaluate("window.kcTestMarker || null")

    @property
    def account(self) -> Any:
        return self.page.locator("#kc-account")

    @property
    def account_button(self) -> Any:
        """The signed-in customer's button "Kundenbereich" in the header (kc-header.js)."""
        return self.account.get_by_role("button", name=re.compile("^Kundenbereich"))

    def account_menu(self) -> Any:
        """Open the header's menu "Kundenbereich" (portal sections and "Abmelden") and return it."""
        from playwright.sync_api import expect

        if self.account_button.get_attribute("aria-expanded") != "true":
            self.account_button.click()
        expect(self.account_button).to_have_attribute("aria-expanded", "true")
        return self.page.locator("#kc-account-menu")

    def sign_out_from_header(self) -> None:
        """Abmelden through the header's menu."""
        self.account_menu().get_by_role("button", name="Abmelden").click()

    @property
    def heading(self) -> Any:
        return self.page.locator(".md-content h1")

    def mails_to(self, address: str, subject: str) -> list[dict[str, Any]]:
        return [mail for mail in self.stack.mails() if mail["to"] == address and mail["subject"] == subject]

    def axe_violations(self) -> list[dict[str, Any]]:
        """axe-core's violations for the whole page as it is now (colour transitions finished)."""
        self.page.wait_for_function(
            "() => !document.getAnimations().some(animation => animation instanceof CSSTransition)"
        )
        inject_axe(self.page)
        violations: list[dict[str, Any]] = self.page.evaluate(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
        )
        return violations

    def assert_accessible(self, state: str) -> None:
        violations = self.axe_violations()
        assert not violations, f"axe on {self.page.url} ({state}):\n{describe_violations(violations)}"

    def assert_fits_a_phone(self, state: str, reach_state: Any) -> None:
        """At 390 px, `reach_state(self)` passes axe in both colour schemes and needs no sideways scrolling."""
        self.page.set_viewport_size({"width": 390, "height": 844})
        reach_state(self)
        for scheme in ("default", "slate"):
            self.page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
            self.assert_accessible(f"{state} at 390 px, {scheme} scheme")
        overflow = self.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{state}: the page is {overflow} px wider than the phone"


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "")
            lines.append(f"    {json.dumps(node['target'])}: {summary[:300]}")
    return "\n".join(lines)


def reset_link(text: str) -> str:
    """The reset link in a mail body."""
    match = re.search(r"https?://\S+/kundencenter/passwort-zuruecksetzen/#token=[\w-]+", text)
    assert match, f"no reset link in:\n{text}"
    return match.group(0)
