"""The monthly billing run by hand: invoices every active contract for a period, prints a German summary.

    make billing-run [PERIOD=2026-12]             # the running local stack (`make run`)
    python -m tools.billing_run [--period 2026-12] [--env-file PATH]

The same `chalicelib.billing.service.run_billing` the scheduled function calls on the 1st; idempotent per
period, so running it again creates nothing and completes a run that stopped half-way. Without a period
it bills the current month (Europe/Berlin). It runs against the environment it is started in: when
KC_TABLE_PREFIX is not set, the local stack's `.local/stack.env` (written by `make run`).
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.stack_env import stack_unavailable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


class BillingRunError(Exception):
    """Something the person running the tool has to fix; the message is German."""


def load_stack_environment(path: Path) -> None:
    problem = stack_unavailable(path, "billing-run")
    if problem is not None:
        raise BillingRunError(problem)


def format_summary(*, period: str, created: int, skipped: int, gross_cents: int, numbers: list[str]) -> str:
    from chalicelib.contracts.catalogue import euro

    year, month = period.split("-")
    lines = [f"Abrechnungslauf {MONTHS[int(month) - 1]} {year} ({period})"]
    created_text = f"  Rechnungen erstellt:    {created}"
    if numbers:
        created_text += f" ({numbers[0]} bis {numbers[-1]})" if len(numbers) > 1 else f" ({numbers[0]})"
    lines.append(created_text)
    lines.append(f"  Übersprungen:           {skipped} (für diesen Zeitraum schon abgerechnet)")
    lines.append(f"  Summe brutto (neu):     {euro(gross_cents)}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--period", default="", help="Abrechnungsmonat JJJJ-MM (Standard: der laufende Monat)"
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        help="Variablen aus dieser Datei lesen (Standard: .local/stack.env, wenn KC_TABLE_PREFIX nicht gesetzt ist)",
    )
    args = parser.parse_args(argv)
    try:
        if args.env_file is not None:
            load_stack_environment(args.env_file)
        elif "KC_TABLE_PREFIX" not in os.environ:
            load_stack_environment(DEFAULT_ENV_FILE)
        portal = str(ROOT / "functions" / "portal")
        if portal not in sys.path:
            sys.path.insert(0, portal)
        from chalicelib.billing.service import current_period, period_start, run_billing

        period = args.period or current_period()
        try:
            period_start(period)
        except ValueError:
            raise BillingRunError(
                f"Der Zeitraum „{period}“ ist ungültig; bitte JJJJ-MM angeben, z. B. 2026-12."
            ) from None
        summary = run_billing(period=period)
    except BillingRunError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(
        format_summary(
            period=summary.period,
            created=summary.created,
            skipped=summary.skipped,
            gross_cents=summary.gross_cents,
            numbers=summary.numbers,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
