"""The two code zips of a stage (infra/package.py): the API's stays small because the PDF stack ships only
in the invoice-documents function's, and each runs on Python 3.12 from its own files alone."""

import base64
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from infra.package import DOCUMENTS_BOTOCORE_SERVICES, IMPORT_ENV, build_venv
from tests.infra.conftest import Package

pytestmark = [pytest.mark.xdist_group("infra-package"), pytest.mark.timeout(1800)]

API_ZIP_GOAL_MB = 25  # issue 11
PDF_STACK = ("fpdf/", "facturx/", "fontTools/", "PIL/", "pillow.libs/", "lxml/", "pypdf/")


def top_levels(zip_path: Path) -> set[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return {name.split("/")[0] + "/" for name in archive.namelist() if "/" in name}


def test_the_api_zip_leaves_the_pdf_stack_to_the_documents_function(packaged: Package) -> None:
    api = top_levels(packaged.zip_path)
    documents = top_levels(packaged.documents_zip_path)
    assert api & set(PDF_STACK) == set()
    assert set(PDF_STACK) <= documents
    assert packaged.zip_path.stat().st_size <= API_ZIP_GOAL_MB * 1_000_000
    with zipfile.ZipFile(packaged.documents_zip_path) as archive:
        names = set(archive.namelist())
    assert {"handler.py", "__pycache__/handler.cpython-312.pyc"} <= names
    assert "chalicelib/invoices/fonts/DejaVuSans.ttf" in names
    assert "chalicelib/invoices/__pycache__/rendering.cpython-312.pyc" in names
    assert not [name for name in names if name.startswith(("bin/", "share/"))]
    services = {n.split("/")[2] for n in names if n.startswith("botocore/data/") and n.count("/") > 3}
    assert services == DOCUMENTS_BOTOCORE_SERVICES


@pytest.fixture(scope="module")
def python312() -> str:
    venv_python = build_venv()
    return subprocess.run(
        [str(venv_python), "-c", "import sys; print(sys._base_executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def run_from(zip_path: Path, into: Path, python: str, code: str, stdin: str = "") -> str:
    """`code` in a fresh Python 3.12 that sees only the unpacked zip (no site-packages, as on Lambda)."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    env = {
        **IMPORT_ENV,
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_LAMBDA_FUNCTION_NAME": "kc-test",
        "KC_ORIGIN_SECRET_ID": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:o-AbC",
        "KC_DOCUMENTS_FUNCTION": "kc-test-invoice-documents",
    }
    result = subprocess.run(
        [python, "-S", "-c", f"import sys; sys.path.insert(0, '.')\n{code}"],
        cwd=into,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def an_invoice_item() -> dict:
    """bench/invoice_pdf.py's in-memory invoice (53,31 € gross, December 2026), as the API sends it."""
    from bench.invoice_pdf import invoice

    return invoice(42).to_dynamodb_dict()


def test_the_documents_function_renders_an_invoice_from_its_zip_alone(
    packages: dict[str, Package], python312: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    event = json.dumps({"invoice": an_invoice_item()})
    out = run_from(
        packages["prod"].documents_zip_path,
        tmp_path,
        python312,
        "import json, handler; print(json.dumps(handler.handler(json.loads(sys.stdin.read()), None)))",
        stdin=event,
    )
    pdf = base64.b64decode(json.loads(out)["pdf"])
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Rechnung 2026-000042" in text
    assert "53,31 €" in text
    assert "01.12.2026 – 31.12.2026" in text


def test_the_api_starts_from_its_zip_without_the_pdf_stack(
    packages: dict[str, Package], python312: str, tmp_path: Path
) -> None:
    out = run_from(
        packages["prod"].zip_path,
        tmp_path,
        python312,
        "import importlib.util, app, chalicelib.invoices.document, chalicelib.invoices.rendering\n"
        "print([m for m in ('fpdf', 'facturx', 'fontTools', 'PIL', 'lxml', 'pypdf') if importlib.util.find_spec(m)])\n"
        "print(sorted(r for r in app.app.routes if r.startswith('/api/invoices'))[:1])",
    )
    missing, routes = out.splitlines()
    assert missing == "[]"
    assert "/api/invoices" in routes


def test_the_dev_environment_pins_what_the_functions_ship() -> None:
    """Both functions' requirements, pinned as in pyproject.toml (the local stack and the tests run them)."""
    import tomllib

    from tests.infra.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        line.split("==")[0].lower(): line
        for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    }
    for function in ("portal", "documents"):
        lines = (ROOT / "functions" / function / "requirements.txt").read_text().splitlines()
        wanted = [line for line in lines if line and not line.startswith("#")]
        assert wanted
        for line in wanted:
            assert "==" in line, line
            assert pinned.get(line.split("==")[0].lower()) == line, (function, line)
