"""Report of "War dieser Artikel hilfreich?": per article Ja/Nein, helpful share, reasons, newest comments.

    make feedback-report                      # the running local stack (`make run`)
    python -m tools.feedback_report [--env-file PATH] [--comments 5]

It reads the feedback tables of the environment it runs in: the variables settings.py requires
(AWS_DEFAULT_REGION, KC_TABLE_PREFIX, ...). When KC_TABLE_PREFIX is not set, it takes them from
the local stack's `.local/stack.env`, which `python -m local.devserver` writes while `make run` runs.
"""

import argparse
import os
import re
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tools.stack_env import stack_problem

if TYPE_CHECKING:
    from chalicelib.feedback.service import ArticleFeedback

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"
BERLIN = ZoneInfo("Europe/Berlin")
WIDTH = 100
# C0 and C1 controls (escape sequences, bells, carriage returns, ...) and line/paragraph separators:
# each becomes a space, so they can neither drive the terminal nor break a report line.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Characters that print nothing and are dropped: format characters (Cf) such as the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C), which
# reorder what the terminal shows, and the zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and
# tag characters, which hide text; also surrogates (Cs), private use (Co) and unassigned code points (Cn).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cs", "Co", "Cn"})

START_STACK_HINT = (
    "Der lokale Stack läuft nicht: {path} fehlt.\n"
    "Bitte starten Sie ihn zuerst in einem anderen Terminal mit `make run` "
    "und rufen Sie dann `make feedback-report` erneut auf."
)
STALE_STACK_HINT = (
    "Der lokale Stack läuft nicht mehr ({path} stammt von einem beendeten Prozess).\n"
    "Bitte starten Sie ihn zuerst mit `make run` und rufen Sie dann `make feedback-report` erneut auf."
)


class ReportError(Exception):
    """Something the person running the report has to fix; the message is German."""


def load_stack_environment(path: Path) -> None:
    """Put the local stack's variables into the environment; ReportError when the stack is not running."""
    problem = stack_problem(path)
    if problem is not None:
        hint = START_STACK_HINT if problem == "missing" else STALE_STACK_HINT
        raise ReportError(hint.format(path=_shown(path)))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def printable(text: str) -> str:
    """Text safe to print: controls become spaces, invisible characters go; line breaks stay."""
    text = CONTROL_CHARACTERS.sub(" ", text)
    return "".join(char for char in text if unicodedata.category(char) not in INVISIBLE_CATEGORIES)


def _one_line(text: str) -> str:
    """Text from the tables as one printable line (a comment, a page path, a reason code)."""
    return " ".join(printable(text).split())


def _when(moment: datetime | None) -> str:
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M") if moment else "–"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(value)} %"


def format_report(
    articles: Sequence["ArticleFeedback"], *, reason_labels: dict[str, str], site_origin: str = ""
) -> str:
    """The report as text: one block per article, in the given order (most "Nein" first)."""
    if not articles:
        return "Noch keine Rückmeldungen zu Hilfe-Artikeln.\n"
    total_yes = sum(article.yes for article in articles)
    total_no = sum(article.no for article in articles)
    total_deflections = sum(article.deflections for article in articles)
    votes = total_yes + total_no
    lines = [
        "Rückmeldungen „War dieser Artikel hilfreich?“",
        f"{len(articles)} Artikel · {votes} {'Stimme' if votes == 1 else 'Stimmen'} · Ja {total_yes}"
        f" · Nein {total_no} · Vorschlag geklickt {total_deflections} · sortiert nach den meisten „Nein“",
        "(Vorschlag geklickt: beim Schreiben eines Tickets unter „Vielleicht hilft Ihnen das:“ geöffnet)",
        "",
    ]
    for article in articles:
        page = _one_line(article.page)
        lines.append(page + (f"  {site_origin.rstrip('/')}/{page}" if site_origin else ""))
        lines.append(
            f"  Ja: {article.yes}   Nein: {article.no}   hilfreich: {_share(article.helpful_share)}"
            f"   Vorschlag geklickt: {article.deflections}   letzte Stimme: {_when(article.last_vote_at)}"
        )
        given = [(code, count) for code, count in article.reasons.items() if count]
        given.sort(key=lambda item: -item[1])
        if given:
            reasons = " · ".join(
                f"{_one_line(reason_labels.get(code, code))}: {count}" for code, count in given
            )
            lines.append(f"  Gründe: {reasons}")
        else:
            lines.append("  Gründe: –")
        if article.comments:
            lines.append("  Neueste Kommentare:")
            for vote in article.comments:
                answer = "Ja" if vote.helpful else "Nein"
                reason = f", {_one_line(reason_labels.get(vote.reason, vote.reason))}" if vote.reason else ""
                head = f"    {_when(vote.created_at)} ({answer}{reason}): "
                lines.extend(
                    textwrap.wrap(
                        _one_line(vote.comment or ""),
                        width=WIDTH,
                        initial_indent=head,
                        subsequent_indent=" " * 6,
                    )
                )
        else:
            lines.append("  Neueste Kommentare: –")
        lines.append("")
    return printable("\n".join(lines))


def build_report(*, comments: int = 5) -> str:
    """Read the feedback tables of the current environment and format the report."""
    from pynamodb.exceptions import PynamoDBException

    try:
        from chalicelib.settings import settings
    except RuntimeError as exc:  # a variable settings.py requires is missing
        raise ReportError(
            f"Die Umgebung ist unvollständig ({exc}). Bitte setzen Sie die Variablen wie für die API "
            "oder starten Sie den lokalen Stack mit `make run`."
        ) from None
    from chalicelib.feedback import service

    try:
        articles = service.summarize_feedback(comments_per_article=comments)
    except PynamoDBException as exc:
        raise ReportError(
            f"Die Rückmeldungen konnten nicht gelesen werden ({exc.msg}). "
            f"Sind die Tabellen mit dem Präfix „{settings.table_prefix}“ erreichbar?"
        ) from None
    return format_report(articles, reason_labels=service.REASON_LABELS, site_origin=settings.site_origin)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        help="Variablen aus dieser Datei lesen (Standard: .local/stack.env, wenn KC_TABLE_PREFIX nicht gesetzt ist)",
    )
    parser.add_argument("--comments", type=int, default=5, help="Kommentare je Artikel (Standard: 5)")
    args = parser.parse_args(argv)
    try:
        if args.env_file is not None:
            load_stack_environment(args.env_file)
        elif "KC_TABLE_PREFIX" not in os.environ:
            load_stack_environment(DEFAULT_ENV_FILE)
        portal = str(ROOT / "functions" / "portal")
        if portal not in sys.path:
            sys.path.insert(0, portal)
        sys.stdout.write(printable(build_report(comments=args.comments)))
    except ReportError as exc:
        sys.stderr.write(printable(f"{exc}\n"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
