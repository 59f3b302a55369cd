"""Passwort ändern (signed in) on the Sicherheit page."""

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer

NEW_PASSWORD = "Sommerregen-ueber-Bremen-7"


def test_change_password_keeps_this_session_and_ends_the_others(client):
    make_customer()
    other = client.another_browser()
    other.login()
    client.login()
    response = client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert client.get("/api/session").status_code == 200
    assert other.get("/api/session").status_code == 401
    assert sent_mails()[-1]["subject"] == "Ihr Passwort wurde geändert"
    assert client.get("/api/audit").json_body["entries"][0]["event"] == "password_changed"
    fresh = client.another_browser()
    fresh.login(password=NEW_PASSWORD)


def test_wrong_current_password_is_a_field_error(client):
    make_customer()
    client.login()
    response = client.post(
        "/api/auth/password/change", {"current_password": "falsch-falsch", "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"current_password": "Das aktuelle Passwort ist nicht korrekt."}
    client.login(password=DEMO_PASSWORD)


def test_new_password_rules_are_explained(client):
    make_customer()
    client.login()
    cases = {
        "kurz": "mindestens 10 Zeichen",
        "x" * 129: "höchstens 128 Zeichen",
        "qwertzuiop": "einfache Zeichenfolge",
        "Passwort2026!": "verbreitet",
        "erika-mustermann-1": "nicht enthalten",
        DEMO_PASSWORD: "unterscheiden",
    }
    for password, reason in cases.items():
        response = client.post(
            "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": password}
        )
        assert response.status_code == 400, password
        assert reason in response.json_body["Fields"]["new_password"], (password, response.json_body)
    client.login(password=DEMO_PASSWORD)


def test_spaces_around_a_password_are_part_of_it(client):
    make_customer()
    client.login()
    spaced = "  Sommerregen ueber Bremen  "
    response = client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": spaced}
    )
    assert response.status_code == 204
    fresh = client.another_browser()
    assert fresh.post("/api/auth/login", {"login": "100001", "password": spaced.strip()}).status_code == 401
    fresh.login(password=spaced)
