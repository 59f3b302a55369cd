"""MkDocs hook: editor checks. The build stops at the first broken rule with `docs/<file>.md:<line>: <message>`.

Rules, in the order they are checked for each page:

1. Front matter: every page needs `title` and `description` (at most 160 characters); articles
   also need `tags` (each listed in overrides/hooks/tags.yml); `related:` entries must exist.
2. In the text (code excluded), reported top to bottom: links to other doc files and their anchors
   resolve, images have alt text, readers are addressed formally ("Sie"), no placeholder text, and
   no word the word list (REDAKTION.md, "Wortliste") forbids: `WORD_RULES` below, which
   tests/docs/test_customer_wording.py also applies to the portal's JavaScript strings and the mails.

Anchors can only be checked once every page is rendered, so those are checked in `on_env`.
"""

import difflib
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from kc_markdown import FRONT_MATTER_RE, LineIndex, blank, is_article, mask_code, mask_front_matter
from mkdocs.exceptions import PluginError

TAGS_FILE = Path(__file__).with_name("tags.yml")
# libyaml's safe loader when PyYAML has it (several times faster on a thousand pages).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DESCRIPTION = 160

# Informal address: "du" and its forms, "ihr" as plural "you" is not flagged (it is also the formal "Ihr").
INFORMAL_FORMS = {
    "du": "Sie",
    "dich": "Sie",
    "dir": "Ihnen",
    "dein": "Ihr",
    "deine": "Ihre",
    "deinen": "Ihren",
    "deinem": "Ihrem",
    "deiner": "Ihrer",
    "deines": "Ihres",
    "euch": "Sie bzw. Ihnen",
    "euer": "Ihr",
    "eure": "Ihre",
    "euren": "Ihren",
    "eurem": "Ihrem",
    "eurer": "Ihrer",
    "eures": "Ihres",
}
INFORMAL_RE = re.compile(r"(?<![\w-])(" + "|".join(INFORMAL_FORMS) + r")(?![\w-])", re.IGNORECASE)
PLACEHOLDER_RE = re.compile(
    r"(?<![\w-])(TODO|FIXME|TBD|XXX|Lorem ipsum|Platzhalter|hier Text)(?![\w-])", re.IGNORECASE
)


@dataclass(frozen=True)
class WordRule:
    """A forbidden variant of the word list (REDAKTION.md, "Wortliste") and what to write instead."""

    pattern: re.Pattern[str]
    use: str


def _rule(pattern: str, use: str, flags: int = 0) -> WordRule:
    return WordRule(re.compile(pattern, flags), use)


