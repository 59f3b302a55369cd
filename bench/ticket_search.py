"""Ticket search: latency and DynamoDB calls of `GET /api/tickets?q=…` over 1,000 tickets of one customer.

In-process moto (`mock_aws`) behind the Chalice test client, so latencies are moto's and this machine's,
not DynamoDB's; the calls are what DynamoDB would see. Each ticket has a realistic subject and three
messages (~1.2 KB of search text). Queries: the first page without a query, a word in about a tenth of
the tickets, a word in one ticket only (the search reads every ticket to fill a page), and a word in
none (the worst case: every ticket read, empty answer).

Usage: .venv/bin/python bench/ticket_search.py [--tickets 1000] [--runs 15]
"""

import argparse
import os
import random
import statistics
import sys
import time
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_pytest_env = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest_env"]
os.environ.update({name: str(value) for name, value in _pytest_env.items()})
os.environ.pop("AWS_ENDPOINT_URL", None)
sys.path[:0] = [str(ROOT / "functions" / "portal"), str(ROOT)]

CALLS: Counter[str] = Counter()


def _count(model: Any, **kwargs: Any) -> None:
    CALLS[model.name] += 1


import botocore.handlers  # noqa: E402

botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", _count))

TOPICS = [
    ("Rechnung", "Die Rechnung für {m} wurde doppelt abgebucht, bitte prüfen Sie die Lastschrift."),
    ("Zahlungsänderung", "Wir möchten die Zahlungsart im Checkout ändern, PayPal fehlt seit dem Update."),
    ("Lizenz", "Können wir die Lizenz auf Multi erweitern? Wir betreiben bald einen zweiten Shop."),
    ("Statistik", "Im Diagramm fehlen die Bestellungen von Amazon für {m}."),
    ("Anmeldung", "Ich komme nicht mehr ins Kundencenter, das Passwort wird nicht angenommen."),
    ("Schnittstelle", "Die Schnittstelle zu eBay meldet einen Fehler beim Abgleich der Artikel."),
]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober"]


def seed(count: int) -> None:
    import secrets

    from chalicelib.models import Ticket, TicketMessage
    from chalicelib.tickets import search, service

    rng = random.Random(7)
    now = datetime.now(UTC)
    with Ticket.batch_write() as tickets, TicketMessage.batch_write() as messages:
        for n in range(count):
            topic, text = TOPICS[n % len(TOPICS)]
            month = MONTHS[rng.randrange(len(MONTHS))]
            subject = f"{topic}: Frage Nummer {n}"
            texts = [
                text.format(m=month),
                "Vielen Dank für Ihre Nachricht, wir sehen uns das an und melden uns heute noch. " * 3,
                f"Anbei noch die Bestellnummer B-{n:06d} und der Hinweis aus dem Protokoll. " * 2,
            ]
            if n == count // 2:
                texts.append("Einzigartiges Stichwort Quittungsdrucker")
            created = now - timedelta(hours=count - n)
            ticket = Ticket(
                service.new_ticket_id(),
                customer_number="100001",
                email="demo@example.com",
                name="Erika Mustermann",
                subject=subject,
                category="technik",
                status="offen",
                queue="offen",
                channel="portal",
                confirmed=True,
                created_at=created,
                updated_at=created,
                message_count=len(texts),
                reply_secret=secrets.token_hex(16),
                search_text=search.extend("", subject, *texts),
            )
            tickets.save(ticket)
            for index, message_text in enumerate(texts):
                at = created + timedelta(minutes=index)
                messages.save(
                    TicketMessage(
                        ticket.ticket_id,
                        f"{at.isoformat()}#{n}-{index}",
                        message_id=f"{n}-{index}",
                        author="customer",
                        author_name="Erika Mustermann",
                        text=message_text,
                        channel="portal",
                        created_at=at,
                    )
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from chalice.test import Client
    from moto import mock_aws

    mock_aws().start()
    from app import app
    from chalicelib.models import ALL_MODELS
    from chalicelib.settings import settings
    from tests.factories import make_customer

    for model in ALL_MODELS:
        model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
    make_customer()
    seed(args.tickets)
    with Client(app, project_dir=str(ROOT / "functions" / "portal")) as client:
        headers = {"Origin": settings.site_origin, "Content-Type": "application/json"}
        import json

        body = json.dumps({"login": "100001", "password": "Kundencenter-Demo-2026"}).encode()
        login = client.http.post("/api/auth/login", headers=headers, body=body)
        assert login.status_code == 200, login.body
        cookie = login.headers["Set-Cookie"]
        cookie = (cookie[0] if isinstance(cookie, list) else cookie).split(";")[0]
        headers = {"Origin": settings.site_origin, "Cookie": cookie}
        print(f"{args.tickets} tickets of one customer, {args.runs} runs per query (in-process moto)\n")
        print(f"{'query':<36} {'found':>5} {'median ms':>10} {'p95 ms':>8} {'DynamoDB calls':>15}")
        for label, q in [
            ("first page, no query", ""),
            ("'rechnung' (~1/6 of tickets)", "rechnung"),
            ("'quittungsdrucker' (1 ticket)", "quittungsdrucker"),
            ("'rechnung maerz' (two words)", "rechnung maerz"),
            ("'nirgendwo' (no ticket)", "nirgendwo"),
        ]:
            timings = []
            found = 0
            for _ in range(args.runs):
                CALLS.clear()
                started = time.perf_counter()
                response = client.http.get(f"/api/tickets?q={q}", headers=headers)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.body
                found = len(json.loads(response.body)["items"])
            calls = ", ".join(
                f"{name}×{count}" if count > 1 else name for name, count in sorted(CALLS.items())
            )
            p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
            print(f"{label:<36} {found:>5} {statistics.median(timings):>10.1f} {p95:>8.1f}   {calls}")
        # What is ours, not moto's: folding and matching every ticket's search text in the function.
        from chalicelib.models import Ticket
        from chalicelib.tickets import search

        items = list(Ticket.by_customer.query("100001", scan_index_forward=False))
        size = sum(len(ticket.search_text.encode()) + len(ticket.subject.encode()) + 400 for ticket in items)
        matcher = search.matcher("quittungsdrucker")
        started = time.perf_counter()
        for _ in range(args.runs):
            hits = [ticket for ticket in items if matcher.matches(ticket.search_text)]
        per_run = (time.perf_counter() - started) * 1000 / args.runs
        print(
            f"\nmatching all {len(items)} tickets in the function: {per_run:.2f} ms ({len(hits)} hit); "
            f"items read for a full pass ~{size / 1024:.0f} KB (DynamoDB: ~{size / 4096 / 2:.0f} read units, "
            f"{max(1, round(size / 1_048_576 + 0.5))} Query page(s) of 1 MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
