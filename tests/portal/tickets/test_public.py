"""Tickets without an account: the public form, its confirmation link, the private link; replies by mail."""

import pytest

from tests.conftest import sent_mails
from tests.portal.tickets.conftest import last_mail_to, link_in

FORM = {
    "email": "Kunde@Shop.example",
    "name": "Karl Kunde",
    "subject": "Ich komme nicht mehr ins Kundencenter",
    "message": "Mein Passwort geht nicht mehr.",
}


def submit(client, **changes):
    response = client.post("/api/public/tickets", {**FORM, **changes})
    assert response.status_code == 202, response.body
    assert response.json_body == {}
    return response


def confirm(client, address="kunde@shop.example"):
    token = link_in(last_mail_to(address), "/support/ticket/bestaetigen/")
    return client.post("/api/public/tickets/confirm", {"token": token})


def test_a_confirmed_guest_ticket_reaches_the_team_and_the_sender_follows_it_by_a_private_link(client, team):
    submit(client)
    (mail,) = sent_mails()
    assert mail["subject"] == "Bitte bestätigen Sie Ihre Support-Anfrage"
    assert FORM["message"] not in mail["text"]  # nothing typed by a stranger goes to an unconfirmed address
    assert team.get("/api/team/tickets").json_body["items"] == []  # not before the confirmation

    confirmed = confirm(client)

    assert confirmed.status_code == 200
    ticket_id = confirmed.json_body["id"]
    assert confirmed.json_body["subject"] == FORM["subject"]
    (queued,) = team.get("/api/team/tickets").json_body["items"]
    assert queued["id"] == ticket_id
    assert queued["customer_number"] is None
    assert queued["email"] == "kunde@shop.example"
    assert queued["channel"] == "public"
    view_token = link_in(last_mail_to("kunde@shop.example"), "/support/ticket/ansehen/")
    assert last_mail_to("kunde@shop.example")["reply_to"].startswith(f"support+{ticket_id}.")
    shown = client.post("/api/public/tickets/view", {"token": view_token}).json_body
    assert shown["id"] == ticket_id
    assert shown["status"] == "offen"
    assert shown["can_reply"]
    assert [m["text"] for m in shown["messages"]] == [FORM["message"]]

    team.post(f"/api/team/tickets/{ticket_id}/messages", {"text": "Interner Hinweis", "internal": True})
    team.post(f"/api/team/tickets/{ticket_id}/messages", {"text": "Bitte nutzen Sie Passwort vergessen."})
    answer = last_mail_to("kunde@shop.example")
    assert "Bitte nutzen Sie Passwort vergessen." in answer["text"]
    assert "/support/ticket/ansehen/#token=" in answer["text"]  # a guest has no portal: the private link
    shown = client.post("/api/public/tickets/view", {"token": view_token}).json_body
    assert [m["text"] for m in shown["messages"]] == [FORM["message"], "Bitte nutzen Sie Passwort vergessen."]
    assert shown["status"] == "wartet_auf_sie"

    replied = client.post(
        "/api/public/tickets/view/messages", {"token": view_token, "text": "Danke, klappt!"}
    )
    assert replied.status_code == 201
    assert replied.json_body["status"] == "offen"
    assert "Interner Hinweis" not in str(replied.json_body)


def test_the_team_sees_the_kundennummer_typed_into_the_form(client, team):
    submit(client, customer_number="100002")
    ticket_id = confirm(client).json_body["id"]

    detail = team.get(f"/api/team/tickets/{ticket_id}").json_body

    assert detail["given_customer_number"] == "100002"
    assert detail["customer_number"] is None  # typed, not proven: the address matched no customer


def test_the_answer_is_the_same_for_a_customer_address_and_the_ticket_is_matched_to_the_customer(
    client, team, erika
):
    first = client.post("/api/public/tickets", {**FORM, "email": "demo@example.com"})
    second = client.post("/api/public/tickets", {**FORM, "email": "fremd@shop.example"})
    assert (first.status_code, first.json_body) == (second.status_code, second.json_body)

    ticket_id = confirm(client, "demo@example.com").json_body["id"]

    (listed,) = erika.get("/api/tickets").json_body["items"]
    assert listed["id"] == ticket_id
    assert listed["channel"] == "public"
    (queued,) = team.get("/api/team/tickets").json_body["items"]
    assert queued["customer_number"] == "100001"
    assert queued["company"] == "Muster Handels GmbH"


def test_a_confirmation_link_works_once(client):
    submit(client)
    token = link_in(last_mail_to("kunde@shop.example"), "/support/ticket/bestaetigen/")
    assert client.post("/api/public/tickets/confirm", {"token": token}).status_code == 200

    again = client.post("/api/public/tickets/confirm", {"token": token})

    assert again.status_code == 400
    assert "ungültig" in again.json_body["Message"]


@pytest.mark.parametrize("token", ["", "x", "a" * 129, "../../"])
def test_unknown_tokens_get_one_german_answer(client, token):
    for path in ("/api/public/tickets/confirm", "/api/public/tickets/view"):
        response = client.post(path, {"token": token})
        assert response.status_code == 400
        assert response.json_body["Message"]


def test_a_view_link_cannot_confirm_and_a_confirm_link_cannot_view(client):
    submit(client)
    confirm_token = link_in(last_mail_to("kunde@shop.example"), "/support/ticket/bestaetigen/")
    assert client.post("/api/public/tickets/view", {"token": confirm_token}).status_code == 400
    client.post("/api/public/tickets/confirm", {"token": confirm_token})
    view_token = link_in(last_mail_to("kunde@shop.example"), "/support/ticket/ansehen/")
    assert client.post("/api/public/tickets/confirm", {"token": view_token}).status_code == 400


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "keine-adresse"}, "email"),
        ({"name": ""}, "name"),
        ({"customer_number": "12ab"}, "customer_number"),
        ({"subject": "x"}, "subject"),
        ({"message": "x" * 10_001}, "message"),
        ({"category": "spam"}, "category"),
    ],
)
def test_bad_input_is_a_400_and_sends_nothing(client, changes, field):
    response = client.post("/api/public/tickets", {**FORM, **changes})
    assert response.status_code == 400
    assert field in response.json_body["Fields"]
    assert sent_mails() == []


def test_per_address_mails_stop_silently_and_the_client_address_gets_a_429(client):
    for _ in range(5):
        submit(client)
    assert len(sent_mails()) == 3  # the address's limit: the same 202, nothing more sent
    for n in range(5):
        submit(client, email=f"anders{n}@shop.example")
    refused = client.post("/api/public/tickets", FORM)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
