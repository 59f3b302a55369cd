"""`make package STAGE=prod`: the stage's one CloudFormation template, its code zip and its site, in dist/<stage>/.

    python infra/package.py --stage prod [--site-url https://kundencenter.example.de/] [--out dist/prod]

1. Builds the site (mkdocs, strict) into <out>/site: deploy.sh syncs exactly these files.
2. `chalice package --merge-template infra/template.yaml` with Python 3.12 (a venv in .build/, made on first
   use): Chalice takes the Lambda runtime from the interpreter that runs it, and downloads the dependencies'
   wheels for it.
3. The invoice-documents function's own zip (documents.zip): functions/documents/requirements.txt (the PDF
   stack, wheels for Lambda's 3.12 on x86_64), its handler and a copy of chalicelib/; Chalice packages one
   zip per app, and the API's leaves the PDF stack out (DECISIONS.md, "Invoice documents").
4. Both zips get bytecode: every module compiled by 3.12 (unchecked-hash .pyc; the zip never changes after
   this, and Lambda's /var/task is read-only, so nothing would cache the compilation otherwise).
5. The template gets what only the built site knows: the sha256 hashes of its inline scripts in the CSP
   (script-src without 'unsafe-inline') and its pages in the site's CloudFront function (unknown pages get
   the 404 page).
"""

from __future__ import annotations

import argparse
import base64
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "functions" / "portal"
DOCUMENTS = ROOT / "functions" / "documents"
BUILD_VENV = ROOT / ".build" / "venv312"
BUILD_PYTHON = os.environ.get("KC_BUILD_PYTHON", "")  # a Python 3.12 interpreter; found when unset
RUNTIME = "python3.12"
# botocore's API models the functions use (boto3.client(...) in chalicelib and app.py, PynamoDB's dynamodb,
# Powertools' Tracer: xray; sts for credentials); the other ~400 services are 15 MB of the zip.
BOTOCORE_SERVICES = {"dynamodb", "lambda", "s3", "ses", "secretsmanager", "sts", "xray"}
# The documents function calls no AWS service; PynamoDB's model (never called there) keeps its import safe.
DOCUMENTS_BOTOCORE_SERVICES = {"dynamodb"}
# Wheels Lambda's python3.12 (Amazon Linux 2023, glibc 2.34, x86_64) runs, as Chalice asks for them.
LAMBDA_PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64")
# What pip's --target puts next to the packages that nothing imports (console scripts, man pages).
NOT_IMPORTED = ("bin", "share")
SCRIPT_SRC = "script-src 'self'"
PAGES_PLACEHOLDER = "var pages = {};"
# chalice imports app.py to read its routes; settings need a value for every variable (never shipped: the
# functions' environment comes from the template's Globals).
IMPORT_ENV = {
    "AWS_DEFAULT_REGION": "eu-central-1",
    "KC_TABLE_PREFIX": "kc-package-",
    "KC_SITE_ORIGIN": "https://package.invalid",
    "KC_MAIL_FROM": "package@package.invalid",
    "KC_INVOICE_BUCKET": "package",
    "KC_TICKET_BUCKET": "package",
    "KC_SUPPORT_ADDRESS": "package@package.invalid",
    "KC_AUTH_RESPONSE_FLOOR_MS": "0",
    "KC_LOCAL_DEV": "0",
    "KC_ORIGIN_SECRET_ID": "",
    "KC_DOCUMENTS_FUNCTION": "",
    "KC_PASSWORD_HASH_PROFILE": "owasp",
}


class _InlineScripts(HTMLParser):
    """The text of every <script> without src, as the browser hashes it (the raw characters)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP sources for every inline script of the built site, sorted (data blocks included: harmless)."""
    hashes = {
        script_hash(script)
        for page in site_dir.rglob("*.html")
        for script in inline_scripts(page.read_text(encoding="utf-8"))
    }
    return sorted(hashes)


def with_script_hashes(csp: str, hashes: list[str]) -> str:
    if SCRIPT_SRC not in csp or "'unsafe-inline'" in csp.split("script-src", 1)[1].split(";", 1)[0]:
        raise ValueError(f"expected {SCRIPT_SRC!r} without 'unsafe-inline' in the CSP: {csp}")
    return csp.replace(SCRIPT_SRC, " ".join([SCRIPT_SRC, *hashes]), 1)


