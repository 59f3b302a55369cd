"""The local stack sends the security headers of CloudFront's SecurityHeadersPolicy (infra/template.yaml).

The expected headers are derived here from the template as CloudFront documents the policy, written
out independently of the devserver's own translation, so a mistake in either shows up.
"""

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from local.devserver import security_headers, with_headers
from tests.browser_fixtures import Stack
from tests.factories import DEMO_PASSWORD

TEMPLATE = yaml.safe_load((Path(__file__).parents[2] / "infra" / "template.yaml").read_text(encoding="utf-8"))
POLICY = TEMPLATE["Resources"]["SecurityHeadersPolicy"]
HSTS = "Strict-Transport-Security"
CSP = "Content-Security-Policy"


def without_script_hashes(headers: dict[str, str | None]) -> dict[str, str | None]:
    """The headers with the CSP's inline-script hashes taken out (the devserver adds those of the site it
    serves, as infra/package.py does in production; tests/infra checks they cover every inline script)."""
    csp = headers.get(CSP)
    return {**headers, CSP: re.sub(r" 'sha256-[A-Za-z0-9+/=]+'", "", csp)} if csp else headers


def expected_headers() -> dict[str, str]:
    """CloudFront's headers for the template's policy (HSTS included)."""
    config = POLICY["Properties"]["ResponseHeadersPolicyConfig"]
    security = config.get("SecurityHeadersConfig", {})
    headers = {}
    if "StrictTransportSecurity" in security:
        hsts = security["StrictTransportSecurity"]
        headers[HSTS] = "; ".join(
            [f"max-age={hsts['AccessControlMaxAgeSec']}"]
            + (["includeSubDomains"] if hsts.get("IncludeSubdomains") else [])
            + (["preload"] if hsts.get("Preload") else [])
        )
    if "ContentTypeOptions" in security:
        headers["X-Content-Type-Options"] = "nosniff"
    if "FrameOptions" in security:
        headers["X-Frame-Options"] = security["FrameOptions"]["FrameOption"]
    if "ReferrerPolicy" in security:
        headers["Referrer-Policy"] = security["ReferrerPolicy"]["ReferrerPolicy"]
    if "ContentSecurityPolicy" in security:
        headers["Content-Security-Policy"] = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if "XSSProtection" in security:
        xss = security["XSSProtection"]
        headers["X-XSS-Protection"] = "; ".join(
            ["1" if xss["Protection"] else "0"]
            + (["mode=block"] if xss["Protection"] and xss.get("ModeBlock") else [])
            + ([f"report={xss['ReportUri']}"] if xss["Protection"] and "ReportUri" in xss else [])
        )
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        headers[item["Header"]] = item["Value"]
    return headers


