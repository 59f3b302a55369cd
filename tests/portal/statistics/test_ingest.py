"""POST /api/ingest/orders: orders by licence key, counted once, changes by their difference."""

import json

from tests.portal.statistics.conftest import assert_counters_match_a_recount, counters, licence_key, order


def test_new_orders_are_stored_and_counted(shop):
    from chalicelib.models import Order

    response = shop.send(
        [
            order("A-1"),
            order("A-2", channel="Amazon", gross_cents=1000, items=1),
            order("A-3", status="storniert", gross_cents=500),
        ]
    )
    assert response.status_code == 200, response.body
    assert response.json_body == {"received": 3, "created": 3, "updated": 0, "unchanged": 0}
    assert Order.count("100001") == 3
    stats = counters()
    assert stats["*#~"] == (2, 5990, 3)
    assert stats["eBay#2026-11-30"] == (1, 4990, 2)
    assert stats["Amazon#~"] == (1, 1000, 1)
    assert stats["*#2026-11-30"] == (2, 5990, 3)
    assert_counters_match_a_recount()


def test_the_berlin_day_counts(shop):
    # 23:30 UTC on 30 November is 00:30 on 1 December in Berlin.
    shop.send([order("A-1", placed_at="2026-11-30T23:30:00Z")])
    assert "eBay#2026-12-01" in counters()


def test_a_resent_order_is_never_counted_twice(shop):
    shop.send([order("A-1"), order("A-2")])
    again = shop.send([order("A-1"), order("A-2")])
    assert again.json_body == {"received": 2, "created": 0, "updated": 0, "unchanged": 2}
    assert counters()["*#~"] == (2, 9980, 4)


def test_a_changed_order_moves_the_counters_by_the_difference(shop):
    shop.send([order("A-1", gross_cents=4990, items=2)])
    response = shop.send([order("A-1", gross_cents=5990, items=3, status="versendet")])
    assert response.json_body["updated"] == 1
    assert counters()["*#~"] == (1, 5990, 3)
    assert counters()["eBay#2026-11-30"] == (1, 5990, 3)
    assert_counters_match_a_recount()


def test_a_moved_order_leaves_its_old_day_and_channel(shop):
    shop.send([order("A-1")])
    shop.send([order("A-1", placed_at="2026-11-29T10:00:00+01:00", channel="Otto")])
    stats = counters()
    assert "eBay#2026-11-30" not in stats
    assert "eBay#~" not in stats
    assert stats["Otto#2026-11-29"] == (1, 4990, 2)
    assert stats["*#~"] == (1, 4990, 2)
    assert_counters_match_a_recount()


def test_a_cancelled_order_leaves_the_counters_and_may_come_back(shop):
    shop.send([order("A-1"), order("A-2")])
    shop.send([order("A-1", status="storniert")])
    assert counters()["*#~"] == (1, 4990, 2)
    shop.send([order("A-1", status="bezahlt")])
    assert counters()["*#~"] == (2, 9980, 4)
    assert_counters_match_a_recount()


def test_a_bad_order_refuses_the_whole_batch_with_german_reasons(shop):
    from chalicelib.models import Order, OrderStats

    response = shop.send(
        [
            order("A-1"),
            order("A-2", currency="USD"),
            order("A-3", status="unterwegs", gross_cents=-1),
            order("A 4", placed_at="gestern", channel="eBay#1"),
            {"order_id": "A-5"},
        ]
    )
    assert response.status_code == 400
    fields = response.json_body["Fields"]
    assert fields["orders.1.currency"] == "Derzeit werden nur Bestellungen in Euro angenommen (Währung EUR)."
    assert fields["orders.2.status"] == "Der Status muss neu, bezahlt, versendet oder storniert sein."
    assert fields["orders.2.gross_cents"] == "Bitte geben Sie mindestens 0 an."
    assert fields["orders.3.order_id"].startswith("Bitte geben Sie eine Bestellnummer")
    assert fields["orders.3.placed_at"].startswith("Bitte geben Sie Datum und Uhrzeit")
    assert fields["orders.3.channel"].startswith("Bitte geben Sie den Verkaufskanal an")
    assert fields["orders.4.placed_at"] == "Bitte füllen Sie dieses Feld aus."
    assert not any(key.startswith("orders.0") for key in fields)
    assert Order.count("100001") == 0
    assert OrderStats.count("100001") == 0


def test_times_without_zone_or_in_the_future_are_refused(shop):
    response = shop.send(
        [order("A-1", placed_at="2026-11-30T14:05:00"), order("A-2", placed_at="2999-01-01T00:00:00Z")]
    )
    assert response.status_code == 400
    assert response.json_body["Fields"]["orders.0.placed_at"].startswith("Bitte geben Sie die Zeitzone")
    assert response.json_body["Fields"]["orders.1.placed_at"] == "Das Bestelldatum liegt in der Zukunft."


