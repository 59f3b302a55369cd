"""GET /api/statistics, /api/orders and /api/orders/export.csv: from the counters, newest first, CSV for Excel."""

import pytest

from tests.portal.statistics.conftest import order

ORDERS = [
    order("A-1", placed_at="2026-11-02T10:00:00+01:00", channel="eBay", gross_cents=1000, items=1),
    order("A-2", placed_at="2026-11-02T11:00:00+01:00", channel="Amazon", gross_cents=2000, items=2),
    order("A-3", placed_at="2026-11-09T12:00:00+01:00", channel="eBay", gross_cents=123456, items=3),
    order("A-4", placed_at="2026-11-10T13:00:00+01:00", channel="Shop", status="storniert", gross_cents=999),
    order("A-5", placed_at="2026-10-01T09:00:00+02:00", channel="Otto", gross_cents=500, items=1),
]


@pytest.fixture
def orders(shop):
    assert shop.send(ORDERS).status_code == 200
    return shop


def test_series_totals_and_all_time(erika, orders):
    response = erika.get("/api/statistics?from=2026-11-01&to=2026-11-10")
    assert response.status_code == 200, response.body
    body = response.json_body
    assert (body["start"], body["end"], body["granularity"], body["channel"]) == (
        "2026-11-01",
        "2026-11-10",
        "day",
        None,
    )
    assert body["channels"] == ["Amazon", "Otto", "Shop", "eBay"]
    assert len(body["series"]) == 10
    assert body["series"][1] == {"start": "2026-11-02", "orders": 2, "revenue_cents": 3000, "items": 3}
    assert body["series"][0] == {"start": "2026-11-01", "orders": 0, "revenue_cents": 0, "items": 0}
    assert body["totals"] == {"orders": 3, "revenue_cents": 126456, "items": 6}
    assert body["all_time"] == {
        "orders": 4,
        "revenue_cents": 126956,
        "items": 7,
    }  # October too, storniert not


def test_weeks_months_and_one_channel(erika, orders):
    weeks = erika.get("/api/statistics?from=2026-11-01&to=2026-11-15&granularity=week").json_body
    assert [point["start"] for point in weeks["series"]] == ["2026-10-26", "2026-11-02", "2026-11-09"]
    assert [point["orders"] for point in weeks["series"]] == [0, 2, 1]
    months = erika.get("/api/statistics?from=2026-10-01&to=2026-11-30&granularity=month").json_body
    assert [(p["start"], p["revenue_cents"]) for p in months["series"]] == [
        ("2026-10-01", 500),
        ("2026-11-01", 126456),
    ]
    ebay = erika.get("/api/statistics?from=2026-11-01&to=2026-11-30&channel=eBay").json_body
    assert ebay["totals"] == ebay["all_time"] == {"orders": 2, "revenue_cents": 124456, "items": 4}
    assert ebay["channels"] == ["Amazon", "Otto", "Shop", "eBay"]


def test_the_chart_reads_the_counters_never_the_orders(erika, orders, monkeypatch):
    from chalicelib.models import Order

    def refuse(*args, **kwargs):
        raise AssertionError("the chart read orders")

    monkeypatch.setattr(Order, "query", refuse)
    monkeypatch.setattr(Order.by_time, "query", refuse)
    assert erika.get("/api/statistics?from=2024-12-01&to=2026-11-30&granularity=month").status_code == 200


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("from=2026-11-10&to=2026-11-01", {"from": "Der Beginn liegt nach dem Ende des Zeitraums."}),
        ("from=1.11.2026", {"from": "Bitte geben Sie ein Datum im Format JJJJ-MM-TT an."}),
        ("from=2020-01-01&to=2026-11-30", {"to": "Der Zeitraum darf in Tagen höchstens 3 Jahre umfassen."}),
        ("granularity=year", {"granularity": "Bitte wählen Sie einen der angebotenen Werte."}),
        (
            "from=9999-12-25&to=9999-12-31",
            {
                "from": "Bitte geben Sie ein Datum zwischen den Jahren 2000 und 2100 an.",
                "to": "Bitte geben Sie ein Datum zwischen den Jahren 2000 und 2100 an.",
            },
        ),
        ("channel=%2A", {"channel": "Diesen Verkaufskanal gibt es nicht."}),
        ("limit=5", {"limit": "Dieses Feld ist unbekannt."}),
    ],
)
def test_bad_ranges_are_refused_in_german(erika, query, fields):
    response = erika.get(f"/api/statistics?{query}")
    assert response.status_code == 400
    assert response.json_body["Fields"] == fields


