"""Resources and demo data of the local stack; reusable against any (moto) endpoint.

Call `create_resources()` then `seed_demo_data()` once the environment points at the embedded AWS
(see `local.devserver`). Other domains add their demo data by appending a function to `SEEDERS`.
"""

import os
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import boto3

if TYPE_CHECKING:
    from datetime import date, datetime

DEMO_PASSWORD = "Kundencenter-Demo-2026"  # noqa: S105 (documented demo account, local only)
MAIL_DOMAIN = "unicorn2.example"

DEMO_CUSTOMER: dict[str, str] = {
    "customer_number": "100001",
    "email": "demo@example.com",
    "password": DEMO_PASSWORD,
    "salutation": "Frau",
    "first_name": "Erika",
    "last_name": "Mustermann",
    "company": "Muster Handels GmbH",
    "street": "Musterstraße 12",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
}

# A second customer, so isolation can be checked by hand and in e2e tests (same password).
OTHER_CUSTOMER: dict[str, str] = {
    "customer_number": "100002",
    "email": "max.beispiel@example.com",
    "password": DEMO_PASSWORD,
    "salutation": "Herr",
    "first_name": "Max",
    "last_name": "Beispiel",
    "company": "Beispiel Versand KG",
    "street": "Hafenweg 3",
    "postal_code": "20457",
    "city": "Hamburg",
    "country": "DE",
}


def create_resources() -> None:
    """Every table in ALL_MODELS (on demand), the invoice and ticket buckets, the verified SES sender domain."""
    from chalicelib.models import ALL_MODELS
    from chalicelib.settings import settings

    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
    s3 = boto3.client("s3", region_name=settings.aws_region)
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    for bucket in (settings.invoice_bucket, settings.ticket_bucket):
        if bucket not in existing:  # the ticket bucket needs no CORS locally: uploads go through /_dev/s3
            s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": settings.aws_region}
            )
    domain = settings.mail_from.rsplit("@", 1)[-1].rstrip(">").strip()
    boto3.client("ses", region_name=settings.aws_region).verify_domain_identity(Domain=domain)


def seed_customers() -> None:
    """The demo customer 100001 and the second customer 100002."""
    from chalicelib.customers.service import create_customer

    for fields in (DEMO_CUSTOMER, OTHER_CUSTOMER):
        create_customer(**fields)


# The support team's demo account (/kundencenter/team/anmelden/): password and TOTP secret are documented
# in README.md and the devserver banner; KUNDENCENTERTEAM is base32 (80 bits), for any authenticator app.
DEMO_STAFF: dict[str, str] = {
    "email": "support@unicorn2.example",
    "name": "Sam Support",
    "password": "Kundencenter-Team-2026",
    "totp_secret": "KUNDENCENTERTEAM",
}


def seed_staff() -> None:
    """The demo staff account support@unicorn2.example."""
    from chalicelib.team.service import create_staff

    create_staff(**DEMO_STAFF)


# Called in order by seed_demo_data(); each must work on freshly created, empty tables.
SEEDERS: list[Callable[[], None]] = [seed_customers]
SEEDERS.append(seed_staff)


# Persönliche Daten of the demo customers beyond what create_customer takes: legal form, USt-IdNr., phone
# and the SEPA direct debit account (valid demo IBANs, shown only masked).
DEMO_PROFILES: dict[str, dict[str, str]] = {
    "100001": {
        "legal_form": "GmbH",
        "vat_id": "DE136695976",
        "phone": "+493012345678",
        "register_court": "Amtsgericht Berlin (Charlottenburg)",
        "register_number": "HRB 123456 B",
        "account_holder": "Muster Handels GmbH",
        "iban": "DE89370400440532013000",
        "mandate_reference": "KC-100001-0001",
        "mandate_signed_at": "2024-03-14T09:30:00+00:00",
    },
    "100002": {
        "legal_form": "KG",
        "vat_id": "DE274819358",
        "phone": "+49403039830",
        "register_court": "Amtsgericht Hamburg",
        "register_number": "HRA 98765",
        "account_holder": "Beispiel Versand KG",
        "iban": "DE02200505501015871393",
        "mandate_reference": "KC-100002-0001",
        "mandate_signed_at": "2025-06-02T11:00:00+00:00",
    },
}