def site_pages(site_dir: Path) -> list[str]:
    return sorted("/" + page.relative_to(site_dir).as_posix() for page in site_dir.rglob("*.html"))


def build_site(site_dir: Path, site_url: str | None) -> None:
    config = ROOT / "mkdocs.yml"
    generated = None
    if site_url:
        # A config next to mkdocs.yml (relative paths stay valid) that only changes site_url.
        generated = ROOT / f".mkdocs-package-{os.getpid()}.yml"
        generated.write_text(f"INHERIT: mkdocs.yml\nsite_url: {json.dumps(site_url)}\n", encoding="utf-8")
        config = generated
    try:
        subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
            [
                str(ROOT / ".venv" / "bin" / "mkdocs"),
                "build",
                "--strict",
                "-q",
                "-f",
                str(config),
                "-d",
                str(site_dir),
            ],
            cwd=ROOT,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    finally:
        if generated is not None:
            generated.unlink()


def build_python() -> str:
    """A Python 3.12 to package with: KC_BUILD_PYTHON, `python3.12` when it runs (a pyenv shim without an
    active 3.12 exits 127), or pyenv's own 3.12 install."""
    candidates = [BUILD_PYTHON] if BUILD_PYTHON else []
    candidates += [
        "python3.12",
        *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3.12"))),
    ]
    candidates += ["/usr/bin/python3.12", "/usr/local/bin/python3.12"]
    for candidate in candidates:
        try:
            result = subprocess.run(  # noqa: S603 (an interpreter asked for its version)
                [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if result.returncode == 0 and result.stdout.strip() == "True":
            return candidate
    raise SystemExit("make package: kein Python 3.12 gefunden (KC_BUILD_PYTHON=/pfad/zu/python3.12 setzen)")


def build_venv() -> Path:
    """The 3.12 interpreter with chalice and the function's requirements (chalice imports app.py)."""
    python = BUILD_VENV / "bin" / "python"
    stamp = BUILD_VENV / ".requirements"
    wanted = (PORTAL / "requirements.txt").read_text() + _chalice_requirement()
    if not python.exists():
        subprocess.run([build_python(), "-m", "venv", str(BUILD_VENV)], check=True)  # noqa: S603
    if not stamp.exists() or stamp.read_text() != wanted:
        subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                _chalice_requirement(),
                "-r",
                str(PORTAL / "requirements.txt"),
            ],
            check=True,
        )
        stamp.write_text(wanted)
    return python


def _chalice_requirement() -> str:
    import chalice

    return f"chalice=={chalice.__version__}"


def chalice_package(python: Path, stage: str, out: Path) -> Path:
    subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
        [
            str(python.parent / "chalice"), "package", "--stage", stage,
            "--merge-template", str(ROOT / "infra" / "template.yaml"), "--template-format", "yaml", str(out),
        ],
        cwd=PORTAL,
        check=True,
        env={**os.environ, **IMPORT_ENV},
    )  # fmt: skip
    return out / "sam.yaml"


