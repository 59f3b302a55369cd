"""The support team's side: queue and filters, thread with context, replies and internal notes, status,
assignee, merge; the customer never sees an internal note."""

from urllib.parse import urlencode

from tests.conftest import sent_mails
from tests.portal.tickets.conftest import last_mail_to, new_ticket


def queue(team, **filters):
    return team.get("/api/team/tickets?" + urlencode(filters)).json_body


def test_the_queue_lists_open_tickets_with_customer_and_filters(erika, max_, team):
    mine = new_ticket(erika, subject="Rechnung doppelt")
    other = new_ticket(max_, subject="Statistik leer")
    closed = new_ticket(max_, subject="Schon erledigt")
    max_.post(f"/api/tickets/{closed['id']}/close")

    items = queue(team)["items"]
    assert {item["id"] for item in items} == {mine["id"], other["id"]}
    first = next(item for item in items if item["id"] == mine["id"])
    assert first["customer_number"] == "100001"
    assert first["company"] == "Muster Handels GmbH"
    assert [item["id"] for item in queue(team, status="geschlossen")["items"]] == [closed["id"]]
    assert [item["id"] for item in queue(team, q="rechnung")["items"]] == [mine["id"]]
    assert [item["id"] for item in queue(team, q="100002")["items"]] == [other["id"]]
    assert queue(team, category="rechnung")["items"] == []
    team.patch(
        f"/api/team/tickets/{mine['id']}",
        {"version": _version(team, mine["id"]), "assignee": "support@unicorn2.example"},
    )
    assert [item["id"] for item in queue(team, assigned="mine")["items"]] == [mine["id"]]
    assert [item["id"] for item in queue(team, assigned="none")["items"]] == [other["id"]]
    assert team.get("/api/team/tickets?status=zu").status_code == 400


def _version(team, ticket_id):
    return team.get(f"/api/team/tickets/{ticket_id}").json_body["version"]


def test_the_thread_shows_the_customer_contract_and_last_tickets(erika, team):
    older = [new_ticket(erika, subject=f"Frühere Frage {n}") for n in range(6)]
    ticket = new_ticket(erika, subject="Aktuelle Frage")

    detail = team.get(f"/api/team/tickets/{ticket['id']}").json_body

    assert detail["customer"]["customer_number"] == "100001"
    assert detail["customer"]["company"] == "Muster Handels GmbH"
    recent = [item["id"] for item in detail["customer"]["recent_tickets"]]
    assert len(recent) == 5
    assert ticket["id"] not in recent
    assert set(recent) <= {item["id"] for item in older}


def test_an_internal_note_is_never_shown_or_mailed_to_the_customer(erika, team):
    ticket = new_ticket(erika)
    before = len(sent_mails())

    noted = team.post(
        f"/api/team/tickets/{ticket['id']}/messages", {"text": "Kunde ist VIP", "internal": True}
    )

    assert noted.status_code == 201
    assert noted.json_body["messages"][-1]["internal"] is True
    assert noted.json_body["status"] == "offen"  # a note changes nothing
    assert len(sent_mails()) == before
    shown = erika.get(f"/api/tickets/{ticket['id']}").json_body
    assert "Kunde ist VIP" not in str(shown)
    assert shown["message_count"] == 1
    assert erika.get("/api/tickets?q=vip").json_body["items"] == []


def test_a_reply_is_mailed_waits_for_the_customer_and_counts_the_first_response(erika, team):
    ticket = new_ticket(erika)

    replied = team.post(f"/api/team/tickets/{ticket['id']}/messages", {"text": "Bitte leeren Sie den Cache."})

    assert replied.json_body["status"] == "wartet_auf_sie"
    assert replied.json_body["first_response_at"] is not None
    mail = last_mail_to("demo@example.com")
    assert "Bitte leeren Sie den Cache." in mail["text"]
    assert mail["reply_to"].startswith(f"support+{ticket['id']}.")
    shown = erika.get(f"/api/tickets/{ticket['id']}").json_body
    assert shown["status"] == "wartet_auf_sie"
    assert shown["messages"][-1]["author"] == "team"
    assert shown["messages"][-1]["author_name"] == "Sam"  # first name only; the page adds "unicorn 2 Support"
    assert (
        erika.post(f"/api/tickets/{ticket['id']}/messages", {"text": "Danke"}).json_body["status"] == "offen"
    )


def test_status_and_assignee_from_a_stale_version_is_a_409(erika, team):
    ticket = new_ticket(erika)
    version = _version(team, ticket["id"])
    changed = team.patch(
        f"/api/team/tickets/{ticket['id']}", {"version": version, "status": "in_bearbeitung"}
    )
    assert changed.status_code == 200
    assert changed.json_body["status"] == "in_bearbeitung"

    stale = team.patch(f"/api/team/tickets/{ticket['id']}", {"version": version, "status": "geschlossen"})

    assert stale.status_code == 409
    assert erika.get(f"/api/tickets/{ticket['id']}").json_body["status"] == "in_bearbeitung"
    unknown = team.patch(
        f"/api/team/tickets/{ticket['id']}",
        {"version": changed.json_body["version"], "assignee": "nie@da.example"},
    )
    assert unknown.status_code == 400
    closed = team.patch(
        f"/api/team/tickets/{ticket['id']}",
        {"version": changed.json_body["version"], "status": "geschlossen"},
    ).json_body
    assert closed["resolved_at"] is not None
    assert closed["closed_at"] is not None


def test_merging_a_duplicate_moves_its_messages_and_closes_it(erika, max_, team):
    keep = new_ticket(erika, subject="PayPal fehlt", message="Erste Meldung")
    duplicate = new_ticket(erika, subject="PayPal fehlt immer noch", message="Zweite Meldung")
    foreign = new_ticket(max_, subject="Anderer Kunde")

    refused = team.post(
        f"/api/team/tickets/{foreign['id']}/merge",
        {"into": keep["id"], "version": _version(team, foreign["id"])},
    )
    assert refused.status_code == 409
    merged = team.post(
        f"/api/team/tickets/{duplicate['id']}/merge",
        {"into": keep["id"], "version": _version(team, duplicate["id"])},
    )

    assert merged.status_code == 200, merged.body
    assert merged.json_body["id"] == keep["id"]
    assert merged.json_body["merged_from"] == [duplicate["id"]]
    texts = [m["text"] for m in erika.get(f"/api/tickets/{keep['id']}").json_body["messages"]]
    assert "Erste Meldung" in texts
    assert "Zweite Meldung" in texts
    source = erika.get(f"/api/tickets/{duplicate['id']}").json_body
    assert source["status"] == "geschlossen"
    assert source["merged_into"] == keep["id"]
    assert not source["can_reply"]
    assert not source["can_reopen"]
    assert next(item["id"] for item in erika.get("/api/tickets?q=zweite").json_body["items"]) in (
        keep["id"],
        duplicate["id"],
    )


def test_the_staff_list_names_the_active_team(team):
    assert team.get("/api/team/staff").json_body == {
        "items": [{"email": "support@unicorn2.example", "name": "Sam Support"}]
    }