def add_demo_profile(customer_number: str) -> None:
    """Give a demo customer (already created) its DEMO_PROFILES entry: legal form, VAT ID, phone, bank account."""
    from datetime import datetime

    from chalicelib.models import Customer
    from chalicelib.models.customer import BankAccount
    from chalicelib.validators import bank_for_iban

    profile = DEMO_PROFILES[customer_number]
    bic, bank_name = bank_for_iban(profile["iban"])
    bank = BankAccount(
        account_holder=profile["account_holder"],
        iban=profile["iban"],
        bic=bic or "",
        bank_name=bank_name or "",
        mandate_reference=profile["mandate_reference"],
        mandate_signed_at=datetime.fromisoformat(profile["mandate_signed_at"]),
    )
    Customer.get(customer_number).update(
        actions=[
            Customer.legal_form.set(profile["legal_form"]),
            Customer.vat_id.set(profile["vat_id"]),
            Customer.phone.set(profile["phone"]),
            Customer.register_court.set(profile["register_court"]),
            Customer.register_number.set(profile["register_number"]),
            Customer.bank.set(bank),
        ]
    )


def seed_customer_profiles() -> None:
    """Complete Persönliche Daten (bank account included) for 100001 and 100002."""
    for customer_number in DEMO_PROFILES:
        add_demo_profile(customer_number)


SEEDERS.append(seed_customer_profiles)


# Weitere Kontaktdaten: (customer, kind, value, purposes, verified). Unverified addresses have their 7 days.
DEMO_CONTACTS: list[tuple[str, str, str, set[str], bool]] = [
    ("100001", "email", "buchhaltung@muster-handels.example", {"rechnungen"}, True),
    ("100001", "email", "technik@muster-handels.example", {"technik", "support"}, False),
    ("100001", "phone", "+4930987654321", {"support"}, False),
    ("100002", "email", "rechnungen@beispiel-versand.example", {"rechnungen"}, True),
]


def seed_contacts() -> None:
    """Further e-mail addresses and a phone number of 100001, a verified address of 100002 (with its claim)."""
    import secrets
    from datetime import UTC, datetime

    from chalicelib import claims
    from chalicelib.contacts.service import VERIFICATION_LIFETIME
    from chalicelib.models import ContactEntry
    from chalicelib.models.base import transaction

    now = datetime.now(UTC)
    slots: dict[tuple[str, str], int] = {}
    for customer_number, kind, value, purposes, verified in DEMO_CONTACTS:
        slot = slots.get((customer_number, kind), 0)
        slots[(customer_number, kind)] = slot + 1
        entry = ContactEntry(
            customer_number,
            f"{kind}#{slot}",
            contact_id=secrets.token_urlsafe(12),
            kind=kind,
            value=value,
            purposes=purposes,
            verified=verified,
            created_at=now,
            verified_at=now if verified else None,
            expires_at=now + VERIFICATION_LIFETIME if kind == "email" and not verified else None,
        )
        with transaction() as tx:
            tx.save(entry)
            if verified and kind == "email":
                claims.claim(tx, email=value, customer_number=customer_number, kind="contact")


SEEDERS.append(seed_contacts)


def seed_contracts() -> None:
    """100001: Single-Lizenz with Premium Service for two years; 100002: Multi-Lizenz with Multishop."""
    from datetime import date

    from chalicelib.contracts import service

    today = service.today()
    two_years_ago = date(today.year - 2, today.month, 1)
    service.open_contract(
        customer_number="100001", licence="single", options=["premium_service"], start_date=two_years_ago
    )
    service.open_contract(
        customer_number="100002", licence="multi", options=["multishop"], start_date=today.replace(day=1)
    )