def test_the_policy_covers_site_and_api_in_production() -> None:
    distribution = TEMPLATE["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    behaviours = [distribution["DefaultCacheBehavior"], *distribution["CacheBehaviors"]]
    assert POLICY["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    assert all(
        behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"} for behaviour in behaviours
    )
    headers = expected_headers()
    assert {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", HSTS} <= set(headers)
    hsts = POLICY["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"][
        "StrictTransportSecurity"
    ]
    assert hsts["AccessControlMaxAgeSec"] >= 365 * 24 * 3600


def test_devserver_translates_the_policy_as_cloudfront_does() -> None:
    assert {name: value for name, value, _ in security_headers()} == expected_headers()


@pytest.mark.parametrize(
    "path",
    ["/", "/kundencenter/anmelden/", "/gibt-es-nicht/", "/api/session", "/api/gibt-es-nicht", "/_dev/mail"],
    ids=["help-home", "portal-page", "404-page", "api-401", "api-unknown", "dev-mail"],
)
def test_every_local_answer_carries_the_templates_headers_but_hsts(stack: Stack, path: str) -> None:
    """HSTS is left out locally: browsers ignore it over http (RFC 6797, 8.1), and sent over https on
    127.0.0.1 it would pin every local port to https for two years."""
    response = requests.get(f"{stack.url}{path}", timeout=10)
    assert response.status_code in (200, 401, 403, 404)
    wanted = {name: value for name, value in expected_headers().items() if name != HSTS}
    sent = {name: response.headers.get(name) for name in wanted}
    assert without_script_hashes(sent) == wanted
    assert "'sha256-" in sent[CSP]
    assert HSTS not in response.headers


def test_api_answers_after_sign_in_carry_them_too(fresh_stack: Stack) -> None:
    browser = requests.Session()
    browser.headers["Origin"] = fresh_stack.url
    login = browser.post(
        f"{fresh_stack.url}/api/auth/login", json={"login": "100001", "password": DEMO_PASSWORD}
    )
    me = browser.get(f"{fresh_stack.url}/api/session")
    assert (login.status_code, me.status_code) == (200, 200)
    for response in (login, me):
        assert without_script_hashes({CSP: response.headers[CSP]}) == {CSP: expected_headers()[CSP]}
        assert response.headers["X-Frame-Options"] == expected_headers()["X-Frame-Options"]


def _template(tmp_path: Path, config: str) -> Path:
    path = tmp_path / "template.yaml"
    body = textwrap.indent(textwrap.dedent(config), " " * 8)
    path.write_text(
        "Resources:\n  Policy:\n    Type: AWS::CloudFront::ResponseHeadersPolicy\n"
        "    Properties:\n      ResponseHeadersPolicyConfig:\n" + body,
        encoding="utf-8",
    )
    return path


def test_translation_of_the_other_cloudfront_settings(tmp_path: Path) -> None:
    template = _template(
        tmp_path,
        """
        Name: test
        SecurityHeadersConfig:
          StrictTransportSecurity: {AccessControlMaxAgeSec: 600, IncludeSubdomains: false, Preload: true, Override: false}
          XSSProtection: {Protection: true, ModeBlock: true, Override: true}
        CustomHeadersConfig:
          Items:
            - {Header: Permissions-Policy, Value: "camera=()", Override: false}
        """,
    )
    assert security_headers(template, "Policy") == [
        ("Strict-Transport-Security", "max-age=600; preload", False),
        ("X-XSS-Protection", "1; mode=block", True),
        ("Permissions-Policy", "camera=()", False),
    ]


@pytest.mark.parametrize(
    "config",
    [
        "CorsConfig: {OriginOverride: true}",
        "RemoveHeadersConfig: {Items: [{Header: Server}]}",
        "SecurityHeadersConfig: {SomethingNew: {Override: true}}",
    ],
)
def test_policy_parts_the_devserver_cannot_send_stop_it(tmp_path: Path, config: str) -> None:
    with pytest.raises(ValueError, match="does not translate"):
        security_headers(_template(tmp_path, config), "Policy")


def test_override_replaces_the_apps_header_and_no_override_keeps_it() -> None:
    sent: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        sent.append(headers)

    add = with_headers(
        [("X-Frame-Options", "DENY", True), ("Referrer-Policy", "no-referrer", False)], start_response
    )
    add("200 OK", [("x-frame-options", "SAMEORIGIN"), ("Referrer-Policy", "same-origin")])
    add("200 OK", [])
    assert sent == [
        [("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY")],
        [("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")],
    ]


def test_site_runs_under_the_policy_without_csp_violations(page: Any, fresh_stack: Stack) -> None:
    """Search (its web worker), a help article, the portal's sign-in and overview: Chromium blocks nothing."""
    from playwright.sync_api import expect

    page.add_init_script(
        """window.kcViolations = [];
        document.addEventListener("securitypolicyviolation",
            event => window.kcViolations.push(`${event.violatedDirective} ${event.blockedURI}`));"""
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    violations: list[str] = []

    def collect() -> None:
        violations.extend(page.evaluate("window.kcViolations"))

    page.goto(f"{fresh_stack.url}/")
    page.locator("[data-kc-open-search]").click()
    page.keyboard.type("Rechnung")
    page.locator(".md-search-result__item").first.wait_for()
    collect()
    page.goto(f"{fresh_stack.url}/zugang/kundencenter-aufrufen/")
    page.wait_for_load_state("networkidle")
    collect()
    page.goto(f"{fresh_stack.url}/kundencenter/anmelden/")
    page.get_by_label("E-Mail-Adresse oder Kundennummer").fill("100001")
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).to_have_url(f"{fresh_stack.url}/kundencenter/")
    expect(page.locator("#kc-account")).to_contain_text("Kd.-Nr. 100001")
    collect()

    assert violations == []
    assert [text for text in console if "Content Security Policy" in text] == []
