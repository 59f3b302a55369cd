"""The demo data of the local stack: 100001 and 100002 with their further contacts."""


def test_demo_contacts(client):
    from chalicelib.contacts.service import customer_for_email
    from local.seed import seed_contacts, seed_customers

    seed_customers()
    seed_contacts()
    erika = client.another_browser()
    erika.login("100001")
    contacts = erika.get("/api/contacts").json_body
    assert [(e["value"], e["purposes"], e["verified"]) for e in contacts["emails"]] == [
        ("buchhaltung@muster-handels.example", ["rechnungen"], True),
        ("technik@muster-handels.example", ["support", "technik"], False),
    ]
    assert [(p["value"], p["verified"]) for p in contacts["phones"]] == [("+4930987654321", False)]
    assert customer_for_email("buchhaltung@muster-handels.example") == "100001"
    assert customer_for_email("technik@muster-handels.example") is None
    max_ = client.another_browser()
    max_.login("100002")
    assert [e["value"] for e in max_.get("/api/contacts").json_body["emails"]] == [
        "rechnungen@beispiel-versand.example"
    ]
    assert customer_for_email("rechnungen@beispiel-versand.example") == "100002"
