"""Parallel requests on one ticket: every reply is kept (with its search words), a link confirms once, a
rating counts once."""

from concurrent.futures import ThreadPoolExecutor

from tests.portal.tickets.conftest import last_mail_to, link_in, new_ticket


def test_eight_parallel_replies_are_all_kept_and_searchable(erika, team):
    ticket = new_ticket(erika)

    def reply(n):
        if n % 2:
            return team.post(f"/api/team/tickets/{ticket['id']}/messages", {"text": f"Teamwort{n}"})
        return erika.post(f"/api/tickets/{ticket['id']}/messages", {"text": f"Kundenwort{n}"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(reply, range(8)))

    assert sorted(answer.status_code for answer in answers) == [201] * 8
    shown = erika.get(f"/api/tickets/{ticket['id']}").json_body
    assert shown["message_count"] == 9
    assert len(shown["messages"]) == 9
    for n in range(8):
        word = f"teamwort{n}" if n % 2 else f"kundenwort{n}"
        assert [item["id"] for item in erika.get(f"/api/tickets?q={word}").json_body["items"]] == [
            ticket["id"]
        ]


def test_a_confirmation_link_clicked_twice_at_once_confirms_once(client, team):
    client.post(
        "/api/public/tickets",
        {"email": "gast@shop.example", "name": "Gast", "subject": "Frage zu Preisen", "message": "Hallo"},
    )
    token = link_in(last_mail_to("gast@shop.example"), "/support/ticket/bestaetigen/")

    def confirm(_):
        return client.another_browser().post("/api/public/tickets/confirm", {"token": token})

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(confirm, range(4)))

    assert sorted(answer.status_code for answer in answers) == [200] + [400] * 3
    assert len(team.get("/api/team/tickets").json_body["items"]) == 1


def test_parallel_ratings_count_once(erika):
    ticket = new_ticket(erika)
    erika.post(f"/api/tickets/{ticket['id']}/close")

    def rate(stars):
        return erika.post(f"/api/tickets/{ticket['id']}/rating", {"stars": stars})

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(rate, range(1, 6)))

    assert sorted(answer.status_code for answer in answers) == [200] + [409] * 4
    winner = next(answer for answer in answers if answer.status_code == 200).json_body["rating"]["stars"]
    assert erika.get(f"/api/tickets/{ticket['id']}").json_body["rating"]["stars"] == winner
