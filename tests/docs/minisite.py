"""Small throwaway sites built with the project's real mkdocs.yml, hooks, theme overrides and plugins."""

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.docs.hooks import PROJECT_DIR


def config_without_nav() -> str:
    """The project's mkdocs.yml without its `nav:` block (which names the real articles) and without the
    portal's navigation (extra.portal_nav, which names the real portal pages)."""
    text = (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^  portal_nav:\n(?:(?:[ \t]{3,}.*|[ \t]*)\n)*", "", text, flags=re.MULTILINE)
    return re.sub(r"^nav:\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", text, flags=re.MULTILINE)


def write_project(root: Path, tree: dict[str, str]) -> Path:
    """A project folder: the real mkdocs.yml (minus nav), a link to the real overrides/, and `tree` as docs/."""
    (root / "mkdocs.yml").write_text(config_without_nav(), encoding="utf-8")
    (root / "overrides").symlink_to(PROJECT_DIR / "overrides", target_is_directory=True)
    for name, text in tree.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    site_dir: Path


def build(root: Path, site_dir: Path | None = None) -> BuildResult:
    """`mkdocs build --strict` in root, as CI runs it (into root/site unless told otherwise)."""
    site_dir = site_dir or root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site_dir)
