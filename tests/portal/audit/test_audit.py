"""The audit log: newest first, paged, only one's own."""

from datetime import UTC, datetime

import pytest

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


def test_every_entry_expires_13_months_after_it_was_written(client):
    """The table's TTL attribute: DynamoDB deletes sign-in data (address, browser) after 13 months."""
    import boto3

    from chalicelib.settings import settings

    make_customer()
    client.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"})
    client.login()
    client.post("/api/auth/password/forgot", {"login": "100001"})  # written on its own, outside a transaction

    items = boto3.client("dynamodb", region_name=settings.aws_region).scan(
        TableName=settings.table_name("audit")
    )["Items"]
    assert len(items) == 3
    for item in items:
        created = datetime.fromisoformat(item["created_at"]["S"].replace(" ", "T"))
        expires = datetime.fromtimestamp(int(item["expires_at"]["N"]), UTC)  # a number: what TTL reads
        assert (expires.year * 12 + expires.month) - (created.year * 12 + created.month) == 13
        assert (expires.day, expires.hour, expires.minute) == (created.day, created.hour, created.minute)


@pytest.mark.parametrize(
    ("written", "expires"),
    [
        (datetime(2026, 1, 31, 9, 30, tzinfo=UTC), datetime(2027, 2, 28, 9, 30, tzinfo=UTC)),
        (datetime(2026, 12, 2, 0, 15, tzinfo=UTC), datetime(2028, 1, 2, 0, 15, tzinfo=UTC)),
        (datetime(2027, 1, 29, 23, 59, tzinfo=UTC), datetime(2028, 2, 29, 23, 59, tzinfo=UTC)),
    ],
)
def test_thirteen_months_is_calendar_months(written, expires):
    from chalicelib.audit.service import RETENTION_MONTHS, months_later

    assert months_later(written, RETENTION_MONTHS) == expires
