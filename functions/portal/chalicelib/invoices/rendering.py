"""Where an invoice's PDF is rendered: in the invoice-documents function on AWS, in-process elsewhere.

The PDF stack (fpdf2 with fontTools and Pillow, factur-x with lxml and pypdf) ships only in that function
(`functions/documents/`; DECISIONS.md, "Invoice documents in a function of their own"), so the API zip
stays small. The function is a pure renderer: it gets the invoice item and answers the PDF; storing it,
the bookkeeping and the mail stay with the caller (`service.store_pdf`). Locally, in the tests and in the
benches `KC_DOCUMENTS_FUNCTION` is empty and the same `document.render_invoice` runs in-process.
"""

import base64
import json
from functools import cache
from typing import Any

from chalicelib.faults import PassingFault
from chalicelib.models import Invoice
from chalicelib.settings import settings

# Lambda answers a synchronous call with at most 6 MB, base64 takes a third more; an invoice is ~40 KB.
MAX_PDF_BYTES = 4_000_000


class RenderFailed(PassingFault):
    """The invoice-documents function answered no PDF. The invoice keeps no `pdf_stored_at` and its render
    lease is released (`service.issue_invoice`): the next billing run, or the Rechnungskorrektur's retry
    with the same Idempotency-Key, renders it again; the API answers 503 meanwhile."""


@cache
def _lambda() -> Any:
    import boto3
    from botocore.config import Config

    # Rendering is pure, so a retry after a throttle or a dropped connection is safe.
    config = Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"})
    return boto3.client("lambda", region_name=settings.aws_region, config=config)


def render(invoice: Invoice) -> bytes:
    """The Factur-X PDF of `invoice`, from the invoice-documents function (or in-process when unset)."""
    if not settings.documents_function:
        from chalicelib.invoices.document import render_invoice

        return render_invoice(invoice)
    response = _lambda().invoke(
        FunctionName=settings.documents_function,
        InvocationType="RequestResponse",
        Payload=json.dumps({"invoice": invoice.to_dynamodb_dict()}).encode("utf-8"),
    )
    body = response["Payload"].read()
    if response.get("FunctionError"):
        raise RenderFailed(f"{settings.documents_function} ({response['FunctionError']}): {body[:1000]!r}")
    try:
        pdf = base64.b64decode(json.loads(body)["pdf"], validate=True)
    except (ValueError, KeyError, TypeError) as error:
        raise RenderFailed(f"{settings.documents_function}: no PDF in its answer") from error
    if not pdf.startswith(b"%PDF-"):
        raise RenderFailed(f"{settings.documents_function}: the answer is not a PDF")
    return pdf


def handle(event: dict[str, Any]) -> dict[str, str]:
    """The invoice-documents function: the invoice item in, its PDF (base64) out."""
    from chalicelib.invoices.document import render_invoice

    invoice = Invoice.from_raw_data(event["invoice"])
    pdf = render_invoice(invoice)
    if len(pdf) > MAX_PDF_BYTES:
        raise ValueError(f"invoice {invoice.number}: {len(pdf)} bytes, more than a Lambda answer carries")
    return {"pdf": base64.b64encode(pdf).decode("ascii")}