def test_no_orders_yet(erika):
    body = erika.get("/api/statistics").json_body
    assert body["all_time"] == body["totals"] == {"orders": 0, "revenue_cents": 0, "items": 0}
    assert len(body["series"]) == 30
    assert erika.get("/api/orders").json_body == {"items": [], "next_cursor": None, "listed": 0}


def test_orders_newest_first_with_filters_and_search(erika, orders):
    page = erika.get("/api/orders").json_body
    assert [item["order_id"] for item in page["items"]] == ["A-4", "A-3", "A-2", "A-1", "A-5"]
    assert page["listed"] == 5
    assert page["next_cursor"] is None
    assert page["items"][1] == {
        "order_id": "A-3",
        "placed_at": "2026-11-09T11:00:00+00:00",
        "channel": "eBay",
        "status": "bezahlt",
        "gross_cents": 123456,
        "currency": "EUR",
        "items": 3,
    }
    assert [i["order_id"] for i in erika.get("/api/orders?channel=eBay").json_body["items"]] == ["A-3", "A-1"]
    assert [i["order_id"] for i in erika.get("/api/orders?status=storniert").json_body["items"]] == ["A-4"]
    assert [i["order_id"] for i in erika.get("/api/orders?q=A-").json_body["items"]] == [
        "A-1",
        "A-2",
        "A-3",
        "A-4",
        "A-5",
    ]
    assert erika.get("/api/orders?q=B").json_body["items"] == []


def test_pages_follow_the_cursor_and_the_list_covers_the_last_orders_only(erika, shop, monkeypatch):
    from chalicelib.statistics import service

    monkeypatch.setattr(service, "PAGE_SIZE", 2)
    monkeypatch.setattr(service, "LISTED_MAX", 5)
    shop.send([order(f"P-{n}", placed_at=f"2026-11-{n + 1:02d}T10:00:00+01:00") for n in range(7)])
    seen = []
    cursor = None
    for _ in range(5):
        page = erika.get("/api/orders" + (f"?cursor={cursor}" if cursor else "")).json_body
        assert page["listed"] == 5
        seen += [item["order_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["P-6", "P-5", "P-4", "P-3", "P-2"]  # the 5 newest of 7


def test_a_forged_cursor_is_400(erika):
    assert erika.get("/api/orders?cursor=bm9wZQ").status_code == 400
    assert erika.get("/api/orders?cursor=%25%25").status_code == 400


def test_the_export_is_csv_for_excel(erika, orders):
    # API Gateway returns binary types only when the request accepts them (as for invoice PDFs).
    response = erika.get(
        "/api/orders/export.csv?from=2026-11-01&to=2026-11-09", headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="Bestellungen_01.11.2026_bis_09.11.2026.csv"'
    )
    assert response.body.startswith(b"\xef\xbb\xbf")
    lines = response.body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Bestellnummer;Datum;Uhrzeit;Kanal;Status;Artikel;Betrag brutto;Währung"
    assert lines[1:] == [
        "A-1;02.11.2026;10:00;eBay;bezahlt;1;10,00;EUR",
        "A-2;02.11.2026;11:00;Amazon;bezahlt;2;20,00;EUR",
        "A-3;09.11.2026;12:00;eBay;bezahlt;3;1234,56;EUR",
        "",
    ]


def test_the_export_range_is_checked(erika):
    response = erika.get("/api/orders/export.csv?from=2025-01-01&to=2026-11-30")
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"to": "Bitte exportieren Sie höchstens ein Jahr auf einmal."}
    assert erika.get("/api/orders/export.csv?from=0001-01-01&to=0001-01-02").status_code == 400