SEEDERS.append(seed_contracts)


def seed_billing_history() -> None:
    """100001's invoices since its contract began, made by the billing run itself month by month (issued
    on each 1st), with the contract changes replayed on their days: month 6 Single → Multi and Multishop
    booked (prorated charges on the next invoice), month 12 Multishop cancelled and back to Single (both
    scheduled for month 13), ending on today's Single-Lizenz with Premium Service. 100002: the current
    month only. No mails (the local mailbox starts empty); PDFs are made (~0.1 s each)."""
    from datetime import date

    from chalicelib.billing.service import run_billing
    from chalicelib.contracts import service as contracts
    from chalicelib.models import Customer

    def change(day: date, **wanted: str) -> None:
        contract = contracts.get_contract(customer_number="100001", today=day)
        contracts.change_contract(
            customer=Customer.get("100001"),
            version=contract.version,
            change=contracts.Change(**wanted),
            client=None,
            today=day,
            notify=False,
            record_audit=False,  # the audit log shows what customers did, not the demo's replay
        )

    today = contracts.today()
    month = date.fromisoformat(contracts.get_contract(customer_number="100001").start_date).replace(day=1)
    index = 1
    while month <= today:
        run_billing(period=f"{month:%Y-%m}", today=month, customer_numbers=["100001"], send_mail=False)
        if index == 6:
            change(month.replace(day=10), licence="multi")
            change(month.replace(day=10), option="multishop", action="book")
        elif index == 12:
            change(month.replace(day=10), option="multishop", action="cancel")
            change(month.replace(day=10), licence="single")
        month = contracts.next_period_start(month)
        index += 1
    first = today.replace(day=1)
    run_billing(period=f"{first:%Y-%m}", today=first, customer_numbers=["100002"], send_mail=False)


SEEDERS.append(seed_billing_history)


def seed_invoice_correction() -> None:
    """100001: a Rechnungskorrektur of last month's invoice (10,00 € net, "Kulanz: Ausfall am 12. …"), made
    today by `issue_correction` as support would; no mail and no audit entry, as for the billing history."""
    from datetime import timedelta

    from chalicelib.contracts import service as contracts
    from chalicelib.invoices.corrections import issue_correction
    from chalicelib.models import InvoiceRegister

    today = contracts.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    invoice_number = InvoiceRegister.get(f"billing#100001#{last_month:%Y-%m}").invoice_number
    issue_correction(
        customer_number="100001",
        invoice_number=invoice_number,
        reason=f"Kulanz: Ausfall am {last_month.replace(day=12):%d.%m.%Y}",
        net_cents=1000,
        key="demo",
        issue_date=today,
        send_mail=False,
        record_audit=False,  # the audit log shows what happened to the account, not the demo's making
    )


SEEDERS.append(seed_invoice_correction)


# Statistik: orders as unicorn 2 reports them, through the real ingest (chalicelib.statistics.ingest) in
# batches of 500. Deterministic (fixed seed): 100001 about 25,000 orders over the last two years on five
# channels, growing, with weekends and the Christmas season busier; 100002 a few hundred.
DEMO_ORDER_SEED = 20261201
DEMO_ORDERS = {"100001": 25_000, "100002": 300}
DEMO_CHANNELS = {
    "100001": {"Amazon": 0.32, "eBay": 0.28, "Shop": 0.20, "Kaufland": 0.10, "Otto": 0.10},
    "100002": {"Shop": 0.6, "eBay": 0.4},
}
MONTH_FACTOR = {
    1: 0.8,
    2: 0.8,
    3: 0.9,
    4: 0.95,
    5: 0.95,
    6: 0.9,
    7: 0.85,
    8: 0.85,
    9: 1.0,
    10: 1.1,
    11: 1.5,
    12: 1.8,
}
WEEKDAY_FACTOR = [0.9, 0.9, 0.95, 0.95, 1.05, 1.25, 1.3]


