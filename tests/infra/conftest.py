"""The stages' packages (infra/package.py: `chalice package --merge-template`, Python 3.12), made once per
session in a temporary directory from the site the test run built (`make test` builds site/ first)."""

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parents[2]
STAGES = ("dev", "prod")


class Package:
    def __init__(self, stage: str, out: Path) -> None:
        self.stage = stage
        self.out = out
        self.template_path = out / "template.yaml"
        self.template: dict[str, Any] = yaml.safe_load(self.template_path.read_text())
        self.resources: dict[str, Any] = self.template["Resources"]
        self.zip_path = out / "deployment.zip"
        self.documents_zip_path = out / "documents.zip"
        self.site = out / "site"


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Package]:
    from infra.package import package

    site = ROOT / "site"
    if not (site / "index.html").is_file():
        subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "--strict", "-q"], cwd=ROOT, check=True)
    built = {}
    for stage in STAGES:
        out = tmp_path_factory.mktemp(f"package-{stage}")
        package(stage, out, None, site_dir=site)
        built[stage] = Package(stage, out)
    return built


@pytest.fixture(params=STAGES)
def packaged(request: pytest.FixtureRequest, packages: dict[str, Package]) -> Package:
    return packages[request.param]
