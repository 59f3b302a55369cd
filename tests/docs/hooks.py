"""Import the site's MkDocs hooks (overrides/hooks/*.py) the way MkDocs does: their folder on sys.path."""

import importlib
import sys
from pathlib import Path
from types import ModuleType

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOOKS_DIR = PROJECT_DIR / "overrides" / "hooks"


def load_hook(name: str) -> ModuleType:
    if str(HOOKS_DIR) not in sys.path:
        sys.path.insert(0, str(HOOKS_DIR))
    return importlib.import_module(name)


def doc_files(*src_uris: str) -> object:
    """A MkDocs Files collection with these doc files (they need not exist on disk)."""
    from mkdocs.structure.files import File, Files

    return Files(
        [File(uri, "/nonexistent/docs", "/nonexistent/site", use_directory_urls=True) for uri in src_uris]
    )


def mkdocs_config() -> dict[str, object]:
    """The project's mkdocs.yml as plain data (tags like !ENV or !!python/name read as None)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    text = (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    assert isinstance(config, dict)
    return config