def demo_orders(customer_number: str, *, today: "date", now: "datetime") -> list[Any]:
    """The demo orders of a customer, oldest first (same numbers, days and amounts on every run of a day)."""
    import random
    from datetime import UTC, datetime, timedelta

    from chalicelib.customers.sepa import berlin_offset
    from chalicelib.statistics.ingest import OrderData

    rng = random.Random(f"{DEMO_ORDER_SEED}-{customer_number}")  # noqa: S311 (demo data)
    total = DEMO_ORDERS[customer_number]
    span = 730 if customer_number == "100001" else 180
    days = [today - timedelta(days=span - 1 - n) for n in range(span)]
    weights = [
        MONTH_FACTOR[day.month]
        * WEEKDAY_FACTOR[day.weekday()]
        * (0.7 + 0.6 * n / span)
        * rng.uniform(0.85, 1.15)
        for n, day in enumerate(days)
    ]
    scale = total / sum(weights)
    channels = list(DEMO_CHANNELS[customer_number])
    channel_weights = list(DEMO_CHANNELS[customer_number].values())
    orders: list[Any] = []
    carry = 0.0
    for day, weight in zip(days, weights, strict=True):
        carry += weight * scale
        count, carry = int(carry), carry - int(carry)
        age = (today - day).days
        for _ in range(count):
            hour = min(23, max(0, int(rng.gauss(15, 4))))
            local = datetime(
                day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=UTC
            )
            placed = local - berlin_offset(local)
            if placed > now:
                placed = now - timedelta(minutes=rng.randrange(1, 60))
            roll = rng.random()
            if roll < 0.05:
                status = "storniert"
            elif age > 3:
                status = "versendet"
            else:
                status = "bezahlt" if roll < 0.7 else "neu"
            items = min(12, max(1, int(rng.expovariate(0.6)) + 1))
            gross = int(rng.lognormvariate(8.1, 0.6)) * items // 2 + 490
            orders.append(
                OrderData(
                    order_id=f"U2-{customer_number[-2:]}-{len(orders) + 1:06d}",
                    placed_at=placed,
                    channel=rng.choices(channels, channel_weights)[0],
                    status=status,
                    gross_cents=gross,
                    currency="EUR",
                    items=items,
                )
            )
    return orders


def seed_orders() -> None:
    """Demo orders of 100001 (~25,000, two years) and 100002 (~300), sent through the ingest service."""
    from datetime import UTC, datetime

    from chalicelib.customers.sepa import berlin_today
    from chalicelib.statistics.ingest import ingest_orders
    from local import moto_transactions

    # The embedded moto runs in this process (local stack, benches, tests): its transactions back up the
    # items they touch, and the demo's inserts skip moto's expression parser (25,000 orders in seconds).
    moto_transactions.install()
    today, now = berlin_today(), datetime.now(UTC)
    with moto_transactions.fast_inserts():
        for customer_number in DEMO_ORDERS:
            orders = demo_orders(customer_number, today=today, now=now)
            for start in range(0, len(orders), 500):
                ingest_orders(customer_number=customer_number, orders=orders[start : start + 500])


SEEDERS.append(seed_orders)


