"""`make feedback-report`: per article Ja/Nein, helpful share, reasons and the newest comments, most "Nein" first."""

import os
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine

from tools import feedback_report

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


@pytest.fixture
def record(aws):
    from chalicelib.feedback import service

    def record(page, helpful, reason=None, comment="", at=START):
        with time_machine.travel(at, tick=False):
            service.record_feedback(
                page=page, helpful=helpful, reason=reason, comment=comment, client_address="192.0.2.1"
            )

    return record


def blocks(report):
    """The report's article blocks, keyed by article path."""
    result = {}
    for block in report.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        result[lines[0].split()[0]] = lines[1:]
    return result


def test_articles_with_most_no_votes_come_first_with_counts_share_and_reasons(record):
    for _ in range(3):
        record("zugang/anmelden/", True)
    record("zugang/anmelden/", False, "unverstaendlich")
    record("rechnungen/e-rechnung/", True)
    record("rechnungen/e-rechnung/", False, "veraltet")
    record("rechnungen/e-rechnung/", False, "veraltet")
    record("rechnungen/e-rechnung/", False, "unvollstaendig", at=START + timedelta(minutes=5))
    record("statistik/auftragsstatistik/", True)

    report = feedback_report.build_report()

    assert report.splitlines()[1].startswith("3 Artikel · 9 Stimmen · Ja 5 · Nein 4")
    articles = blocks(report)
    assert list(articles) == ["rechnungen/e-rechnung/", "zugang/anmelden/", "statistik/auftragsstatistik/"]
    invoice = articles["rechnungen/e-rechnung/"]
    assert invoice[0] == (
        "  Ja: 1   Nein: 3   hilfreich: 25 %   Vorschlag geklickt: 0   letzte Stimme: 27.11.2026 10:05"
    )
    assert invoice[1] == "  Gründe: Nicht mehr aktuell oder fehlerhaft: 2 · Es fehlen Informationen: 1"
    assert articles["zugang/anmelden/"][0].startswith("  Ja: 3   Nein: 1   hilfreich: 75 %")
    assert articles["zugang/anmelden/"][1] == "  Gründe: Schwer verständlich: 1"
    assert articles["statistik/auftragsstatistik/"][0].startswith("  Ja: 1   Nein: 0   hilfreich: 100 %")
    assert articles["statistik/auftragsstatistik/"][1:] == ["  Gründe: –", "  Neueste Kommentare: –"]


def test_clicked_suggestions_are_a_column_also_for_articles_without_votes(record):
    from chalicelib.help import service

    record("zugang/anmelden/", False, "unverstaendlich")
    for _ in range(2):
        service.record_deflection(page="zugang/anmelden/", client_address="192.0.2.1")
    for _ in range(3):
        service.record_deflection(page="persoenliche-daten/bankverbindung/", client_address="192.0.2.2")

    report = feedback_report.build_report()

    assert report.splitlines()[1].startswith("2 Artikel · 1 Stimme · Ja 0 · Nein 1 · Vorschlag geklickt 5")
    articles = blocks(report)
    assert list(articles) == ["zugang/anmelden/", "persoenliche-daten/bankverbindung/"]
    assert "Vorschlag geklickt: 2" in articles["zugang/anmelden/"][0]
    assert articles["persoenliche-daten/bankverbindung/"] == [
        "  Ja: 0   Nein: 0   hilfreich: –   Vorschlag geklickt: 3   letzte Stimme: –",
        "  Gründe: –",
        "  Neueste Kommentare: –",
    ]


def test_the_five_newest_comments_are_shown_newest_first(record):
    for minute in range(7):
        record(
            "rechnungen/rechnungen-als-zip/",
            False,
            "unvollstaendig",
            comment=f"Kommentar Nummer {minute}",
            at=START + timedelta(minutes=minute),
        )
    record("rechnungen/rechnungen-als-zip/", True, at=START + timedelta(minutes=9))

    lines = blocks(feedback_report.build_report())["rechnungen/rechnungen-als-zip/"]

    start = lines.index("  Neueste Kommentare:")
    assert lines[start + 1 :] == [
        f"    27.11.2026 10:0{minute} (Nein, Es fehlen Informationen): Kommentar Nummer {minute}"
        for minute in (6, 5, 4, 3, 2)
    ]


def test_comments_cannot_smuggle_terminal_escapes_or_line_breaks(record):
    record("zugang/anmelden/", False, "sonstiges", comment="Erste Zeile\nzweite\x1b[2J\x1b[31mrot\x07")

    report = feedback_report.build_report()

    assert "\x1b" not in report
    assert "\x07" not in report
    assert "(Nein, Sonstiges): Erste Zeile zweite [2J [31mrot" in report


BIDI_CONTROLS = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
ZERO_WIDTH = [chr(code) for code in [*range(0x200B, 0x2010), 0x2060, 0xFEFF]]
HIDDEN = [*BIDI_CONTROLS, *ZERO_WIDTH, "\u061c", "\u00ad", "\U000e0041", "\x9b", "\r", "\x00"]


