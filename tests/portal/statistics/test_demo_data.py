"""The demo orders (local/seed.py): ~25,000 for 100001 over two years on five channels, with seasons."""

from collections import Counter
from datetime import UTC, date, datetime


def test_the_demo_orders_are_deterministic_seasonal_and_spread_over_five_channels():
    from local.seed import demo_orders

    today, now = date(2026, 12, 1), datetime(2026, 12, 1, 12, tzinfo=UTC)
    orders = demo_orders("100001", today=today, now=now)
    assert orders == demo_orders("100001", today=today, now=now)
    assert 24_500 <= len(orders) <= 25_000
    assert len({order.order_id for order in orders}) == len(orders)
    assert {order.channel for order in orders} == {"Amazon", "eBay", "Shop", "Kaufland", "Otto"}
    assert min(order.placed_at for order in orders).date() >= date(2024, 12, 1)
    assert max(order.placed_at for order in orders) <= now
    months = Counter(order.placed_at.strftime("%Y-%m") for order in orders)
    assert months["2025-12"] > 1.6 * months["2025-08"]  # Christmas season
    weekdays = Counter(order.placed_at.weekday() for order in orders)
    assert weekdays[6] > 1.2 * weekdays[1]  # Sundays busier than Tuesdays
    cancelled = sum(order.status == "storniert" for order in orders) / len(orders)
    assert 0.03 < cancelled < 0.07
    assert 250 <= len(demo_orders("100002", today=today, now=now)) <= 300
