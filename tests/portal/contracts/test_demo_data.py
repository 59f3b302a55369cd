"""The demo contracts: 100001 with a Single-Lizenz and Premium Service for two years, 100002 with Multi and Multishop."""


def test_demo_contracts(client, clock):
    from local.seed import seed_contracts, seed_customers

    seed_customers()
    seed_contracts()
    erika = client.another_browser()
    erika.login("100001")
    contract = erika.get("/api/contract").json_body
    assert contract["licence"]["id"] == "single"
    assert [option["id"] for option in contract["options"]] == ["premium_service"]
    assert contract["start_date"] == "2024-12-01"
    max_ = client.another_browser()
    max_.login("100002")
    contract = max_.get("/api/contract").json_body
    assert contract["licence"]["id"] == "multi"
    assert [option["id"] for option in contract["options"]] == ["multishop"]
