"""The customer's active sessions: list, end one, end all others."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.factories import DEMO_PASSWORD, make_customer


def test_sessions_list_shows_start_last_use_browser_and_address(client):
    make_customer()
    phone = client.another_browser()
    phone.headers["User-Agent"] = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1"
    )
    phone.login()
    client.login()
    sessions = client.get("/api/sessions").json_body["sessions"]
    assert len(sessions) == 2
    assert [session["current"] for session in sessions].count(True) == 1
    browsers = {session["browser"] for session in sessions}
    assert browsers == {"Firefox 140 auf Linux", "Safari 18 auf iOS"}
    for session in sessions:
        assert session["ip_address"] == "127.0.0.1"
        assert session["created_at"].endswith("+00:00")
        assert session["last_seen_at"]


def test_end_another_session(client):
    make_customer()
    phone = client.another_browser()
    phone.login()
    client.login()
    other = next(s for s in client.get("/api/sessions").json_body["sessions"] if not s["current"])
    assert client.delete(f"/api/sessions/{other['id']}").status_code == 204
    assert phone.get("/api/session").status_code == 401
    assert client.get("/api/session").status_code == 200
    assert client.get("/api/audit").json_body["entries"][0]["event"] == "session_revoked"


def test_end_all_other_sessions(client):
    make_customer()
    others = [client.another_browser() for _ in range(3)]
    for other in others:
        other.login()
    client.login()
    response = client.delete("/api/sessions")
    assert response.status_code == 200
    assert response.json_body == {"ended": 3}
    assert all(other.get("/api/session").status_code == 401 for other in others)
    assert len(client.get("/api/sessions").json_body["sessions"]) == 1


def test_another_customers_session_is_not_found(client):
    make_customer()
    make_customer(customer_number="100002", email="b@example.com")
    customer_b = client.another_browser()
    customer_b.login(login="100002")
    b_session = customer_b.get("/api/sessions").json_body["sessions"][0]["id"]
    client.login()
    response = client.delete(f"/api/sessions/{b_session}")
    assert response.status_code == 404
    assert response.json_body["Message"] == "Dieses Gerät ist nicht angemeldet."
    assert customer_b.get("/api/session").status_code == 200


def test_a_device_signed_out_elsewhere_hears_so_once(client):
    make_customer()
    phone = client.another_browser()
    phone.login()
    client.login()
    assert client.delete("/api/sessions").status_code == 200
    ended = phone.get("/api/session")
    assert ended.status_code == 401
    assert ended.json_body["Code"] == "SessionEnded"
    assert "anderen Gerät" in ended.json_body["Message"]
    assert "Max-Age=0" in ended.headers["Set-Cookie"]
    assert phone.get("/api/session").json_body["Code"] == "NotSignedIn"


def test_a_password_change_ends_other_devices_with_session_ended(client):
    make_customer()
    phone = client.another_browser()
    phone.login()
    client.login()
    changed = client.post(
        "/api/auth/password/change",
        {"current_password": DEMO_PASSWORD, "new_password": "Sommerregen-ueber-Bremen-7"},
    )
    assert changed.status_code == 204
    assert phone.get("/api/session").json_body["Code"] == "SessionEnded"


def test_an_idle_session_says_it_expired(client):
    make_customer()
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.login()
        clock.move_to(start + timedelta(minutes=31))
        response = client.get("/api/session")
    assert response.status_code == 401
    assert response.json_body["Code"] == "SessionExpired"
