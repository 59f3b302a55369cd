"""Recount one customer's order statistics from its stored orders and fix the counters that differ.

    make repair-statistics CUSTOMER=100001            # the running local stack (`make run`)
    python -m tools.repair_statistics 100001 [--env-file PATH]

Ingest keeps the counters right by itself (chalicelib/statistics/ingest.py); this is for a counter
damaged by hand or by a bug. Run it while the customer's installation is not sending. It runs against
the environment it is started in: when KC_TABLE_PREFIX is not set, the local stack's `.local/stack.env`.
"""

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tools.stack_env import stack_unavailable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"


class RepairError(Exception):
    """Something the person running the tool has to fix; the message is German."""


def load_stack_environment(path: Path) -> None:
    problem = stack_unavailable(path, "repair-statistics")
    if problem is not None:
        raise RepairError(problem)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("customer", nargs="?", default="", help="Kundennummer, z. B. 100001")
    parser.add_argument(
        "--env-file",
        type=Path,
        help="Variablen aus dieser Datei lesen (Standard: .local/stack.env, wenn KC_TABLE_PREFIX nicht gesetzt ist)",
    )
    args = parser.parse_args(argv)
    try:
        if not re.fullmatch(r"\d{6,10}", args.customer):
            raise RepairError(
                "Bitte geben Sie die Kundennummer an, z. B. `make repair-statistics CUSTOMER=100001`."
            )
        if args.env_file is not None:
            load_stack_environment(args.env_file)
        elif "KC_TABLE_PREFIX" not in os.environ:
            load_stack_environment(DEFAULT_ENV_FILE)
        portal = str(ROOT / "functions" / "portal")
        if portal not in sys.path:
            sys.path.insert(0, portal)
        from chalicelib.statistics.repair import repair_statistics

        result = repair_statistics(customer_number=args.customer)
    except RepairError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    out.write(
        f"Statistik von Kunde {args.customer} neu gezählt\n"
        f"  Bestellungen:          {result.orders}\n"
        f"  Zähler:                {result.counters}\n"
        f"  Korrigiert:            {result.fixed}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