_NUMBER_WORDS = (
    "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig|fünfzig|sechzig"
)
_UNITS = (
    "Minuten|Stunden|Tage|Tagen|Bankarbeitstage|Bankarbeitstagen|Werktage|Werktagen|Wochen|Monate|Monaten|"
    "Jahre|Jahren|Zeichen|Ziffern|Stellen|Installationen|Versuche|Versuchen|Fehlversuche|Fehlversuchen|"
    "E-Mail-Adressen|Telefonnummern|Codes|Wiederherstellungscodes|Geräte|Geräten|Prozent"
)
# The word list, enforced. Each pattern is case-sensitive on purpose: in the portal's JavaScript,
# lower-case "login" or "session" are identifiers and API paths, never text a customer reads.
# "Login" stays only as the name of what one signs in with, in two fixed names: the page
# "Login vergessen" (a contract: /kundencenter/login-vergessen/, /zugang/login-vergessen/, the tag)
# and "Login-E-Mail-Adresse" (the section under Persönliche Daten).
WORD_RULES: tuple[WordRule, ...] = (
    # Zugangsdaten, anmelden, Login
    _rule(
        r"(?<![\w-])(?:Log-?[Ii]n-?[Dd]aten|Anmeldedaten|Anmelde-Daten|Zugangsinformationen)(?![\w])",
        "Zugangsdaten",
    ),
    _rule(
        r"(?<![\w-])(?:Log-?[Ii]n-(?:Mail|E-Mail)(?!-Adresse)|Log-?[Ii]n-?[Aa]dressen?|Anmelde-?E-Mail-Adressen?)(?![\w])",
        "Login-E-Mail-Adresse",
    ),
    _rule(
        r"(?<![\w-])(?:Benutzer|Nutzer|Anmelde|User|Log-?[Ii]n-?)[Nn]ame(?:ns?)?(?![\w])",
        "E-Mail-Adresse oder Kundennummer",
    ),
    _rule(
        r"(?<![\w-])(?:[Ee]in(?:zu)?loggen|[Ee]ingeloggt|[Ee]inlogg(?:e|t|en|st)|Sign-[Ii]n)(?![\w])",
        "anmelden bzw. Anmeldung",
    ),
    _rule(
        r"(?<![\w-])(?:[Aa]us(?:zu)?loggen|[Aa]usgeloggt|Log-?[Oo]ut|Sign-[Oo]ut)(?![\w])",
        "abmelden bzw. Abmeldung",
    ),
    _rule(
        r"(?<![\w-])(?:Login|Log-in|Log-In|LOGIN)(?![\w])(?! vergessen)(?!-E-Mail-Adresse)",
        "Zugangsdaten (E-Mail-Adresse oder Kundennummer und Passwort), Anmeldung (der Vorgang) oder "
        "E-Mail-Adresse oder Kundennummer; „Login“ nur in „Login vergessen“ und „Login-E-Mail-Adresse“",
    ),
    _rule(r"(?<![\w-])[Kk]ennw(?:o|ö)rt\w*", "Passwort"),
    # Gerät
    _rule(
        r"(?<![\w-])[\w-]*?[Ss]itzung[\w-]*|(?<![\w-])Sessions?(?![a-zA-Z])",
        "Gerät (angemeldete Geräte, Gerät abmelden) bzw. Anmeldung (Ihre Anmeldung ist abgelaufen)",
    ),
    _rule(
        r"(?:[Aa]ngemeldete[nrms]?|[Aa]lle(?:n)? anderen|[Dd]iese[nrms]?) Browser(?![\w-])"
        r"|(?<![\w-])Browser (?:abmelden|(?:wurden?|ist|sind) (?:ab|an)gemeldet)",
        "Gerät (für einen angemeldeten Browser; „Browser“ nur für das Programm)",
    ),
    # Single-Lizenz, Multi-Lizenz
    _rule(
        r"(?<![\w-])(?:(?:Single|single|SINGLE)(?:[ ]?[Ll]|-l)izenz|Singlelizenz|Einzellizenz|Single-Licen[cs]e)\w*",
        "Single-Lizenz",
    ),
    _rule(
        r"(?<![\w-])(?:(?:Multi|multi|MULTI)(?:[ ]?[Ll]|-l)izenz|Multilizenz|Mehrfachlizenz|Multi-Licen[cs]e)\w*",
        "Multi-Lizenz",
    ),
    # Anrede and Grußformel
    _rule(
        r"(?<![\w-])(?:Sehr geehrte[rns]?|Hallo|Liebe[r]? (?:Kundin|Kunde|Kunden|Frau|Herr))(?![\w-])",
        "Guten Tag Frau Mustermann, (mit Namen) bzw. Guten Tag, (ohne Namen)",
    ),
    _rule(r"Guten Tag, (?=\S)", "Guten Tag Frau Mustermann (kein Komma zwischen „Guten Tag“ und dem Namen)"),
    _rule(
        r"(?<![\w-])(?:Mit freundlichen Grüßen|Viele Grüße|Beste Grüße|Herzliche Grüße|Mit besten Grüßen)"
        r"|Ihr unicorn(?:-Team| 2 Team| 2 Support\b| 2 Support-Team)",
        "Freundliche Grüße / Ihr unicorn 2 Kundenservice",
    ),
    # Zahlen
    _rule(
        rf"(?<![\w-])(?:{_NUMBER_WORDS})\s+(?:{_UNITS})(?![\w-])",
        "Ziffern für Fristen, Dauer, Grenzen und Mengen, z. B. „5 Bankarbeitstage“, „10 Jahre“",
        re.IGNORECASE,
    ),
    _rule(r"\d%", "ein Leerzeichen vor dem Prozentzeichen, z. B. „19 %“"),
    _rule(
        r"\d ?(?:EUR|Euro)(?![\w-])|(?<![\w-])(?:EUR|€) ?\d|\d€|(?<![\d.,])\d+\.\d\d ?€",
        "Beträge mit Komma, Leerzeichen und Eurozeichen dahinter, z. B. „29,90 €“",
    ),
    _rule(
        r"(?<![\d.,-])\d{5,}(?= (?:Bestellungen|Aufträge|Einträge|Zeichen|Installationen|€))",
        "einen Punkt als Tausendertrenner, z. B. „19.000 Bestellungen“",
    ),
)