def test_an_order_id_twice_in_one_batch_is_refused(shop):
    from chalicelib.models import Order

    response = shop.send([order("A-1"), order("A-2"), order("A-1", gross_cents=1)])
    assert response.status_code == 400
    assert response.json_body["Fields"] == {
        "orders.2.order_id": "Diese Bestellnummer steht schon an Position 0 der Sendung."
    }
    assert Order.count("100001") == 0


def test_more_than_500_orders_or_1_mb_is_413(shop):
    from chalicelib.models import Order

    response = shop.send([order(f"A-{n}") for n in range(501)])
    assert response.status_code == 413
    assert response.json_body["Message"] == "Bitte senden Sie höchstens 500 Bestellungen auf einmal."
    padded = json.dumps({"orders": [order("A-1")], "x": "y" * (1024 * 1024)}).encode()
    assert shop.send(body=padded).status_code == 413
    assert shop.send([order(f"A-{n}") for n in range(500)]).status_code == 200
    assert Order.count("100001") == 500


def test_a_batch_over_64_kib_is_taken_by_the_ingest_route_only(shop, erika):
    big = {"orders": [order(f"A-{n}") for n in range(500)]}
    assert len(json.dumps(big)) > 64 * 1024
    assert shop.send(body=big).status_code == 200
    assert erika.post("/api/contract/preview", big).status_code == 413


def test_an_unknown_or_replaced_key_is_401(client, erika, shop):
    from tests.portal.statistics.conftest import Installation

    old = shop.key
    licence_key(erika)  # a new key: the old one stops working
    response = shop.send([order()])
    assert response.status_code == 401
    assert response.json_body["Message"] == "Der Lizenzschlüssel fehlt, ist ungültig oder wurde ersetzt."
    assert Installation(client.another_browser(), "u2lk_" + "x" * 43).send([order()]).status_code == 401
    assert Installation(client.another_browser(), old[:-1]).send([order()]).status_code == 401
    no_key = client.another_browser().post(
        "/api/ingest/orders", {"orders": [order()]}, headers={"Origin": None}
    )
    assert no_key.status_code == 401


def test_a_session_cookie_is_no_licence(erika):
    response = erika.post("/api/ingest/orders", {"orders": [order()]})
    assert response.status_code == 401


def test_a_cookie_without_origin_is_refused_as_before(shop):
    response = shop.send([order()], headers={"Cookie": "kc_session=x"})
    assert response.status_code == 403


def test_60_batches_a_minute_per_key(shop, monkeypatch):
    from chalicelib import throttle
    from chalicelib.statistics import ingest

    monkeypatch.setattr(ingest, "BATCHES_PER_CUSTOMER", throttle.Limit("ingest-batches", 3, 60))
    assert [shop.send([order(f"A-{n}")]).status_code for n in range(4)] == [200, 200, 200, 429]
    assert "Retry-After" in shop.send([order("A-9")]).headers
    assert ingest.BATCHES_PER_CUSTOMER.attempts == 3
    assert throttle.Limit("ingest-batches", 60, 60) == ingest.BATCHES_PER_CUSTOMER.__class__(
        "ingest-batches", 60, 60
    )


def test_the_limit_is_60_a_minute():
    from chalicelib.statistics.ingest import BATCHES_PER_CUSTOMER

    assert (BATCHES_PER_CUSTOMER.attempts, BATCHES_PER_CUSTOMER.window_seconds) == (60, 60)


def test_a_retried_batch_with_its_idempotency_key_is_answered_again(shop):
    first = shop.send([order("A-1")], headers={"Idempotency-Key": "batch-1"})
    again = shop.send([order("A-1")], headers={"Idempotency-Key": "batch-1"})
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json_body == first.json_body == {"received": 1, "created": 1, "updated": 0, "unchanged": 0}
    assert shop.send([order("A-2")], headers={"Idempotency-Key": "batch-1"}).status_code == 422


def test_idempotency_keys_of_installations_are_their_customers():
    from chalicelib.principals import LicenceHolder
    from chalicelib.web.idempotency import scope_of_caller
    from tests.portal.platform.test_idempotency_scope import request_from, spec

    same_address = request_from("203.0.113.9")
    assert scope_of_caller(spec("licence"), same_address, LicenceHolder("100001")) == "licence:100001"
    assert scope_of_caller(spec("licence"), same_address, LicenceHolder("100002")) == "licence:100002"


def test_the_same_idempotency_key_of_two_customers_is_two_batches(client, shop):
    from datetime import date

    from chalicelib.contracts import service
    from tests.factories import make_customer
    from tests.portal.statistics.conftest import OTHER, Installation

    make_customer(**OTHER)
    service.open_contract(customer_number="100002", licence="single", options=[], start_date=date(2025, 1, 1))
    max_ = client.another_browser()
    max_.login("100002")
    other = Installation(client.another_browser(), licence_key(max_))
    first = shop.send([order("A-1")], headers={"Idempotency-Key": "batch-1"})
    second = other.send([order("A-1")], headers={"Idempotency-Key": "batch-1"})
    assert first.status_code == second.status_code == 200
    assert "Idempotent-Replayed" not in second.headers
    assert counters("100002")["*#~"] == (1, 4990, 2)
