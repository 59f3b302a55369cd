"""The demo data of the local stack: 100001's tickets in every status with the team's replies, a guest ticket."""


def test_demo_tickets(client):
    from local.seed import seed_contracts, seed_customers, seed_staff, seed_tickets

    seed_customers()
    seed_staff()
    seed_contracts()
    seed_tickets()
    erika = client.another_browser()
    erika.login("100001")

    items = erika.get("/api/tickets").json_body["items"]

    assert len(items) == 6
    assert {item["status"] for item in items} == {"offen", "in_bearbeitung", "wartet_auf_sie", "geschlossen"}
    threads = [erika.get(f"/api/tickets/{item['id']}").json_body for item in items]
    assert sum(1 for thread in threads if any(m["author"] == "team" for m in thread["messages"])) >= 4
    assert any(thread["can_reopen"] for thread in threads)
    assert any(thread["rating"] for thread in threads)
    assert all("Buchhaltung angefragt" not in str(thread) for thread in threads)  # the internal note
    team = client.another_browser()
    team.staff_login()
    queue = team.get("/api/team/tickets").json_body["items"]
    guests = [item for item in queue if item["customer_number"] is None]
    assert [guest["email"] for guest in guests] == ["interessent@beispiel-shop.example"]
    noted = next(item for item in queue if item["subject"] == "Rechnung doppelt abgebucht?")
    thread = team.get(f"/api/team/tickets/{noted['id']}").json_body
    assert any(m["internal"] for m in thread["messages"])
    assert thread["assignee"] == "support@unicorn2.example"
    assert thread["customer"]["contract"]["product"]