INLINE_LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(?P<target><[^>\n]*>|[^\s)]*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
REFERENCE_DEF_RE = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<target><[^>\n]*>|\S+)", re.MULTILINE
)
AUTOLINK_RE = re.compile(r"<(?:https?|mailto|tel):[^>\s]*>|\bhttps?://[^\s)<>\]]+", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"(?P<comment><!--.*?-->)|<[a-zA-Z/][^>]*>", re.DOTALL)
ATTR_LIST_RE = re.compile(r"\{:?[ \t]*[#.:\w][^}\n]*\}")
HTML_ID_RE = re.compile(r"""\sid=["']([^"']+)["']""")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass(frozen=True)
class AnchorLink:
    src_uri: str
    line: int
    link: str
    target_uri: str
    anchor: str


class _State:
    allowed_tags: list[str] = []  # noqa: RUF012 - reset in on_config
    anchor_links: list[AnchorLink] = []  # noqa: RUF012


def on_config(config: Any) -> None:
    _State.allowed_tags = load_allowed_tags()
    _State.anchor_links = []


def load_allowed_tags(path: Path = TAGS_FILE) -> list[str]:
    tags = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise PluginError(f"{path.name}: erwartet wird eine Liste von Schlagwörtern.")
    return tags


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    src_uri = page.file.src_uri
    problems, anchor_links = check_source(
        page.file.content_string, src_uri=src_uri, files=files, allowed_tags=_State.allowed_tags
    )
    if problems:
        raise PluginError(f"docs/{src_uri}:{problems[0].line}: {problems[0].message}")
    _State.anchor_links.extend(anchor_links)
    return markdown


def on_env(env: Any, *, config: Any, files: Any) -> Any:
    # Plugins may add anchors after rendering (the tags plugin fills its listings, with an id per
    # tag, in its own on_env, which runs earlier); count them, also for MkDocs' own anchor check.
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.content and page.present_anchor_ids is not None:
            page.present_anchor_ids |= set(HTML_ID_RE.findall(page.content))
    for link in _State.anchor_links:
        problem = check_anchor(link, files)
        if problem:
            raise PluginError(f"docs/{link.src_uri}:{link.line}: {problem}")
    return env


def check_source(
    source: str, *, src_uri: str, files: Any, allowed_tags: list[str]
) -> tuple[list[Problem], list[AnchorLink]]:
    """Problems in one page's source (front matter first, then the text top to bottom) and its anchor links."""
    problems = check_front_matter(source, src_uri=src_uri, files=files, allowed_tags=allowed_tags)
    if problems:
        return problems, []
    text = mask_code(mask_front_matter(source))
    lines = LineIndex(source)
    problems, anchor_links = check_links(text, lines, src_uri=src_uri, files=files)
    problems += check_wording(text, lines)
    return sorted(problems, key=lambda problem: problem.line), anchor_links


# --- front matter ----------------------------------------------------------------------------------


