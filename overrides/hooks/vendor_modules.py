"""MkDocs hook: browser ES modules from npm packages, served from our own origin (no CDN).

The packages listed in package.json's `dependencies` (not the test-only `devDependencies`) are
installed by `npm ci` (`make deps`); each module named in VENDOR_MODULES is copied from node_modules
into the site at `assets/javascripts/vendor/<name>.js`, where the portal pages import it. A missing
module stops the build, so a page never ships a broken import.
"""

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
# site path under assets/javascripts/vendor/ -> file in node_modules (an ES module without imports)
VENDOR_MODULES = {
    "uqr.js": "uqr/dist/index.mjs",  # QR codes for the two-factor setup (MIT)
    "chartist.js": "chartist/dist/index.js",  # SVG charts of the Statistik page (MIT)
}


def on_files(files: Any, *, config: Any) -> Any:
    for name, source in VENDOR_MODULES.items():
        path = ROOT / "node_modules" / source
        if not path.is_file():
            raise PluginError(f"{path} fehlt: bitte zuerst `make deps` (npm ci) ausführen.")
        files.append(File.generated(config, f"assets/javascripts/vendor/{name}", content=path.read_bytes()))
    return files
