"""`python -m local.devserver`: site and API on one origin, the mail page, reset."""

import http.client
import json
import re

import requests

from tests.browser_fixtures import Stack
from tests.factories import DEMO_PASSWORD


def _session(stack: Stack) -> requests.Session:
    session = requests.Session()
    session.headers["Origin"] = stack.url
    return session


def test_serves_the_help_site_with_content_types(stack: Stack) -> None:
    home = requests.get(f"{stack.url}/", timeout=10)
    assert home.status_code == 200
    assert home.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<html" in home.text
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+\.css)"', home.text)
    script = re.search(r'<script src="([^"]+\.js)"', home.text)
    assert stylesheet is not None
    assert script is not None
    css = requests.get(f"{stack.url}/{stylesheet.group(1).lstrip('./')}", timeout=10)
    assert (css.status_code, css.headers["Content-Type"]) == (200, "text/css; charset=utf-8")
    js = requests.get(f"{stack.url}/{script.group(1).lstrip('./')}", timeout=10)
    assert (js.status_code, js.headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")


def test_directory_url_serves_its_index_and_missing_slash_redirects(stack: Stack) -> None:
    page = requests.get(f"{stack.url}/kundencenter/anmelden/", timeout=10)
    assert page.status_code == 200
    assert "Anmelden" in page.text
    redirected = requests.get(f"{stack.url}/kundencenter/anmelden", timeout=10, allow_redirects=False)
    assert redirected.status_code == 301
    assert redirected.headers["Location"].endswith("/kundencenter/anmelden/")


def test_unknown_page_is_the_sites_404_page(stack: Stack) -> None:
    response = requests.get(f"{stack.url}/gibt-es-nicht/", timeout=10)
    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]
    assert "Diese Seite gibt es nicht" in response.text  # the site's own German 404 page (overrides/404.html)


def test_no_file_outside_the_site_is_served(stack: Stack) -> None:
    response = requests.get(f"{stack.url}/..%2f..%2fpyproject.toml", timeout=10)
    assert response.status_code == 404
    assert "[project]" not in response.text


def test_demo_customer_signs_in_on_the_same_origin(fresh_stack: Stack) -> None:
    browser = _session(fresh_stack)
    response = browser.post(
        f"{fresh_stack.url}/api/auth/login", json={"login": "demo@example.com", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    assert "kc_session" in browser.cookies
    me = browser.get(f"{fresh_stack.url}/api/session")
    assert me.status_code == 200
    assert me.json()["customer_number"] == "100001"
    assert me.json()["company"] == "Muster Handels GmbH"


def test_second_demo_customer_exists_for_isolation_checks(fresh_stack: Stack) -> None:
    response = _session(fresh_stack).post(
        f"{fresh_stack.url}/api/auth/login", json={"login": "100002", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    assert response.json()["customer"]["customer_number"] == "100002"


def test_api_sees_the_real_client_address(fresh_stack: Stack) -> None:
    """Chalice's own local gateway reports 127.0.0.1 for everyone; the stack passes the caller's address."""
    host, port = fresh_stack.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=("127.0.0.2", 0))
    body = json.dumps({"login": "100001", "password": DEMO_PASSWORD})
    headers = {"Content-Type": "application/json", "Origin": fresh_stack.url}
    connection.request("POST", "/api/auth/login", body=body, headers=headers)
    response = connection.getresponse()
    assert response.status == 200, response.read()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    response.read()
    connection.request("GET", "/api/sessions", headers={"Cookie": cookie})
    sessions = json.loads(connection.getresponse().read())["sessions"]
    connection.close()
    assert [session["ip_address"] for session in sessions] == ["127.0.0.2"]


def test_password_forgot_mail_appears_on_the_mail_endpoints(fresh_stack: Stack) -> None:
    assert fresh_stack.mails() == []
    response = _session(fresh_stack).post(
        f"{fresh_stack.url}/api/auth/password/forgot", json={"login": "demo@example.com"}
    )
    assert response.status_code == 202
    [mail] = fresh_stack.mails()
    assert mail["to"] == "demo@example.com"
    assert mail["subject"] == "Ihr Link zum Zurücksetzen des Passworts"
    assert f"{fresh_stack.url}/kundencenter/passwort-zuruecksetzen/#token=" in mail["text"]
    assert mail["sent_at"]
    page = requests.get(f"{fresh_stack.url}/_dev/mail/", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<a href="' + f"{fresh_stack.url}/kundencenter/passwort-zuruecksetzen/#token=" in page.text
    assert "Gesendete E-Mails" in page.text


def test_reset_restores_the_seeded_state(fresh_stack: Stack) -> None:
    browser = _session(fresh_stack)
    browser.post(f"{fresh_stack.url}/api/auth/password/forgot", json={"login": "100001"})
    browser.post(f"{fresh_stack.url}/api/auth/login", json={"login": "100001", "password": DEMO_PASSWORD})
    assert fresh_stack.mails()
    assert browser.get(f"{fresh_stack.url}/api/session").status_code == 200

    fresh_stack.reset()

    assert fresh_stack.mails() == []
    assert browser.get(f"{fresh_stack.url}/api/session").status_code == 401  # sessions are gone too
    again = browser.post(
        f"{fresh_stack.url}/api/auth/login", json={"login": "100001", "password": DEMO_PASSWORD}
    )
    assert again.status_code == 200


def test_reset_brings_back_the_seeded_contract_and_invoices(fresh_stack: Stack) -> None:
    """Resets restore the state right after the seed (tables and invoice PDFs), however often."""
    browser = _session(fresh_stack)
    assert browser.post(
        f"{fresh_stack.url}/api/auth/login", json={"login": "100001", "password": DEMO_PASSWORD}
    ).ok
    contract = browser.get(f"{fresh_stack.url}/api/contract").json()
    invoices = browser.get(f"{fresh_stack.url}/api/invoices").json()["invoices"]
    assert contract["licence"]["id"] == "single"
    assert invoices
    upgrade = browser.post(
        f"{fresh_stack.url}/api/contract/changes",
        json={"licence": "multi", "version": contract["version"]},
        headers={"Idempotency-Key": "reset-test-upgrade"},
    )
    assert upgrade.status_code == 201

    for _ in range(2):
        fresh_stack.reset()
        assert browser.post(
            f"{fresh_stack.url}/api/auth/login", json={"login": "100001", "password": DEMO_PASSWORD}
        ).ok
        assert browser.get(f"{fresh_stack.url}/api/contract").json() == contract
        assert browser.get(f"{fresh_stack.url}/api/invoices").json()["invoices"] == invoices
        pdf = browser.get(f"{fresh_stack.url}{invoices[0]['links']['pdf']}")
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF-")


def test_reset_refuses_another_sites_origin(fresh_stack: Stack) -> None:
    browser = _session(fresh_stack)
    browser.post(f"{fresh_stack.url}/api/auth/password/forgot", json={"login": "100001"})
    before = fresh_stack.mails()
    assert before

    response = requests.post(
        f"{fresh_stack.url}/_dev/reset", headers={"Origin": "https://evil.example"}, timeout=10
    )

    assert response.status_code == 403
    assert fresh_stack.mails() == before


def test_sitemap_lists_pages_on_the_stacks_own_port(stack: Stack) -> None:
    """Material's instant navigation only follows sitemap URLs; the site is built for port 8000."""
    response = requests.get(f"{stack.url}/sitemap.xml", timeout=10)
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.text)
    assert f"{stack.url}/kundencenter/anmelden/" in locations
    assert all(location.startswith(f"{stack.url}/") for location in locations)
