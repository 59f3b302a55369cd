"""`make billing-run`: the German summary and the hint when no local stack runs."""

from pathlib import Path


def test_the_summary_is_german():
    from tools.billing_run import format_summary

    text = format_summary(
        period="2027-01", created=2, skipped=1, gross_cents=14827, numbers=["2026-000014", "2026-000015"]
    )
    assert text == (
        "Abrechnungslauf Januar 2027 (2027-01)\n"
        "  Rechnungen erstellt:    2 (2026-000014 bis 2026-000015)\n"
        "  Übersprungen:           1 (für diesen Zeitraum schon abgerechnet)\n"
        "  Summe brutto (neu):     148,27 €\n"
    )


def test_without_a_running_stack_it_says_how_to_start_one(tmp_path: Path, capsys):
    from tools.billing_run import main

    assert main(["--env-file", str(tmp_path / "stack.env")]) == 1
    assert "make run" in capsys.readouterr().err


def test_it_bills_the_environment_it_runs_in(billing, capsys):
    from tests.portal.billing.conftest import open_contract
    from tools.billing_run import main

    open_contract("100001", "single", ["premium_service"])
    assert main(["--period", "2026-12"]) == 0  # KC_TABLE_PREFIX is set: the test tables
    assert "Rechnungen erstellt:    1 (2026-000001)" in capsys.readouterr().out
    assert main(["--period", "2026-1"]) == 1
    assert "ungültig" in capsys.readouterr().err
