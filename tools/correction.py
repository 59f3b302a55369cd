"""A Rechnungskorrektur by hand: corrects one issued invoice of a customer and prints a German summary.

    make invoice-correction CUSTOMER=100001 INVOICE=2026-000123 REASON="…" [NET_CENTS=1000]   # local stack
    python -m tools.correction --customer 100001 --invoice 2026-000123 --reason "…" \\
        [--net-cents N | --lines 1,2] [--key KEY] [--env-file PATH]

The same `chalicelib.invoices.corrections.issue_correction` the support route calls: the correction takes
the next number of the invoices' yearly sequence, its PDF is stored and mailed to the customer. Without
--net-cents and --lines it cancels the whole invoice (Storno). It runs against the environment it is
started in: when KC_TABLE_PREFIX is not set, the local stack's `.local/stack.env` (written by `make run`).
Each run is a new correction (a new key); when its PDF could not be made, the tool says so and prints the
`--key` that completes the same correction (as the support route's Idempotency-Key does).
"""

import argparse
import os
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

from tools.stack_env import stack_unavailable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"


class CorrectionError(Exception):
    """Something the person running the tool has to fix; the message is German."""


def load_stack_environment(path: Path) -> None:
    problem = stack_unavailable(path, "invoice-correction")
    if problem is not None:
        raise CorrectionError(problem)


def positions(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CorrectionError(
            f"„{text}“ sind keine Positionen; bitte Nummern mit Komma angeben, z. B. 1,2."
        ) from None


def format_summary(
    *, number: str, corrects: str, customer_number: str, gross_cents: int, remaining: int
) -> str:
    from chalicelib.contracts.catalogue import euro

    return (
        f"Rechnungskorrektur {number} zu Rechnung {corrects} (Kundennummer {customer_number})\n"
        f"  Betrag brutto:          {euro(gross_cents)}\n"
        f"  Noch korrigierbar:      {euro(remaining)}\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customer", required=True, help="Kundennummer, z. B. 100001")
    parser.add_argument("--invoice", required=True, help="Rechnungsnummer, z. B. 2026-000123")
    parser.add_argument("--reason", required=True, help="Grund der Korrektur (steht auf dem PDF)")
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument("--net-cents", type=int, help="Nettobetrag der Korrektur in Cent (ohne: Storno)")
    amount.add_argument("--lines", default="", help="nur diese Positionen korrigieren, z. B. 1,2")
    parser.add_argument(
        "--key",
        help="dieselbe Korrektur fertigstellen (der Schlüssel, den ein Lauf ohne PDF ausgegeben hat)",
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        help="Variablen aus dieser Datei lesen (Standard: .local/stack.env, wenn KC_TABLE_PREFIX nicht gesetzt ist)",
    )
    args = parser.parse_args(argv)
    try:
        chosen = positions(args.lines) if args.lines else None
        if args.env_file is not None:
            load_stack_environment(args.env_file)
        elif "KC_TABLE_PREFIX" not in os.environ:
            load_stack_environment(DEFAULT_ENV_FILE)
        portal = str(ROOT / "functions" / "portal")
        if portal not in sys.path:
            sys.path.insert(0, portal)
        from chalicelib import errors
        from chalicelib.invoices.corrections import issue_correction, remaining_cents
        from chalicelib.invoices.rendering import RenderFailed

        key = args.key or uuid.uuid4().hex
        try:
            correction = issue_correction(
                customer_number=args.customer,
                invoice_number=args.invoice,
                reason=args.reason,
                positions=chosen,
                net_cents=args.net_cents,
                key=key,
            )
        except RenderFailed:
            raise CorrectionError(
                "Die Rechnungskorrektur ist ausgestellt, ihr PDF konnte aber nicht erzeugt werden. Bitte "
                "stellen Sie sie nicht erneut aus, sondern wiederholen Sie denselben Aufruf mit "
                f"--key {key}: Dann werden nur PDF und Mail nachgeholt."
            ) from None
        except errors.ValidationError as error:
            raise CorrectionError(" ".join(error.fields.values()) or str(error)) from None
        except errors.ApiError as error:
            raise CorrectionError(str(error)) from None
        left = remaining_cents(customer_number=args.customer, invoice_number=args.invoice)
    except CorrectionError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(
        format_summary(
            number=correction.number,
            corrects=args.invoice,
            customer_number=args.customer,
            gross_cents=int(correction.gross_cents),
            remaining=left,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
