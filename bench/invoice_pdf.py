"""Median time to make one invoice document (PDF + Factur-X XML, PDF/A-3 with the XSD check), over 100.

    .venv/bin/python -m bench.invoice_pdf

Renders in-process without AWS (the Invoice item is built in memory); the first invoice (imports, font
parsing) is reported apart. Goal from issue 8: median ≤ 100 ms.
"""

import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "functions" / "portal"))
for name, value in {
    "AWS_DEFAULT_REGION": "eu-central-1",
    "KC_TABLE_PREFIX": "bench-",
    "KC_SITE_ORIGIN": "http://127.0.0.1:8000",
    "KC_MAIL_FROM": "Kundencenter <kundencenter@unicorn2.example>",
    "KC_INVOICE_BUCKET": "bench-invoices",
    "KC_TICKET_BUCKET": "bench-tickets",
    "KC_SUPPORT_ADDRESS": "support@unicorn2.example",
    "KC_AUTH_RESPONSE_FLOOR_MS": "0",
    "KC_LOCAL_DEV": "1",
    "KC_ORIGIN_SECRET_ID": "",
    "KC_DOCUMENTS_FUNCTION": "",
    "KC_PASSWORD_HASH_PROFILE": "owasp",
}.items():
    os.environ.setdefault(name, value)

RUNS = 100


def invoice(sequence: int):  # type: ignore[no-untyped-def]  # chalicelib importable only after sys.path
    from chalicelib.models import Invoice
    from chalicelib.models.invoice import Buyer, InvoiceLineItem

    return Invoice(
        customer_number="100001",
        number=f"2026-{sequence:06d}",
        billing_key=f"bench-{sequence}",
        issue_date="2026-12-01",
        period_start="2026-12-01",
        period_end="2026-12-31",
        lines=[
            InvoiceLineItem(
                description="Single-Lizenz",
                period_start="2026-12-01",
                period_end="2026-12-31",
                net_cents=2990,
            ),
            InvoiceLineItem(
                description="Premium Service",
                period_start="2026-12-01",
                period_end="2026-12-31",
                net_cents=1490,
            ),
        ],
        net_cents=4480,
        vat_cents=851,
        gross_cents=5331,
        due_date="2026-12-15",
        buyer=Buyer(
            name="Muster Handels GmbH",
            contact="Erika Mustermann",
            street="Musterstraße 12",
            postal_code="10115",
            city="Berlin",
            vat_id="DE136695976",
        ),
        mandate_reference="KC-100001-0001",
        iban_masked="DE89 **** **** **** **30 00",
        s3_key="100001/2026/x.pdf",
        created_at=datetime.now(UTC),
    )


def main() -> None:
    from chalicelib.invoices.document import render_invoice

    start = time.perf_counter()
    first = render_invoice(invoice(0))
    first_ms = (time.perf_counter() - start) * 1000
    times = []
    cpu_times = []  # CPU time of this process: what other processes on the machine change least
    for sequence in range(1, RUNS + 1):
        start, cpu_start = time.perf_counter(), time.process_time()
        render_invoice(invoice(sequence))
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
    print(f"invoice PDF + Factur-X XML, {RUNS} invoices ({date.today().isoformat()}):")
    print(f"  first (imports, fonts): {first_ms:7.1f} ms, {len(first) / 1024:.0f} KiB")
    print(f"  median:                 {statistics.median(times):7.1f} ms")
    print(f"  p90:                    {statistics.quantiles(times, n=10)[-1]:7.1f} ms")
    print(f"  median CPU time:        {statistics.median(cpu_times):7.1f} ms")
    print(f"  load average (1 min):   {os.getloadavg()[0]:7.2f}")


if __name__ == "__main__":
    main()
