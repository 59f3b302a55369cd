"""`make invoice-correction`: corrects an invoice of the environment it runs in, German summary and errors."""

from pathlib import Path

from tests.portal.invoices.conftest import issue


def test_without_a_running_stack_it_says_how_to_start_one(tmp_path: Path, capsys):
    from tools.correction import main

    argv = ["--customer", "100001", "--invoice", "2026-000001", "--reason", "Storno"]
    assert main([*argv, "--env-file", str(tmp_path / "stack.env")]) == 1
    err = capsys.readouterr().err
    assert "make run" in err
    assert "make invoice-correction" in err


def test_it_corrects_an_invoice_and_refuses_more_than_is_left(billing, capsys):
    from chalicelib.models import Invoice
    from tools.correction import main

    issue(month=11)
    argv = ["--customer", "100001", "--invoice", "2026-000001", "--reason", "Kulanz: Ausfall am 12.11.2026"]
    assert main([*argv, "--net-cents", "1000"]) == 0  # KC_TABLE_PREFIX is set: the test tables
    assert capsys.readouterr().out == (
        "Rechnungskorrektur 2026-000002 zu Rechnung 2026-000001 (Kundennummer 100001)\n"
        "  Betrag brutto:          -11,90 €\n"
        "  Noch korrigierbar:      39,87 €\n"
    )
    assert main(argv) == 1  # a Storno of all 51,77 € no longer fits
    assert "noch korrigierbaren Betrag der Rechnung 2026-000001 von 39,87 €" in capsys.readouterr().err
    assert main([*argv, "--lines", "1,x"]) == 1
    assert "keine Positionen" in capsys.readouterr().err
    assert main(["--customer", "100001", "--invoice", "2026-000099", "--reason", "x"]) == 1
    assert "Diese Rechnung wurde nicht gefunden." in capsys.readouterr().err
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001", "2026-000002"]


def test_a_failed_pdf_names_the_key_that_completes_the_same_correction(billing, capsys, monkeypatch):
    from chalicelib.invoices import service
    from chalicelib.invoices.rendering import RenderFailed
    from chalicelib.models import Invoice
    from tools.correction import main

    issue(month=11)

    def failed(invoice):
        raise RenderFailed("invoice-documents (Unhandled)")

    monkeypatch.setattr(service, "store_pdf", failed)
    argv = ["--customer", "100001", "--invoice", "2026-000001", "--reason", "Kulanz", "--net-cents", "500"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "ist ausgestellt, ihr PDF konnte aber nicht erzeugt werden" in err
    key = err.split("--key ")[1].split(":")[0]
    monkeypatch.undo()
    assert main([*argv, "--key", key]) == 0
    assert "Rechnungskorrektur 2026-000002" in capsys.readouterr().out
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001", "2026-000002"]
    assert Invoice.get("100001", "2026-000002").pdf_stored_at is not None
