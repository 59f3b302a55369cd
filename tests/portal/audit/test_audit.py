"""The audit log: newest first, paged, only one's own."""

from tests.factories import make_customer


def test_audit_log_is_paged_newest_first(client):
    make_customer()
    for _ in range(4):
        client.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"})
    client.login()
    first = client.get("/api/audit?limit=3").json_body
    assert [entry["event"] for entry in first["entries"]] == ["login", "login_failed", "login_failed"]
    assert first["next_cursor"]
    second = client.get(f"/api/audit?limit=3&cursor={first['next_cursor']}").json_body
    assert [entry["event"] for entry in second["entries"]] == ["login_failed", "login_failed"]
    assert second["next_cursor"] is None
    ids = [entry["id"] for entry in first["entries"] + second["entries"]]
    assert ids == sorted(ids, reverse=True)


def test_audit_log_shows_only_the_own_entries(client):
    make_customer()
    make_customer(customer_number="100002", email="b@example.com")
    client.post("/api/auth/login", {"login": "100002", "password": "falsch-falsch"})
    client.login()
    entries = client.get("/api/audit").json_body["entries"]
    assert [entry["event"] for entry in entries] == ["login"]


def test_bad_paging_parameters_are_400(client):
    make_customer()
    client.login()
    assert client.get("/api/audit?limit=0").status_code == 400
    assert client.get("/api/audit?limit=viele").status_code == 400
    response = client.get("/api/audit?cursor=%%%")
    assert response.status_code == 400
    assert "Seitenangabe" in response.json_body["Message"]
