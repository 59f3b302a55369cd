"""The customer's active sessions: list, end one, end all others."""

from tests.factories import make_customer


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
    assert response.json_body["Message"] == "Diese Sitzung wurde nicht gefunden."
    assert customer_b.get("/api/session").status_code == 200
