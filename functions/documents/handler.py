"""invoice-documents: renders an invoice's Factur-X PDF for the API and the billing run.

Its zip (infra/package.py) holds this file, a copy of `chalicelib/` and `requirements.txt` next to it: the
PDF stack, which the API's zip leaves out (DECISIONS.md, "Invoice documents in a function of their own").
The work is `chalicelib.invoices.rendering.handle`, tested with the portal's code.
"""

from typing import Any

from chalicelib.invoices.rendering import handle


def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
    return handle(event)
