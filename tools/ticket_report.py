"""Support tickets per category: how many, median time to the team's first answer and to the solution.

    make ticket-report                        # the running local stack (`make run`)
    python -m tools.ticket_report [--env-file PATH]

Counts confirmed tickets only (an unconfirmed ticket from the public form reached nobody yet) and leaves
out tickets merged into another one (their conversation goes on there). First response: the team's first
reply to the customer (`first_response_at`, internal notes do not count) minus `created_at`; solution:
the first close (`resolved_at`) minus `created_at`. Medians are over the tickets that have the time.

It reads the tickets table of the environment it runs in (a Scan: fine for a report, not for a page).
When KC_TABLE_PREFIX is not set, it takes the variables from the local stack's `.local/stack.env`.
"""

import argparse
import os
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from tools.stack_env import stack_unavailable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"
BERLIN = ZoneInfo("Europe/Berlin")

CATEGORY_LABELS = {
    "rechnung": "Rechnung",
    "vertrag": "Vertrag",
    "technik": "Technik",
    "statistik": "Statistik",
    "sonstiges": "Sonstiges",
}
ALL_LABEL = "Alle"


class ReportError(Exception):
    """Something the person running the report has to fix; the message is German."""


@dataclass(frozen=True)
class TicketTimes:
    """What the report needs of one ticket."""

    category: str
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None


@dataclass
class CategoryFigures:
    label: str
    tickets: int = 0
    response_seconds: list[float] = field(default_factory=list)
    resolution_seconds: list[float] = field(default_factory=list)

    @property
    def without_response(self) -> int:
        return self.tickets - len(self.response_seconds)

    def add(self, ticket: TicketTimes) -> None:
        self.tickets += 1
        if ticket.first_response_at is not None:
            self.response_seconds.append((ticket.first_response_at - ticket.created_at).total_seconds())
        if ticket.resolved_at is not None:
            self.resolution_seconds.append((ticket.resolved_at - ticket.created_at).total_seconds())


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def duration(seconds: float | None) -> str:
    """A duration in hours and minutes, de-DE: "0 Std. 45 Min.", "1.250 Std. 05 Min."; "–" for none."""
    if seconds is None:
        return "–"
    minutes = max(0, round(seconds / 60))
    hours, rest = divmod(minutes, 60)
    return f"{_thousands(hours)} Std. {rest:02d} Min."


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarize(tickets: Iterable[TicketTimes]) -> list[CategoryFigures]:
    """One row per category (fixed order; unknown categories after them) and "Alle" last."""
    rows = {key: CategoryFigures(label) for key, label in CATEGORY_LABELS.items()}
    everything = CategoryFigures(ALL_LABEL)
    for ticket in tickets:
        row = rows.get(ticket.category)
        if row is None:
            row = rows[ticket.category] = CategoryFigures(ticket.category)
        row.add(ticket)
        everything.add(ticket)
    return [*rows.values(), everything]


def format_report(rows: Sequence[CategoryFigures], *, merged: int = 0, now: datetime | None = None) -> str:
    headers = ("Kategorie", "Tickets", "Median erste Antwort", "Median Lösung", "ohne erste Antwort")
    table = [
        (
            row.label,
            _thousands(row.tickets),
            duration(_median(row.response_seconds)),
            duration(_median(row.resolution_seconds)),
            _thousands(row.without_response),
        )
        for row in rows
    ]
    widths = [max(len(line[index]) for line in [headers, *table]) for index in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    lines = ["Support-Tickets: erste Antwort und Lösung je Kategorie (nur bestätigte Tickets)"]
    if now is not None:
        lines.append(f"Stand: {now.astimezone(BERLIN).strftime('%d.%m.%Y %H:%M')} Uhr")
    lines += ["", line(headers), line(["-" * width for width in widths])]
    lines += [line(cells) for cells in table[:-1]]
    lines += [line(["-" * width for width in widths]), line(table[-1]), ""]
    lines.append(
        "Erste Antwort: erste Antwort des Teams an den Kunden (ohne interne Notizen) ab Eingang des Tickets; "
        "Lösung: erstes Schließen ab Eingang. Mediane über die Tickets, die den Zeitpunkt schon haben."
    )
    if merged:
        lines.append(
            f"Nicht gezählt: {_thousands(merged)} zusammengeführte Tickets (gezählt im Ziel-Ticket)."
        )
    return "\n".join(lines) + "\n"


def read_tickets() -> tuple[list[TicketTimes], int]:
    """The confirmed, not merged tickets of the current environment's table, and how many were merged."""
    from chalicelib.models.ticket import Ticket

    tickets: list[TicketTimes] = []
    merged = 0
    attributes = [
        "ticket_id",
        "category",
        "status",
        "queue",
        "confirmed",
        "created_at",
        "first_response_at",
        "resolved_at",
        "merged_into",
    ]
    for item in Ticket.scan(attributes_to_get=attributes):
        confirmed = item.queue is not None or (item.status is not None and item.confirmed is True)
        if not confirmed:
            continue
        if item.merged_into:
            merged += 1
            continue
        tickets.append(
            TicketTimes(
                category=item.category,
                created_at=item.created_at,
                first_response_at=item.first_response_at,
                resolved_at=item.resolved_at,
            )
        )
    return tickets, merged


def build_report(*, now: datetime | None = None) -> str:
    """Read the tickets table of the current environment and format the report."""
    from pynamodb.exceptions import PynamoDBException

    try:
        from chalicelib.settings import settings
    except RuntimeError as exc:  # a variable settings.py requires is missing
        raise ReportError(
            f"Die Umgebung ist unvollständig ({exc}). Bitte setzen Sie die Variablen wie für die API "
            "oder starten Sie den lokalen Stack mit `make run`."
        ) from None
    try:
        tickets, merged = read_tickets()
    except PynamoDBException as exc:
        raise ReportError(
            f"Die Tickets konnten nicht gelesen werden ({exc.msg}). "
            f"Ist die Tabelle mit dem Präfix „{settings.table_prefix}“ erreichbar?"
        ) from None
    return format_report(summarize(tickets), merged=merged, now=now)


def load_stack_environment(path: Path) -> None:
    problem = stack_unavailable(path, "ticket-report")
    if problem is not None:
        raise ReportError(problem)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
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
        out.write(build_report(now=datetime.now(BERLIN)))
    except ReportError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
