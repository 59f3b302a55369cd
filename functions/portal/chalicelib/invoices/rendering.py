"""Where an invoice's PDF is rendered: in the invoice-documents function on AWS, in-process elsewhere.

The PDF stack (fpdf2 with fontTools and Pillow, factur-x with lxml and pypdf) ships only in that function
(`functions/documents/`; DECISIONS.md, "Invoice documents in a function of their own"), so the API zip
stays small. The function is a pure renderer: it gets the invoice item and answers the PDF; storing it,
the bookkeeping and the mail stay with the caller (`service.store_pdf`). Locally, in the tests and in the
benches `KC_DOCUMENTS_FUNCTION` is empty and the same `document.render_invoice` runs in-process.
"""

import base64
import json
import logging
from functools import cache
from typing import Any

from chalicelib.faults import PassingFault
from chalicelib.models import Invoice
from chalicelib.settings import settings

# Lambda answers a synchronous call with at most 6 MB, base64 takes a third more; an invoice is ~40 KB.
MAX_PDF_BYTES = 4_000_000


class RenderFailed(PassingFault):
    """The invoice-documents function was not reached or answered no PDF. Nothing was stored: the invoice
    keeps no `pdf_stored_at` and its render lease is released (`service.issue_invoice`), so the next
    billing run, or the Rechnungskorrektur's retry with the same Idempotency-Key, renders it again; the API
    answers 503 meanwhile (the correction route requires the key, so a retry never issues a second one)."""


@cache
def _lambda() -> Any:
    import boto3
    from botocore.config import Config

    # The function stops a render after 10 s (infra/template.yaml) and Lambda then answers a FunctionError,
    # so the read timeout only ends a stalled connection; one retry (throttling, a dropped connection) is
    # safe, as rendering changes nothing. The API's own 20 s stay enough for a failed render's 503.
    config = Config(connect_timeout=3, read_timeout=12, retries={"max_attempts": 2, "mode": "standard"})
    return boto3.client("lambda", region_name=settings.aws_region, config=config)


def render(invoice: Invoice) -> bytes:
    """The Factur-X PDF of `invoice`, from the invoice-documents function (or in-process when unset)."""
    if not settings.documents_function:
        from chalicelib.invoices.document import render_invoice

        return render_invoice(invoice)
    try:
        return _render_remotely(invoice)
    except RenderFailed as error:
        from chalicelib import faults, logs

        cause = error.__cause__
        logs.event(
            "invoice_render_failed",
            level=logging.ERROR,
            invoice=invoice.number,
            reason=str(error) if cause is None else faults.describe(cause),
        )
        raise


def _render_remotely(invoice: Invoice) -> bytes:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        response = _lambda().invoke(
            FunctionName=settings.documents_function,
            InvocationType="RequestResponse",
            Payload=json.dumps({"invoice": invoice.to_dynamodb_dict()}).encode("utf-8"),
        )
        body = response["Payload"].read()
    except (ClientError, BotoCoreError) as error:  # throttled after the retry, no answer, no permission
        raise RenderFailed(f"{settings.documents_function} not reached") from error
    if response.get("FunctionError"):
        # The function's error message (its traceback names the invoice; no customer data)
        raise RenderFailed(f"{response['FunctionError']}: {body[:300].decode('utf-8', 'replace')}")
    try:
        pdf = base64.b64decode(json.loads(body)["pdf"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise RenderFailed("no PDF in the answer") from None
    if not pdf.startswith(b"%PDF-"):
        raise RenderFailed("the answer is not a PDF")
    return pdf


def handle(event: dict[str, Any]) -> dict[str, str]:
    """The invoice-documents function: the invoice item in, its PDF (base64) out."""
    from chalicelib.invoices.document import render_invoice

    invoice = Invoice.from_raw_data(event["invoice"])
    try:
        pdf = render_invoice(invoice)
    except Exception as error:  # the traceback in the function's log and the caller's error name the invoice
        raise RuntimeError(f"invoice {invoice.number}: not rendered") from error
    if len(pdf) > MAX_PDF_BYTES:
        raise ValueError(f"invoice {invoice.number}: {len(pdf)} bytes, more than a Lambda answer carries")
    return {"pdf": base64.b64encode(pdf).decode("ascii")}