# Tickets: 100001 has one in every status (and two more), with the team's replies and an internal note; a
# guest ticket from the public form; one ticket of 100002. Written as items, backdated, so the thread,
# the first-response and resolution times and the 14-day reopen window look like real use.
DEMO_TICKETS: list[dict[str, Any]] = [
    {
        "customer_number": "100001",
        "subject": "PayPal wird im Checkout nicht angezeigt",
        "category": "technik",
        "status": "offen",
        "age_hours": 2,
        "messages": [
            (
                "customer",
                "Seit dem Update auf 2.14 fehlt PayPal als Zahlungsart in der Kasse. Wir haben nichts geändert.",
                0,
            ),
        ],
    },
    {
        "customer_number": "100001",
        "subject": "Rechnung doppelt abgebucht?",
        "category": "rechnung",
        "status": "in_bearbeitung",
        "age_hours": 26,
        "assignee": True,
        "messages": [
            ("customer", "Auf unserem Kontoauszug sehen wir die Lastschrift für November zweimal.", 0),
            (
                "team",
                "Vielen Dank für den Hinweis. Wir prüfen die Lastschriften mit unserer Buchhaltung und melden uns.",
                3,
            ),
            ("internal", "Buchhaltung angefragt; Rücklastschrift der Bank möglich, abwarten.", 4),
        ],
    },
    {
        "customer_number": "100001",
        "subject": "Upgrade auf Multi-Lizenz: ab wann gilt der neue Preis?",
        "category": "vertrag",
        "status": "wartet_auf_sie",
        "age_hours": 72,
        "messages": [
            (
                "customer",
                "Wenn wir heute auf die Multi-Lizenz wechseln, zahlen wir dann schon diesen Monat mehr?",
                0,
            ),
            (
                "team",
                "Der neue Preis gilt anteilig ab dem Tag des Wechsels. Sollen wir das Upgrade für Sie vorbereiten, oder möchten Sie es selbst unter Vertragsdaten auslösen?",
                5,
            ),
        ],
    },
    {
        "customer_number": "100001",
        "subject": "Statistik zeigt für Amazon keine Bestellungen",
        "category": "statistik",
        "status": "geschlossen",
        "age_hours": 20 * 24,
        "closed_after_hours": 48,
        "rating": (5, "Schnelle und verständliche Hilfe, danke!"),
        "messages": [
            ("customer", "Im Diagramm fehlt der Kanal Amazon komplett, obwohl wir dort verkaufen.", 0),
            (
                "team",
                "Die Amazon-Schnittstelle meldet Bestellungen erst nach dem Versand. Ab jetzt sollten sie erscheinen.",
                6,
            ),
            ("customer", "Jetzt sind sie da. Danke!", 30),
        ],
    },
    {
        "customer_number": "100001",
        "subject": "Zweite E-Mail-Adresse für Rechnungen hinterlegen",
        "category": "sonstiges",
        "status": "geschlossen",
        "age_hours": 5 * 24,
        "closed_after_hours": 50,
        "messages": [
            ("customer", "Unsere Buchhaltung soll die Rechnungen auch bekommen. Geht das?", 0),
            (
                "team",
                "Ja: Fügen Sie die Adresse unter Weitere Kontaktdaten hinzu und wählen Sie Rechnungen.",
                2,
            ),
        ],
    },
    {
        "customer_number": "100001",
        "subject": "Lizenzschlüssel in unicorn 2 eintragen",
        "category": "technik",
        "status": "offen",
        "age_hours": 1,
        "channel": "email",
        "messages": [("customer", "Wo trage ich den neuen Lizenzschlüssel in unicorn 2 ein?", 0)],
    },
    {
        "customer_number": None,
        "email": "interessent@beispiel-shop.example",
        "name": "Jana Neumann",
        "subject": "Frage zu den Preisen vor dem Kauf",
        "category": "sonstiges",
        "status": "offen",
        "age_hours": 4,
        "channel": "public",
        "messages": [("customer", "Gibt es einen Rabatt, wenn wir drei Shops betreiben?", 0)],
    },
    {
        "customer_number": "100002",
        "subject": "Multishop einrichten",
        "category": "technik",
        "status": "offen",
        "age_hours": 6,
        "messages": [("customer", "Wie verbinde ich den zweiten Shop mit der Multishop-Option?", 0)],
    },
]


