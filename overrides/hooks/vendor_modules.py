"""MkDocs hook: browser ES modules from npm packages, served from our own origin (no CDN).

The packages listed in package.json's `dependencies` (not the test-only `devDependencies`) are
installed by `npm ci` (`make deps`); each module named in VENDOR_MODULES is taken from node_modules
as `assets/javascripts/vendor/<name>.js`, the address the portal's sources import it from. The next hook,
portal_bundle.py, bundles them with esbuild into the pages that use them (and serves no copy of its own).
A missing module stops the build, so a page never ships a broken import. A package that ships no ES module
(UMD only, as lunr) is listed in UMD_MODULES: its file is wrapped so that it becomes one, with the
package's export as the module's default export.
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
# site path -> UMD file in node_modules, served as an ES module with a default export
UMD_MODULES = {
    "lunr.js": "lunr/lunr.min.js",  # help suggestions on the ticket form, portal/suggest.js (MIT)
}
# A UMD file takes its CommonJS branch when `module` and `exports` exist (`this` is undefined in a module).
UMD_HEAD = b"const module = { exports: {} };\nconst exports = module.exports;\n"
UMD_TAIL = b"\nexport default module.exports;\n"


def _read(source: str) -> bytes:
    path = ROOT / "node_modules" / source
    if not path.is_file():
        raise PluginError(f"{path} fehlt: bitte zuerst `make deps` (npm ci) ausführen.")
    return path.read_bytes()


def on_files(files: Any, *, config: Any) -> Any:
    for name, source in VENDOR_MODULES.items():
        files.append(File.generated(config, f"assets/javascripts/vendor/{name}", content=_read(source)))
    for name, source in UMD_MODULES.items():
        content = UMD_HEAD + _read(source) + UMD_TAIL
        files.append(File.generated(config, f"assets/javascripts/vendor/{name}", content=content))
    return files
