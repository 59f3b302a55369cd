"""The Lambda package of the API: size, and cold import time on Python 3.12 with and without .pyc.

Also prints the size of the invoice-documents function's zip (the PDF stack ships only there: DECISIONS.md,
"Invoice documents in a function of their own") and, from that zip alone, its cold import and the render
of one invoice (median CPU time; it is not compared with the bare app: it only runs to render).

Packages the prod stage as `make package` does (infra/package.py: chalice package with Python 3.12, the
unused botocore models and pycountry translations left out, .pyc compiled in), and a bare Chalice app with
boto3 packaged the same way. Prints both zips' size zipped and unzipped, then the median CPU time (N runs,
default 7, interleaved; a busy machine disturbs CPU time far less than wall time) of `import app` from the
unpacked zip in a fresh Python 3.12 (no site-packages; read-only like /var/task: nothing is written), for
each zip with its .pyc and with the .pyc removed. Goals (issue 11): <= 25 MB zipped, import <= 1.2x bare.

Usage: .venv/bin/python bench/package_size.py [runs] [--dist dist/prod]  (--dist: measure an existing package)
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_time import BARE_APP  # noqa: E402
from bench.import_time import GOAL as GOAL_RATIO  # noqa: E402
from infra.package import IMPORT_ENV, build_venv, compile_zip, package  # noqa: E402

GOAL_MB = 25
RENDER_PROBE = (
    "import sys, time, json; sys.path.insert(0, '.'); event = json.loads(sys.stdin.read()); "
    "c = time.process_time(); import handler; i = time.process_time(); handler.handler(event, None); "
    "print(i - c, time.process_time() - i)"
)
PROBE = (
    "import sys, time; sys.path.insert(0, '.'); c = time.process_time(); import app; "
    "print(time.process_time() - c)"
)


def sizes(zip_path: Path) -> tuple[float, float]:
    with zipfile.ZipFile(zip_path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    return zip_path.stat().st_size / 1e6, unzipped / 1e6


def bare_package(python: Path, out: Path) -> Path:
    project = out / "bare"
    (project / ".chalice").mkdir(parents=True)
    (project / "app.py").write_text(BARE_APP)
    boto3 = next(
        line
        for line in (ROOT / "functions/portal/requirements.txt").read_text().splitlines()
        if line.startswith("boto3==")
    )
    (project / "requirements.txt").write_text(boto3 + "\n")
    (project / ".chalice" / "config.json").write_text(
        '{"version": "2.0", "app_name": "bare", "stages": {"dev": {"api_gateway_stage": "api"}}}'
    )
    subprocess.run(
        [str(python.parent / "chalice"), "package", str(out / "bare-package")],
        cwd=project,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    zip_path = out / "bare-package" / "deployment.zip"
    compile_zip(python, zip_path)
    return zip_path


def unpack(zip_path: Path, into: Path, with_pyc: bool) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    if not with_pyc:
        for cache in list(into.rglob("__pycache__")):
            shutil.rmtree(cache)
    return into


def probe_env() -> dict[str, str]:
    """What a probe's fresh interpreter gets: the settings' variables, nothing of this machine's Python."""
    return {**IMPORT_ENV, "PATH": os.environ["PATH"], "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}


def import_seconds(python: str, directory: Path) -> float:
    env = probe_env()
    result = subprocess.run(
        [python, "-S", "-c", PROBE], cwd=directory, env=env, capture_output=True, text=True, check=True
    )
    return float(result.stdout.split()[-1])


def render_seconds(python: str, directory: Path) -> tuple[float, float]:
    """The documents function's import and one render, in a fresh Python 3.12 (bench/invoice_pdf.py's
    invoice, sent as the API sends it)."""
    from bench.invoice_pdf import invoice

    env = probe_env()
    event = json.dumps({"invoice": invoice(1).to_dynamodb_dict()})
    result = subprocess.run(
        [python, "-S", "-c", RENDER_PROBE],
        cwd=directory,
        env=env,
        input=event,
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = result.stdout.split()[-2:]
    return float(first), float(second)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=7)
    parser.add_argument("--dist", type=Path, help="an existing package directory (make package)")
    args = parser.parse_args()
    python = build_venv()
    base_python = subprocess.run(
        [str(python), "-c", "import sys; print(sys._base_executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dist = args.dist or work / "prod"
        if not args.dist:
            package("prod", dist, None, site_dir=ROOT / "site")
        portal_zip = dist / "deployment.zip"
        bare_zip = bare_package(python, work)
        for name, zip_path in (
            ("portal", portal_zip),
            ("invoice-documents", dist / "documents.zip"),
            ("bare Chalice + boto3", bare_zip),
        ):
            zipped, unzipped = sizes(zip_path)
            print(f"{name:22} zip {zipped:6.1f} MB   unzipped {unzipped:6.1f} MB")
        zipped, _ = sizes(portal_zip)
        print(f"goal <= {GOAL_MB} MB zipped: {'met' if zipped <= GOAL_MB else 'NOT met'}")
        trees = {
            (name, with_pyc): unpack(zip_path, work / f"{name}-{with_pyc}", with_pyc)
            for name, zip_path in (("portal", portal_zip), ("bare", bare_zip))
            for with_pyc in (True, False)
        }
        for tree in trees.values():  # warm the file cache, check it imports
            import_seconds(base_python, tree)
        times: dict[tuple[str, bool], list[float]] = {key: [] for key in trees}
        for _ in range(args.runs):
            for key, tree in trees.items():
                times[key].append(import_seconds(base_python, tree))
        median = {key: statistics.median(values) for key, values in times.items()}
        print(f"cold import on {Path(base_python).name} (median CPU time of {args.runs} runs):")
        for with_pyc in (True, False):
            label = "with .pyc" if with_pyc else "without .pyc"
            portal, bare = median[("portal", with_pyc)], median[("bare", with_pyc)]
            print(
                f"  {label:13} portal {portal * 1000:6.0f} ms   bare {bare * 1000:6.0f} ms   ratio {portal / bare:4.2f}x"
            )
        ratio = median[("portal", True)] / median[("bare", True)]
        print(f"goal <= {GOAL_RATIO}x with .pyc: {'met' if ratio <= GOAL_RATIO else 'NOT met'}")
        documents = unpack(dist / "documents.zip", work / "documents", with_pyc=True)
        renders = [render_seconds(base_python, documents) for _ in range(args.runs + 1)][1:]
        imported = statistics.median(first for first, _ in renders)
        rendered = statistics.median(second for _, second in renders)
        print(
            f"invoice-documents from its zip: import {imported * 1000:.0f} ms, "
            f"one invoice rendered {rendered * 1000:.0f} ms (median CPU time of {args.runs} runs)"
        )


if __name__ == "__main__":
    main()