def seed_tickets() -> None:
    import secrets
    from datetime import UTC, datetime, timedelta

    from chalicelib.models import Ticket, TicketMessage
    from chalicelib.tickets import search, service

    now = datetime.now(UTC).replace(microsecond=0)
    people = {
        "100001": (DEMO_CUSTOMER["email"], "Erika Mustermann"),
        "100002": (OTHER_CUSTOMER["email"], "Max Beispiel"),
    }
    for demo in DEMO_TICKETS:
        number = demo["customer_number"]
        email, name = people[number] if number else (demo["email"], demo["name"])
        created = now - timedelta(hours=demo["age_hours"])
        ticket = Ticket(
            service.new_ticket_id(),
            customer_number=number,
            email=email,
            name=name,
            subject=demo["subject"],
            category=demo["category"],
            status=demo["status"],
            queue=demo["status"],
            channel=demo.get("channel", "portal"),
            confirmed=True,
            created_at=created,
            reply_secret=secrets.token_hex(16),
            assignee=DEMO_STAFF["email"] if demo.get("assignee") else None,
        )
        words = search.extend("", demo["subject"])
        visible = 0
        last = created
        last_author = "customer"
        for author, text, after_hours in demo["messages"]:
            at = created + timedelta(hours=after_hours)
            internal = author == "internal"
            TicketMessage(
                ticket.ticket_id,
                f"{at.isoformat()}#{secrets.token_urlsafe(9)}",
                message_id=secrets.token_urlsafe(9),
                author="team" if internal else author,
                author_name=DEMO_STAFF["name"] if author in ("team", "internal") else name,
                staff_email=DEMO_STAFF["email"] if author in ("team", "internal") else None,
                text=text,
                internal=internal,
                channel="team" if author in ("team", "internal") else ticket.channel,
                created_at=at,
            ).save()
            if not internal:
                visible += 1
                words = search.extend(words, text)
                last, last_author = at, author
                if author == "team" and ticket.first_response_at is None:
                    ticket.first_response_at = at
        ticket.message_count = visible
        ticket.last_author = last_author
        ticket.search_text = words
        ticket.updated_at = last
        if "closed_after_hours" in demo:
            ticket.closed_at = ticket.resolved_at = created + timedelta(hours=demo["closed_after_hours"])
            ticket.updated_at = ticket.closed_at
        if "rating" in demo:
            ticket.rating_stars, ticket.rating_comment = demo["rating"]
        ticket.save()


SEEDERS.append(seed_tickets)


def seed_demo_data() -> None:
    for seeder in SEEDERS:
        seeder()


def reset_embedded_aws(endpoint_url: str | None = None) -> None:
    """Forget every table, bucket and mail of the moto server (its /moto-api/reset)."""
    endpoint = endpoint_url or os.environ["AWS_ENDPOINT_URL"]
    if not endpoint.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise RuntimeError(f"refusing to reset a non-local endpoint: {endpoint}")
    # Loopback http only, checked above.
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST", data=b"")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()


def reset_stack(endpoint_url: str | None = None, seeded: "SeededState | None" = None) -> None:
    """The embedded AWS with fresh tables and only the demo data, as right after start.

    With `seeded` (the devserver's in-process moto), the state right after the seed is restored instead
    of seeding again, as long as it was seeded on the same Berlin day; otherwise it seeds and keeps that.
    """
    if seeded is not None and seeded.restore():
        return
    reset_embedded_aws(endpoint_url)
    create_resources()
    seed_demo_data()
    if seeded is not None:
        seeded.take()


# DynamoDB tables written since the snapshot ("*": some write that names no single table).
_WRITTEN: set[str] = set()