def test_comments_cannot_reorder_or_hide_text_with_bidi_or_invisible_characters(record, capsys):
    # "Trojan Source": U+202E shows "Rechnung 42 bezahlt" reversed; an isolate and zero-width characters
    # hide a word; a tag character spells invisible text.
    comment = (
        "\u202etlhazeb 24 gnunhceR\u202c prüfen."
        " \u2067Geheim\u2069 Ab\u200bbu\u200dchung\ufeff\u2060.\u200e\u200f"
        " \u202a\u202b\u202d\u2066\u2068Ende\U000e0041\u00ad\u061c\x9b31m\rneu"
    )
    record("zugang/anmelden/", False, "sonstiges", comment=comment)

    report = feedback_report.build_report()
    assert feedback_report.main([]) == 0
    printed = capsys.readouterr().out

    for text in (report, printed):
        assert not [hex(ord(char)) for char in HIDDEN if char in text]
        assert ("(Nein, Sonstiges): tlhazeb 24 gnunhceR prüfen. Geheim Abbuchung. Ende 31m neu") in text


def test_article_paths_and_reason_codes_from_the_tables_are_printed_clean_too():
    from chalicelib.feedback.service import ArticleFeedback

    vote = SimpleNamespace(created_at=START, helpful=False, reason="x\u202e\x1b[2Jy", comment="ok\u2066")
    article = ArticleFeedback(
        page="zugang/\u202eanmelden/\x1b]8;;http://evil.example\x07",
        yes=0,
        no=1,
        reasons={"x\u202e\x1b[2Jy": 1},
        last_vote_at=START,
        comments=[vote],
    )

    report = feedback_report.format_report([article], reason_labels={}, site_origin="https://kc.example")

    assert not [hex(ord(char)) for char in [*HIDDEN, "\x1b", "\x07"] if char in report]
    assert "zugang/anmelden/ ]8;;http://evil.example  https://kc.example/zugang/anmelden/ ]8;;" in report
    assert "  Gründe: x [2Jy: 1" in report
    assert "(Nein, x [2Jy): ok" in report


def test_long_comments_are_wrapped_and_kept_whole(record):
    words = " ".join(f"Wort{i}" for i in range(60))
    record("zugang/anmelden/", True, comment=words)

    lines = blocks(feedback_report.build_report())["zugang/anmelden/"]

    comment_lines = lines[lines.index("  Neueste Kommentare:") + 1 :]
    assert len(comment_lines) > 1
    assert all(len(line) <= feedback_report.WIDTH for line in comment_lines)
    assert comment_lines[0].startswith("    27.11.2026 10:00 (Ja): Wort0 Wort1")
    assert " ".join(line.strip() for line in comment_lines).endswith("Wort58 Wort59")


def test_without_votes_the_report_says_so(aws):
    assert feedback_report.build_report() == "Noch keine Rückmeldungen zu Hilfe-Artikeln.\n"


def test_main_prints_the_report_of_the_environment_it_runs_in(record, capsys):
    record("zugang/anmelden/", False, "veraltet", comment="Das Menü heißt inzwischen anders.")

    assert feedback_report.main([]) == 0

    out = capsys.readouterr().out
    assert "zugang/anmelden/  http://testserver.local/zugang/anmelden/" in out
    assert "Das Menü heißt inzwischen anders." in out


def test_without_a_running_stack_it_asks_to_start_make_run(tmp_path, capsys):
    assert feedback_report.main(["--env-file", str(tmp_path / "stack.env")]) == 1

    err = capsys.readouterr().err
    assert "Der lokale Stack läuft nicht" in err
    assert "`make run`" in err


def test_an_env_file_left_by_a_stopped_stack_is_not_used(tmp_path, capsys, monkeypatch):
    env_file = tmp_path / "stack.env"
    env_file.write_text("export KC_STACK_PID=999999999\nexport KC_TABLE_PREFIX=kc-local-\n", encoding="utf-8")
    monkeypatch.setenv("KC_TABLE_PREFIX", "kc-test-")

    assert feedback_report.main(["--env-file", str(env_file)]) == 1

    assert "läuft nicht mehr" in capsys.readouterr().err
    assert os.environ["KC_TABLE_PREFIX"] == "kc-test-"


def test_reads_the_env_file_the_local_stack_writes(tmp_path):
    from local.devserver import stack_environment, write_env_file
    from tools.stack_env import read_env_file

    variables = stack_environment(endpoint_url="http://127.0.0.1:4566", site_origin="http://127.0.0.1:8000")
    variables["KC_MAIL_FROM"] = "unicorn 2 Kundencenter <kundencenter@unicorn2.example>"
    write_env_file(tmp_path / "stack.env", variables)

    read = read_env_file(tmp_path / "stack.env")

    assert read["KC_STACK_PID"] == str(os.getpid())
    assert {name: read[name] for name in variables} == variables