def compile_zip(python: Path, zip_path: Path) -> None:
    """Rewrite the zip with every module's .pyc (3.12, unchecked-hash) next to its source."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(tree)
            modes = {info.filename: info.external_attr for info in archive.infolist()}
        compile_tree(python, tree, BOTOCORE_SERVICES)
        write_zip(tree, zip_path, modes)


def compile_tree(python: Path, tree: Path, services: set[str]) -> None:
    """Drop what nothing loads (old bytecode, unused botocore models), then compile every module."""
    for cache in list(tree.rglob("__pycache__")):
        shutil.rmtree(cache)
    for unused in prunable(tree, services):
        shutil.rmtree(unused)
    subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
        [
            str(python), "-m", "compileall", "-q", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
            "-s", str(tree), "-p", "/var/task", str(tree),
        ],
        check=False,  # a package's test data may hold Python 2 files: those stay uncompiled
    )  # fmt: skip


def write_zip(tree: Path, zip_path: Path, modes: dict[str, int] | None = None) -> None:
    """The tree as a reproducible zip (fixed dates, sorted); file modes from `modes`, else 0644."""
    if zip_path.exists():
        zip_path.unlink()
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(tree.rglob("*")):
            if path.is_dir():
                continue
            name = path.relative_to(tree).as_posix()
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (modes or {}).get(name, 0o644 << 16)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=6)


def documents_zip(python: Path, zip_path: Path) -> None:
    """The invoice-documents function's zip: its requirements as Lambda's wheels, handler.py, chalicelib/."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        platforms = [argument for platform in LAMBDA_PLATFORMS for argument in ("--platform", platform)]
        subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
            [
                str(python), "-m", "pip", "install", "--quiet", "--no-compile", "--target", str(tree),
                "--implementation", "cp", "--python-version", "3.12", "--only-binary=:all:", *platforms,
                "-r", str(DOCUMENTS / "requirements.txt"),
            ],
            check=True,
        )  # fmt: skip
        for unused in NOT_IMPORTED:
            shutil.rmtree(tree / unused, ignore_errors=True)
        shutil.copytree(
            PORTAL / "chalicelib", tree / "chalicelib", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copy(DOCUMENTS / "handler.py", tree / "handler.py")
        compile_tree(python, tree, DOCUMENTS_BOTOCORE_SERVICES)
        write_zip(tree, zip_path)


def prunable(tree: Path, services: set[str]) -> list[Path]:
    """Directories of the package tree nothing in the functions loads."""
    models = tree / "botocore" / "data"
    unused = [path for path in models.iterdir() if path.is_dir() and path.name not in services]
    # pycountry's translations (gettext .mo files, 7.7 MB zipped): nothing asks pycountry for them.
    locales = tree / "pycountry" / "locales"
    if locales.is_dir():
        unused.append(locales)
    return unused


def finish_template(template_path: Path, site_dir: Path) -> dict:
    template = yaml.safe_load(template_path.read_text())
    resources = template["Resources"]
    runtimes = {
        r["Properties"]["Runtime"] for r in resources.values() if r["Type"] == "AWS::Serverless::Function"
    }
    if runtimes != {RUNTIME}:
        raise SystemExit(f"functions packaged for {runtimes}, expected {RUNTIME}")
    csp = resources["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]["ContentSecurityPolicy"]
    csp["ContentSecurityPolicy"] = with_script_hashes(
        csp["ContentSecurityPolicy"], inline_script_hashes(site_dir)
    )
    function = resources["SiteRequestFunction"]["Properties"]
    if PAGES_PLACEHOLDER not in function["FunctionCode"]:
        raise SystemExit(f"SiteRequestFunction: {PAGES_PLACEHOLDER!r} not found")
    pages = json.dumps(dict.fromkeys(site_pages(site_dir), 1), separators=(",", ":"))
    function["FunctionCode"] = function["FunctionCode"].replace(PAGES_PLACEHOLDER, f"var pages = {pages};")
    template_path.write_text(yaml.safe_dump(template, allow_unicode=True, sort_keys=False))
    return template


def package(stage: str, out: Path, site_url: str | None, site_dir: Path | None = None) -> Path:
    """Everything of one stage in `out`: template.yaml, deployment.zip, documents.zip, site/. Returns the
    template."""
    out.mkdir(parents=True, exist_ok=True)
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)
    if site_dir is None:
        build_site(site, site_url)
    else:
        shutil.copytree(site_dir, site)
    python = build_venv()
    with tempfile.TemporaryDirectory() as tmp:
        sam = chalice_package(python, stage, Path(tmp) / "chalice")
        compile_zip(python, sam.parent / "deployment.zip")
        documents_zip(python, sam.parent / "documents.zip")
        finish_template(sam, site)
        shutil.copy(sam.parent / "deployment.zip", out / "deployment.zip")
        shutil.copy(sam.parent / "documents.zip", out / "documents.zip")
        shutil.copy(sam, out / "template.yaml")
    return out / "template.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=["dev", "prod"])
    parser.add_argument("--out", type=Path, help="default: dist/<stage>")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or None)
    parser.add_argument("--site-dir", type=Path, help="an already built site instead of building it")
    args = parser.parse_args()
    out = args.out or ROOT / "dist" / args.stage
    template = package(args.stage, out.resolve(), args.site_url, args.site_dir)
    zip_size = (out / "deployment.zip").stat().st_size
    documents_size = (out / "documents.zip").stat().st_size
    print(
        f"{template}, deployment.zip ({zip_size / 1e6:.1f} MB), documents.zip ({documents_size / 1e6:.1f} MB)"
        f" and site/ in {out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