def _track_writes() -> None:
    """Note the table of every write moto's DynamoDB backend makes (idempotent)."""
    import functools

    from moto.dynamodb.models import DynamoDBBackend

    def by_table_name(method: Any) -> Any:
        @functools.wraps(method)
        def tracked(self: Any, *args: Any, **kwargs: Any) -> Any:
            _WRITTEN.add(kwargs["table_name"] if "table_name" in kwargs else args[0])
            return method(self, *args, **kwargs)

        return tracked

    def by_transaction(method: Any) -> Any:
        @functools.wraps(method)
        def tracked(self: Any, transact_items: list[dict[str, Any]], *args: Any, **kwargs: Any) -> Any:
            for item in transact_items:
                for operation in item.values():
                    _WRITTEN.add(operation.get("TableName") or "*")
            return method(self, transact_items, *args, **kwargs)

        return tracked

    def any_table(method: Any) -> Any:
        @functools.wraps(method)
        def tracked(self: Any, *args: Any, **kwargs: Any) -> Any:
            _WRITTEN.add("*")
            return method(self, *args, **kwargs)

        return tracked

    wrappers = {
        "put_item": by_table_name,
        "update_item": by_table_name,
        "delete_item": by_table_name,
        "transact_write_items": by_transaction,
        "execute_statement": any_table,
        "execute_transaction": any_table,
        "batch_execute_statement": any_table,
    }
    for name, wrap in wrappers.items():
        current = getattr(DynamoDBBackend, name)
        if not getattr(current, "kc_tracked", False):
            tracked = wrap(current)
            tracked.kc_tracked = True
            setattr(DynamoDBBackend, name, tracked)


class SeededState:
    """The in-process embedded AWS right after the seed, pickled, so that a reset costs milliseconds.

    Seeding takes half a minute (the demo orders go through the real ingest, the billing history makes its
    PDFs); the local stack's tests reset before each test. A reset puts back the DynamoDB tables written
    since the snapshot (moto's write methods note their table; the ~25,000 demo orders stay untouched by
    most tests, so they are not unpickled again) and the whole S3 and SES backends (bucket with the PDFs,
    no mails). The demo data depends on the day (contract start, invoices up to today, orders up to now),
    so a snapshot of another Berlin day is not restored.
    """

    WHOLE = ("s3", "ses")

    def __init__(self) -> None:
        self._day: object = None
        self._tables: dict[str, bytes] = {}
        self._backends: dict[tuple[str, str], bytes] = {}

    @staticmethod
    def _today() -> object:
        from chalicelib.contracts.service import today

        return today()

    @staticmethod
    def _dynamodb() -> Any:
        from moto.core.models import DEFAULT_ACCOUNT_ID
        from moto.dynamodb.models import dynamodb_backends

        from chalicelib.settings import settings

        return dynamodb_backends[DEFAULT_ACCOUNT_ID][settings.aws_region]

    def take(self) -> None:
        """Remember the current state (call right after the seed)."""
        import pickle

        from moto.backends import get_backend
        from moto.core.models import DEFAULT_ACCOUNT_ID

        _track_writes()
        self._tables = {name: pickle.dumps(table) for name, table in self._dynamodb().tables.items()}
        backends: dict[tuple[str, str], bytes] = {}
        for service in self.WHOLE:
            for region, backend in get_backend(service)[DEFAULT_ACCOUNT_ID].items():  # type: ignore[arg-type]
                backends[(service, region)] = pickle.dumps(backend.__dict__)
        self._backends = backends
        self._day = self._today()
        _WRITTEN.clear()

    def restore(self) -> bool:
        """Put the remembered state back; False if there is none for today (then seed again)."""
        import pickle

        from moto.backends import get_backend
        from moto.core.models import DEFAULT_ACCOUNT_ID

        tables = self._dynamodb().tables
        if not self._tables or self._day != self._today() or set(tables) != set(self._tables):
            return False
        written = set(self._tables) if "*" in _WRITTEN else _WRITTEN & set(self._tables)
        for name in written:
            tables[name] = pickle.loads(self._tables[name])  # noqa: S301 (our own bytes, this process)
        _WRITTEN.clear()
        for (service, region), blob in self._backends.items():
            backend = get_backend(service)[DEFAULT_ACCOUNT_ID][region]  # type: ignore[arg-type]
            backend.__dict__.clear()
            backend.__dict__.update(pickle.loads(blob))  # noqa: S301 (our own bytes, this process)
        return True
