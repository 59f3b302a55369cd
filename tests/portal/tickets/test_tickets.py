"""The customer's tickets: create, list and search, read, reply, close, reopen, rate; nobody else's."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from tests.conftest import sent_mails
from tests.portal.tickets.conftest import new_ticket


def test_a_new_ticket_is_listed_open_and_confirmed_by_mail_with_its_reply_address(erika):
    ticket = new_ticket(erika)

    assert len(ticket["id"]) == 8
    assert ticket["status"] == "offen"
    assert ticket["channel"] == "portal"
    assert ticket["can_reply"]
    assert ticket["can_close"]
    assert not ticket["can_rate"]
    (message,) = ticket["messages"]
    assert message["author"] == "customer"
    assert message["text"] == "Seit gestern fehlt PayPal."
    listed = erika.get("/api/tickets").json_body
    assert [item["id"] for item in listed["items"]] == [ticket["id"]]
    assert listed["next_cursor"] is None
    (mail,) = sent_mails()
    assert mail["to"] == "demo@example.com"
    assert f"#{ticket['id']}" in mail["subject"]
    assert mail["reply_to"].startswith(f"support+{ticket['id']}.")
    assert mail["reply_to"].endswith("@example.com")
    assert f"/kundencenter/tickets/?ticket={ticket['id']}" in mail["text"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": "ab", "category": "technik", "message": "x"}, "subject"),
        ({"subject": "Frage", "category": "werbung", "message": "x"}, "category"),
        ({"subject": "Frage", "category": "technik", "message": ""}, "message"),
        ({"subject": "Frage", "category": "technik", "message": "x" * 10_001}, "message"),
        (
            {"subject": "Frage", "category": "technik", "message": "x", "attachments": ["a"] * 6},
            "attachments",
        ),
        ({"subject": "Frage", "category": "technik", "message": "x", "admin": True}, "admin"),
    ],
)
def test_bad_input_is_a_400_with_a_german_field_message_and_stores_nothing(erika, body, field):
    response = erika.post("/api/tickets", body)

    assert response.status_code == 400
    assert field in response.json_body["Fields"]
    assert erika.get("/api/tickets").json_body["items"] == []
    assert sent_mails() == []


def test_search_folds_umlauts_and_case_and_covers_the_messages(erika):
    first = new_ticket(erika, subject="Zahlungsänderung im Checkout", message="PayPal fehlt")
    second = new_ticket(erika, subject="Rechnung doppelt", message="Die Rechnung für März kam zweimal.")
    erika.post(f"/api/tickets/{second['id']}/messages", {"text": "Übrigens: Straße stimmt nicht"})

    def ids(q):
        return [item["id"] for item in erika.get("/api/tickets?" + urlencode({"q": q})).json_body["items"]]

    assert ids("zahlungsaenderung") == [first["id"]]
    assert ids("ZAHLUNGSÄNDERUNG") == [first["id"]]
    assert ids("maerz") == [second["id"]]
    assert ids("strasse") == [second["id"]]
    assert ids("rechn doppelt") == [second["id"]]
    assert ids("paypal doppelt") == []
    assert set(ids("")) == {first["id"], second["id"]}


def test_status_filter_and_paging_newest_change_first(erika, monkeypatch):
    from chalicelib.tickets import service

    monkeypatch.setattr(service, "PAGE_SIZE", 2)
    made = [new_ticket(erika, subject=f"Frage Nummer {n}") for n in range(5)]
    erika.post(f"/api/tickets/{made[1]['id']}/close")

    seen, cursor = [], None
    while True:
        page = erika.get("/api/tickets" + (f"?cursor={cursor}" if cursor else "")).json_body
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen[0] == made[1]["id"]  # closed last: the newest change
    assert sorted(seen) == sorted(ticket["id"] for ticket in made)
    closed = erika.get("/api/tickets?status=geschlossen").json_body["items"]
    assert [item["id"] for item in closed] == [made[1]["id"]]
    assert erika.get("/api/tickets?status=zu").status_code == 400
    assert erika.get("/api/tickets?cursor=kaputt").status_code == 400


def test_reply_close_rate_once_and_reopen_within_14_days(erika):
    ticket = new_ticket(erika)
    replied = erika.post(f"/api/tickets/{ticket['id']}/messages", {"text": "Noch ein Detail."}).json_body
    assert [m["text"] for m in replied["messages"]][-1] == "Noch ein Detail."
    assert replied["message_count"] == 2
    assert erika.post(f"/api/tickets/{ticket['id']}/rating", {"stars": 5}).status_code == 409  # not closed

    closed = erika.post(f"/api/tickets/{ticket['id']}/close").json_body
    assert closed["status"] == "geschlossen"
    assert closed["can_rate"]
    assert closed["can_reopen"]
    assert not closed["can_reply"]
    refused = erika.post(f"/api/tickets/{ticket['id']}/messages", {"text": "Hallo?"})
    assert refused.status_code == 409
    assert "geschlossen" in refused.json_body["Message"]

    rated = erika.post(f"/api/tickets/{ticket['id']}/rating", {"stars": 4, "comment": "Schnell, danke"})
    assert rated.json_body["rating"] == {"stars": 4, "comment": "Schnell, danke"}
    assert not rated.json_body["can_rate"]
    again = erika.post(f"/api/tickets/{ticket['id']}/rating", {"stars": 1})
    assert again.status_code == 409
    assert erika.post(f"/api/tickets/{ticket['id']}/rating", {"stars": 6}).status_code == 400

    reopened = erika.post(f"/api/tickets/{ticket['id']}/reopen").json_body
    assert reopened["status"] == "offen"
    assert reopened["can_reply"]


def test_reopening_after_14_days_is_refused(erika):
    from chalicelib.models import Ticket

    ticket = new_ticket(erika)
    erika.post(f"/api/tickets/{ticket['id']}/close")
    stored = Ticket.get(ticket["id"])
    stored.update(actions=[Ticket.closed_at.set(datetime.now(UTC) - timedelta(days=14, minutes=1))])

    response = erika.post(f"/api/tickets/{ticket['id']}/reopen")

    assert response.status_code == 409
    assert "14 Tagen" in response.json_body["Message"]
    shown = erika.get(f"/api/tickets/{ticket['id']}").json_body
    assert shown["can_reopen"] is False
    assert shown["status"] == "geschlossen"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("POST", "/messages", {"text": "Hallo"}),
        ("POST", "/close", None),
        ("POST", "/reopen", None),
        ("POST", "/rating", {"stars": 3}),
    ],
)
def test_another_customers_ticket_is_not_found_and_unchanged(erika, max_, method, suffix, body):
    ticket = new_ticket(erika)

    response = max_.request(method, f"/api/tickets/{ticket['id']}{suffix}", body=body)

    assert response.status_code == 404
    assert response.json_body["Message"] == "Dieses Ticket wurde nicht gefunden."
    assert (
        erika.get(f"/api/tickets/{ticket['id']}").json_body
        == erika.get(f"/api/tickets/{ticket['id']}").json_body
    )
    assert len(erika.get(f"/api/tickets/{ticket['id']}").json_body["messages"]) == 1
    assert max_.get("/api/tickets").json_body["items"] == []


@pytest.mark.parametrize("ticket_id", ["00000000", "kaputt", "k7m2q9xd", "A" * 300])
def test_unknown_or_malformed_ids_are_not_found(erika, ticket_id):
    assert erika.get(f"/api/tickets/{ticket_id}").status_code == 404


def test_a_retried_create_with_the_same_idempotency_key_stores_one_ticket(erika):
    body = {"subject": "Lizenz upgraden", "category": "vertrag", "message": "Bitte auf Multi."}
    first = erika.post("/api/tickets", body, headers={"Idempotency-Key": "ticket-1"})
    again = erika.post("/api/tickets", body, headers={"Idempotency-Key": "ticket-1"})

    assert first.status_code == again.status_code == 201
    assert first.json_body["id"] == again.json_body["id"]
    assert len(erika.get("/api/tickets").json_body["items"]) == 1
