"""MkDocs hook: the Kundencenter's own navigation ("Reiter"), kept in one place.

mkdocs.yml lists the portal's sections under `extra.portal_nav`, one `Label: page` per line, in the
order customers see them (an entry is added when its page exists):

    extra:
      portal_nav:
        - Übersicht: kundencenter/index.md
        - Rechnungen: kundencenter/rechnungen.md

Templates read the resolved list as `kc_portal_nav` (label, url relative to the site root, active):
portal.html renders it as the sidebar (the drawer on a phone), main.html hands it to the header's
account menu ("Kundenbereich"). The build stops when an entry names a page that does not exist, is not
a portal page, is a page of the support team (kundencenter/team/), is listed twice, or also appears in
the help center's `nav:` (help sections and portal pages never share one navigation).
"""

from typing import Any

from mkdocs.exceptions import PluginError

PORTAL_DIR = "kundencenter/"
TEAM_DIR = "kundencenter/team/"
PORTAL_TEMPLATE = "portal.html"


class _State:
    entries: list[tuple[str, Any]] = []  # noqa: RUF012 - (label, File); reset in on_files


def _fail(message: str) -> PluginError:
    return PluginError(f"mkdocs.yml extra.portal_nav: {message}")


def configured_entries(config: Any) -> list[tuple[str, str]]:
    """`extra.portal_nav` as (label, docs path) pairs; PluginError for a malformed entry."""
    extra = config.get("extra") or {}
    if "portal_nav" not in extra:
        return []  # a site without the Kundencenter (the test suite's small sites)
    raw = extra["portal_nav"]
    if not isinstance(raw, list) or not raw:
        raise _fail("ist leer (eine Liste aus „- Bezeichnung: kundencenter/seite.md“).")
    entries: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, dict) or len(item) != 1:
            raise _fail(f"„{item}“ ist kein Eintrag der Form „- Bezeichnung: kundencenter/seite.md“.")
        ((label, path),) = item.items()
        if not str(label).strip() or not isinstance(path, str) or not path.strip():
            raise _fail(f"„{item}“ braucht eine Bezeichnung und einen Seitenpfad.")
        entries.append((str(label).strip(), path.strip().lstrip("/")))
    return entries


def _help_nav_paths(nav: Any) -> set[str]:
    paths: set[str] = set()
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, str):
            paths.add(item.lstrip("/"))
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    paths.add(value.lstrip("/"))
                else:
                    paths |= _help_nav_paths(value)
    return paths


def resolve(config: Any, files: Any) -> list[tuple[str, Any]]:
    """The configured entries with their files; PluginError for any entry that cannot be a portal section."""
    entries = configured_entries(config)
    in_help_nav = _help_nav_paths(config.get("nav"))
    labels: set[str] = set()
    resolved: list[tuple[str, Any]] = []
    for label, path in entries:
        if not path.startswith(PORTAL_DIR) or path.startswith(TEAM_DIR):
            raise _fail(
                f"„{label}: {path}“ – nur Seiten unter docs/{PORTAL_DIR} (ohne {TEAM_DIR}) gehören in die "
                "Navigation des Kundencenters."
            )
        file = files.get_file_from_path(path)
        if file is None:
            raise _fail(f"„{label}: {path}“ – die Seite docs/{path} gibt es nicht.")
        if label.casefold() in labels:
            raise _fail(f"„{label}“ steht zweimal in der Liste.")
        if path in in_help_nav:
            raise _fail(
                f"„{label}: {path}“ steht auch in der Hilfe-Navigation (nav:). Seiten des Kundencenters "
                "gehören nur in extra.portal_nav."
            )
        labels.add(label.casefold())
        resolved.append((label, file))
    return resolved


def on_files(files: Any, *, config: Any) -> Any:
    _State.entries = resolve(config, files)
    return files


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    if any(file is page.file for _, file in _State.entries) and page.meta.get("template") != PORTAL_TEMPLATE:
        raise _fail(
            f"docs/{page.file.src_uri} ist keine Seite des Kundencenters (template: {PORTAL_TEMPLATE})."
        )
    return markdown


def portal_nav(page: Any) -> list[dict[str, Any]]:
    """The sections for templates: label, url (relative to the site root, '' for the home), active."""
    return [
        {"label": label, "url": file.url, "active": page is not None and file is page.file}
        for label, file in _State.entries
    ]


def on_page_context(context: dict[str, Any], *, page: Any, config: Any, nav: Any) -> dict[str, Any]:
    context["kc_portal_nav"] = portal_nav(page)
    context["kc_portal_section"] = any(file is page.file for _, file in _State.entries)
    return context


def on_template_context(context: dict[str, Any], *, template_name: str, config: Any) -> dict[str, Any]:
    """Pages without a Markdown source (404.html) get the list too: the header's menu needs it."""
    context["kc_portal_nav"] = portal_nav(None)
    context["kc_portal_section"] = False
    return context