def check_front_matter(source: str, *, src_uri: str, files: Any, allowed_tags: list[str]) -> list[Problem]:
    match = FRONT_MATTER_RE.match(source)
    if not match:
        return [
            Problem(
                1,
                "Der Kopfbereich (Front Matter) fehlt. Beginnen Sie die Datei mit einer Zeile „---“, "
                "darunter title, description und tags, und schließen Sie ihn mit „---“ ab.",
            )
        ]
    try:
        root = yaml.compose(match.group(1), Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return [
            Problem(
                line,
                "Der Kopfbereich (Front Matter) ist in dieser Zeile nicht lesbar (kein gültiges YAML), daher "
                "fehlen der Seite Titel, Beschreibung und Vorlage. Häufige Ursache: ein Doppelpunkt mit "
                'Leerzeichen im Text. Setzen Sie den Wert dann in Anführungszeichen: description: "…"',
            )
        ]
    if not isinstance(root, yaml.MappingNode):
        return [
            Problem(1, "Der Kopfbereich (Front Matter) muss aus Zeilen der Form „schlüssel: wert“ bestehen.")
        ]

    nodes = {key.value: (key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    meta = yaml.load(match.group(1), Loader=YAML_LOADER) or {}  # noqa: S506 - a safe loader

    def line_of(node: yaml.Node) -> int:
        return int(node.start_mark.line) + 2  # +1 for the opening "---", +1 for 1-based lines

    problems: list[Problem] = []
    title = nodes.get("title")
    if title is None or not _is_text(meta.get("title")):
        problems.append(
            Problem(
                line_of(title[0]) if title else 1,
                "Pflichtangabe „title“ fehlt im Kopfbereich (Front Matter). Ergänzen Sie eine Zeile wie "
                "„title: Rechnungen herunterladen“.",
            )
        )
        return problems

    description = nodes.get("description")
    if description is None or not _is_text(meta.get("description")):
        problems.append(
            Problem(
                line_of(description[0]) if description else 1,
                "Pflichtangabe „description“ fehlt im Kopfbereich (Front Matter). Ergänzen Sie einen Satz, "
                "der in Suchergebnissen unter dem Titel steht (höchstens 160 Zeichen).",
            )
        )
        return problems
    length = len(str(meta["description"]).strip())
    if length > MAX_DESCRIPTION:
        return [
            Problem(
                line_of(description[0]),
                f"Die Beschreibung (description) ist {length} Zeichen lang; erlaubt sind höchstens "
                f"{MAX_DESCRIPTION}. Bitte kürzen Sie sie.",
            )
        ]
    for key in ("title", "description"):
        problems += [
            Problem(line_of(nodes[key][1]), problem.message)
            for problem in check_wording(str(meta[key]), LineIndex(""))
        ]
    if problems:
        return problems[:1]

    if is_article(src_uri, meta):
        problems += _check_tags(nodes.get("tags"), meta.get("tags"), allowed_tags, line_of)
        if problems:
            return problems
    problems += _check_related(nodes.get("related"), src_uri, files, line_of)
    return problems


def _is_text(value: Any) -> bool:
    return isinstance(value, str | int | float) and bool(str(value).strip())


def _check_tags(node: Any, tags: Any, allowed: list[str], line_of: Any) -> list[Problem]:
    if node is None or not isinstance(tags, list) or not tags:
        return [
            Problem(
                line_of(node[0]) if node else 1,
                "Pflichtangabe „tags“ fehlt im Kopfbereich (Front Matter). Ergänzen Sie mindestens ein "
                "Schlagwort aus overrides/hooks/tags.yml, z. B.\ntags:\n  - Rechnung",
            )
        ]
    for item, tag in zip(node[1].value, tags, strict=True):
        if tag not in allowed:
            close = difflib.get_close_matches(str(tag), allowed, n=1)
            hint = f" Meinten Sie „{close[0]}“?" if close else ""
            return [
                Problem(
                    line_of(item),
                    f"Das Schlagwort „{tag}“ ist nicht erlaubt.{hint} Erlaubt sind nur Schlagwörter aus "
                    "overrides/hooks/tags.yml; ein neues Schlagwort tragen Sie dort zuerst ein.",
                )
            ]
    return []


def _check_related(node: Any, src_uri: str, files: Any, line_of: Any) -> list[Problem]:
    if node is None:
        return []
    if not isinstance(node[1], yaml.SequenceNode):
        return [
            Problem(
                line_of(node[0]),
                "„related“ muss eine Liste von Artikelpfaden sein, z. B.\nrelated:\n  - rechnungen/e-rechnung.md",
            )
        ]
    for item in node[1].value:
        path = str(item.value).strip().lstrip("/")
        target = files.get_file_from_path(path)
        if target is None or not target.is_documentation_page():
            return [
                Problem(
                    line_of(item),
                    f"Der verwandte Artikel „{item.value}“ (related) existiert nicht. Geben Sie den Pfad "
                    "ab dem Ordner docs/ an, z. B. „rechnungen/e-rechnung.md“.",
                )
            ]
        if path == src_uri:
            return [Problem(line_of(item), "Ein Artikel kann nicht mit sich selbst verwandt sein (related).")]
    return []


# --- links, images, anchors ------------------------------------------------------------------------


def check_links(
    text: str, lines: LineIndex, *, src_uri: str, files: Any
) -> tuple[list[Problem], list[AnchorLink]]:
    """Problems with links and images in the (code-masked) text, and the links whose anchors need a check."""
    problems: list[Problem] = []
    anchors: list[AnchorLink] = []
    targets: list[tuple[int, str]] = []
    for match in _inline_links(text):
        line = lines.line(match.start())
        if match.group("image") and not match.group("text").strip():
            problems.append(Problem(line, _missing_alt_message()))
        targets.append((match.start("target"), match.group("target")))
    targets += [(m.start("target"), m.group("target")) for m in REFERENCE_DEF_RE.finditer(text)]
    for tag in _HtmlScanner.scan(text):
        line = lines.line(tag.offset)
        if tag.name == "img" and not (tag.attrs.get("alt") or "").strip():
            problems.append(Problem(line, _missing_alt_message()))
        for attribute in ("href", "src"):
            if tag.attrs.get(attribute):
                targets.append((tag.offset, str(tag.attrs[attribute])))

    for offset, raw_target in targets:
        line = lines.line(offset)
        target = raw_target.strip("<>").strip()
        problem, anchor_link = _check_target(target, src_uri=src_uri, files=files, line=line)
        if problem:
            problems.append(problem)
        if anchor_link:
            anchors.append(anchor_link)
    return problems, anchors


def _inline_links(text: str) -> list[re.Match[str]]:
    """Inline links and images, including an image inside a link's text ([![alt](bild.png)](ziel.md))."""
    matches = []
    for match in INLINE_LINK_RE.finditer(text):
        matches.append(match)
        matches += INLINE_LINK_RE.finditer(text, match.start("text"), match.end("text"))
    return matches


def _missing_alt_message() -> str:
    return (
        "Bild ohne Alternativtext. Beschreiben Sie in den eckigen Klammern, was das Bild zeigt, z. B. "
        "![Rechnungsliste im Kundencenter](bilder/rechnungen.png) – für Screenreader und falls das Bild "
        "nicht lädt."
    )


def _check_target(
    target: str, *, src_uri: str, files: Any, line: int
) -> tuple[Problem | None, AnchorLink | None]:
    if not target or target.startswith("//") or SCHEME_RE.match(target):
        return None, None  # external, mailto:, tel:, portal: (see portal_links.py)
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return None, AnchorLink(src_uri, line, target, src_uri, anchor) if anchor else None
    base = "" if path.startswith("/") else posixpath.dirname(src_uri)
    resolved = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if resolved.startswith(".."):
        return Problem(line, f"Der Link „{target}“ führt aus dem Ordner docs/ heraus."), None
    if path.endswith("/") or files.get_file_from_path(resolved) is None:
        suggestion = _suggest_markdown(resolved, files)
        if suggestion:
            relative = posixpath.relpath(suggestion, posixpath.dirname(src_uri) or ".")
            hint = f" Verlinken Sie die Markdown-Datei: „{relative}“."
        else:
            hint = " Bitte prüfen Sie den Pfad (relativ zu dieser Datei, mit Endung .md)."
        return Problem(
            line, f"Das Link-Ziel „{target}“ gibt es nicht (gesucht: docs/{resolved}).{hint}"
        ), None
    if anchor and resolved.endswith(".md"):
        return None, AnchorLink(src_uri, line, target, resolved, anchor)
    return None, None


def _suggest_markdown(resolved: str, files: Any) -> str | None:
    stem = resolved.rstrip("/")
    for candidate in (f"{stem}.md", f"{stem}/index.md"):
        if files.get_file_from_path(candidate) is not None:
            return candidate
    return None


def check_anchor(link: AnchorLink, files: Any) -> str | None:
    """Why an anchor link does not resolve, or None. Portal pages render client-side and are not checked."""
    target = files.get_file_from_path(link.target_uri)
    page = target.page if target else None
    if page is None or page.present_anchor_ids is None:
        return None
    if (page.meta or {}).get("template") == "portal.html" or link.anchor in page.present_anchor_ids:
        return None
    shown = set(HTML_ID_RE.findall(page.content or ""))
    headings = sorted(anchor for anchor in page.present_anchor_ids & shown if not anchor.startswith("__"))
    known = ", ".join(f"#{anchor}" for anchor in headings[:12]) or "keine"
    where = "auf dieser Seite" if link.target_uri == link.src_uri else f"in docs/{link.target_uri}"
    return (
        f"Den Anker „#{link.anchor}“ aus dem Link „{link.link}“ gibt es {where} nicht. "
        f"Vorhandene Anker: {known}. Haben Sie eine Überschrift umbenannt?"
    )


@dataclass(frozen=True)
class _Tag:
    name: str
    attrs: dict[str, str | None]
    offset: int


class _HtmlScanner(HTMLParser):
    """Collects start tags with their offsets in the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []
        self._line_offsets: list[int] = []

    @classmethod
    def scan(cls, text: str) -> list[_Tag]:
        if "<" not in text:
            return []
        scanner = cls()
        offset = 0
        for line in text.split("\n"):
            scanner._line_offsets.append(offset)
            offset += len(line) + 1
        scanner.feed(text)
        scanner.close()
        return scanner.tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        self.tags.append(_Tag(tag, dict(attrs), self._line_offsets[line - 1] + column))

    handle_startendtag = handle_starttag


# --- wording -----------------------------------------------------------------------------------------


def _blank_group(pattern: re.Pattern[str], text: str, group: str | int = 0) -> str:
    """The text with one group of every match of pattern blanked."""

    def replace(match: re.Match[str]) -> str:
        piece, base = match.group(0), match.start()
        start, end = match.start(group) - base, match.end(group) - base
        return piece[:start] + blank(piece[start:end]) + piece[end:]

    return pattern.sub(replace, text)


def mask_markup(text: str, *, keep_comments: bool = False) -> str:
    """The text without link targets, URLs, HTML tags and attribute lists (offsets unchanged)."""
    text = _blank_group(INLINE_LINK_RE, text, "target")
    text = _blank_group(REFERENCE_DEF_RE, text, "target")
    text = _blank_group(AUTOLINK_RE, text)
    text = HTML_TAG_RE.sub(
        lambda m: m.group(0) if keep_comments and m.group("comment") else blank(m.group(0)), text
    )
    return _blank_group(ATTR_LIST_RE, text)


def check_wording(text: str, lines: LineIndex) -> list[Problem]:
    """Informal address, placeholder text and forbidden variants of the word list in the (code-masked) text."""
    problems = []
    for match in INFORMAL_RE.finditer(mask_markup(text)):
        word = match.group(1)
        formal = INFORMAL_FORMS[word.lower()]
        problems.append(
            Problem(
                lines.line(match.start()),
                f"Bitte sprechen Sie die Leser mit „Sie“ an: „{word}“ gefunden. Schreiben Sie zum Beispiel "
                f"„{formal}“ statt „{word}“.",
            )
        )
    # A TODO in an HTML comment is still unfinished work, so comments stay in for this rule.
    for match in PLACEHOLDER_RE.finditer(mask_markup(text, keep_comments=True)):
        problems.append(
            Problem(
                lines.line(match.start()),
                f"Platzhaltertext „{match.group(1)}“ gefunden. Bitte ersetzen Sie ihn durch den endgültigen "
                "Text, bevor der Artikel erscheint.",
            )
        )
    for start, found, rule in forbidden_words(mask_markup(text)):
        problems.append(Problem(lines.line(start), word_message(found, rule)))
    return problems


def forbidden_words(text: str) -> list[tuple[int, str, WordRule]]:
    """Each forbidden variant in the text: offset, the words found and the rule (first rule wins)."""
    found: dict[int, tuple[int, str, WordRule]] = {}
    for rule in WORD_RULES:
        for match in rule.pattern.finditer(text):
            found.setdefault(match.start(), (match.start(), match.group(0).strip(), rule))
    return sorted(found.values(), key=lambda item: item[0])


def word_message(found: str, rule: WordRule) -> str:
    return (
        f"„{found}“ steht so nicht in der Wortliste. Schreiben Sie: {rule.use} "
        "(REDAKTION.md, Abschnitt „Wortliste“)."
    )
