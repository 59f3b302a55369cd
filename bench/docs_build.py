"""Help-site build: time and search index size, for the real site and with 1,000 more articles.

1. the real site (`mkdocs build --strict`, as `make site` runs it);
2. a temporary copy of the project (mkdocs.yml, overrides/, docs/) plus 1,000 generated, realistic
   German articles: assembled from the sentences, list items and headings of the real articles of
   their section (so vocabulary, length of about 450 words and compressibility match), tagged with
   known tags, listed in the nav, linking to a real article and a portal page, passing the editor
   checks, and committed to a fresh git repository so the last-updated dates come from git.

Goal per build: at most 60 s and a search/search_index.json of at most 3 MB. Prints wall and CPU
time (CPU time is what a busy machine disturbs least), the index size raw and gzip-compressed (what
CloudFront sends) and which fields of the index take the space: Material's own (location, title,
text, tags) and the hidden search keys overrides/hooks/search_de.py adds (title_de, text_de).
The goal counts the raw size; the gzip size is printed next to it, not in its place.

Usage: .venv/bin/python bench/docs_build.py [number of generated articles, default 1000]
"""

import gzip
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 60
GOAL_BYTES = 3 * 1024 * 1024
# The fields overrides/hooks/search_de.py adds to every index entry.
HIDDEN_FIELDS = ("title_de", "text_de")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# Section folder -> (portal link target, words of the domain used to build titles and sentences).
SECTIONS = {
    "zugang": (
        "anmelden/",
        ["Anmeldung", "Passwort", "Kundennummer", "Gerät", "Abmeldung", "Zugangsdaten"],
    ),
    "persoenliche-daten": (
        "persoenliche-daten/",
        ["Rechnungsadresse", "Ansprechpartner", "Bankverbindung", "IBAN", "Umfirmierung", "USt-IdNr."],
    ),
    "vertragsdaten": (
        "vertragsdaten/",
        ["Single-Lizenz", "Multi-Lizenz", "Upgrade", "Downgrade", "Multishop"],
    ),
    "statistik": (
        "statistik/",
        ["Auftragsstatistik", "Umsatzdiagramm", "CSV-Export", "Auftragsliste", "Zeitraum"],
    ),
    "rechnungen": ("rechnungen/", ["Rechnung", "E-Rechnung", "Rechnungs-PDF", "ZIP-Archiv", "Lastschrift"]),
    "support": ("tickets/", ["Ticket", "Antwort", "Anhang", "Ticketstatus", "Bewertung", "Rückfrage"]),
    "kontaktdaten": (
        "weitere-kontaktdaten/",
        ["E-Mail-Adresse", "Telefonnummer", "Bestätigungscode", "Bestätigungslink", "Kontaktdaten"],
    ),
}
SECTION_TAGS = {
    "zugang": ["Zugangsdaten", "Anmeldung", "Passwort", "Sicherheit"],
    "persoenliche-daten": ["Persönliche Daten", "Bankverbindung", "Umfirmierung", "SEPA-Lastschrift"],
    "vertragsdaten": ["Vertrag", "Single-Lizenz", "Multi-Lizenz", "Zusatzoptionen", "Multishop"],
    "statistik": ["Statistik", "Auftragsstatistik", "Export"],
    "rechnungen": ["Rechnung", "E-Rechnung", "Export", "SEPA-Lastschrift"],
    "support": ["Support", "Ticket"],
    "kontaktdaten": ["Kontaktdaten", "Sicherheit"],
}
ACTIONS = [
    "ändern",
    "prüfen",
    "einrichten",
    "verstehen",
    "herunterladen",
    "bestätigen",
    "korrigieren",
    "finden",
]
CONTEXTS = [
    "im Browser",
    "auf dem Smartphone",
    "nach einem Umzug",
    "zum Monatswechsel",
    "für die Buchhaltung",
    "bei mehreren Shops",
    "nach einer Umfirmierung",
    "vor der nächsten Lastschrift",
    "für Ihre Steuerberatung",
    "im Team",
    "mit der Konfigurationsoberfläche",
    "zum Jahresabschluss",
    "für eine Filiale",
    "bei einer Betriebsprüfung",
    "ohne Anmeldung",
    "nach einem Fehler",
    "mit Premium Service",
    "bei einer Kündigung",
    "für neue Mitarbeitende",
    "in einer Agentur",
    "nach einem Wechsel der Bank",
    "für das Finanzamt",
    "mit mehreren Standorten",
    "am Monatsende",
    "im Urlaub",
]
LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
WHOLE_SENTENCE_RE = re.compile(r"(?:[^\W\d_][.!?]|[)“*][.!?]?)$")
FRONT_MATTER_RE = re.compile(r"^---\n.*?\n---\n", re.DOTALL)


def slug(text: str) -> str:
    text = text.lower()
    for umlaut, ascii_form in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, ascii_form)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Corpus:
    """Sentences, list items and headings of the real articles of one section, links reduced to their text."""

    def __init__(self, paths: list[Path]) -> None:
        self.sentences: list[str] = []
        self.items: list[str] = []
        self.headings: list[str] = []
        for path in paths:
            body = FRONT_MATTER_RE.sub("", path.read_text(encoding="utf-8"), count=1)
            for block in re.split(r"\n[ \t]*\n", body):
                self._add_block(block)

    def _add_block(self, block: str) -> None:
        lines = [line for line in block.strip("\n").split("\n") if line.strip()]
        if not lines or any(line.lstrip().startswith(":") for line in lines):
            return  # empty, or a definition list
        first = lines[0]
        if first.startswith("## "):
            self.headings.append(first[3:].strip())
        elif re.match(r"^(\d+\.|-) ", first):
            items: list[str] = []
            for line in lines:
                if re.match(r"^(\d+\.|-) ", line):
                    items.append(re.sub(r"^(\d+\.|-) ", "", line))
                else:
                    items[-1] += " " + line.strip()
            self.items += [LINK_RE.sub(r"\1", item) for item in items if WHOLE_SENTENCE_RE.search(item)]
        elif not re.match(r"^([#!?<|`>*{]|\s)", first):
            text = LINK_RE.sub(r"\1", " ".join(line.strip() for line in lines))
            self.sentences += [
                sentence
                for sentence in SENTENCE_END_RE.split(text)
                if len(sentence.split()) >= 6 and WHOLE_SENTENCE_RE.search(sentence)
            ]


def article(rng: random.Random, corpus: Corpus, section: str, title: str, real: list[str]) -> str:
    """The Markdown of one generated article, assembled from real sentences of its section."""
    portal, words = SECTIONS[section]
    description = f"{title}: {rng.choice(corpus.sentences)}"
    description = description if len(description) <= 160 else description[:157].rsplit(" ", 1)[0] + " …"
    tags = rng.sample(SECTION_TAGS[section], k=2)
    related = rng.choice(real)
    lines = [
        "---",
        f"title: {title}",
        f"description: {json.dumps(description, ensure_ascii=False)}",
        "tags:",
        *[f"  - {tag}" for tag in tags],
        "related:",
        f"  - {related}",
        "---",
        "",
        f"# {title}",
        "",
        " ".join(rng.sample(corpus.sentences, k=3)),
        "",
    ]
    for number, heading in enumerate(rng.sample(corpus.headings, k=3)):
        lines += [f"## {heading}", "", " ".join(rng.sample(corpus.sentences, k=5)), ""]
        if number != 1 and corpus.items:
            lines += [
                f"{step}. {item}" for step, item in enumerate(rng.sample(corpus.items, k=4), start=1)
            ] + [""]
    lines += [
        '!!! tip "Tipp"',
        f"    {' '.join(rng.sample(corpus.sentences, k=2))}",
        "",
        f"Direkt zur Seite: [{words[0]}](portal:{portal}). Mehr dazu lesen Sie unter "
        f"[{Path(related).stem.replace('-', ' ').capitalize()}](../{related}).",
        "",
    ]
    return "\n".join(lines)


def generate(docs: Path, config_file: Path, count: int) -> list[str]:
    """Writes `count` articles into docs/<section>/ and lists them in the nav after each section's index."""
    rng = random.Random(2026)
    combos = [
        (section, word, action, context)
        for section, (_, words) in SECTIONS.items()
        for word in words
        for action in ACTIONS
        for context in CONTEXTS
    ]
    rng.shuffle(combos)
    if count > len(combos):
        raise SystemExit(f"at most {len(combos)} distinct articles")
    real = {
        section: [path for path in sorted((docs / section).glob("*.md")) if path.name != "index.md"]
        for section in SECTIONS
    }
    corpora = {section: Corpus(paths) for section, paths in real.items()}
    added: dict[str, list[str]] = {section: [] for section in SECTIONS}
    for section, word, action, context in combos[:count]:
        title = f"{word} {context} {action}"
        related = [str(path.relative_to(docs)) for path in real[section]]
        name = f"{slug(title)}.md"
        (docs / section / name).write_text(
            article(rng, corpora[section], section, title, related), encoding="utf-8"
        )
        added[section].append(f"{section}/{name}")

    config = config_file.read_text(encoding="utf-8")
    for section, paths in added.items():
        anchor = f"      - {section}/index.md\n"
        if anchor not in config:
            raise SystemExit(f"mkdocs.yml nav has no line {anchor.strip()!r}; update bench/docs_build.py")
        config = config.replace(anchor, anchor + "".join(f"      - {path}\n" for path in paths), 1)
    config_file.write_text(config, encoding="utf-8")
    return [path for paths in added.values() for path in paths]


def build(project: Path, site_dir: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `mkdocs build --strict` (CPU of mkdocs and its git subprocesses)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        raise SystemExit(f"build failed in {project}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def report(
    name: str, pages: int, wall: float, cpu: float, index_file: Path, gzip_ratio: float | None = None
) -> tuple[bool, float]:
    """Prints the figures of one build; returns whether it met the goal and the index's gzip ratio."""
    raw = index_file.read_bytes()
    compressed = len(gzip.compress(raw, compresslevel=6))
    fields: Counter[str] = Counter()
    docs = json.loads(raw)["docs"]
    for entry in docs:
        for key, value in entry.items():
            fields[key] += len(json.dumps(value, ensure_ascii=False).encode())
    ok = wall <= GOAL_SECONDS and len(raw) <= GOAL_BYTES
    mb = 1024 * 1024
    print(f"== {name}: {pages} Markdown pages")
    print(f"   build time      {wall:6.1f} s wall, {cpu:5.1f} s CPU        (goal <= {GOAL_SECONDS} s)")
    print(
        f"   search index    {len(raw) / mb:6.2f} MB raw, {compressed / mb:4.2f} MB gzip, {len(docs)} entries"
        f" (goal <= {GOAL_BYTES / mb:.0f} MB)"
    )
    if gzip_ratio:
        # Generated articles reuse real sentences and compress better than distinct ones would.
        print(
            f"                   {len(raw) / gzip_ratio / mb:6.2f} MB gzip at the real site's ratio ({gzip_ratio:.1f}x)"
        )
    total = sum(fields.values())
    share = ", ".join(f"{key} {size / mb:.2f} MB ({size / total:.0%})" for key, size in fields.most_common())
    print(f"   index fields    {share}")
    hidden = sum(size for key, size in fields.items() if key in HIDDEN_FIELDS)
    print(
        f"                   Material's own fields {(total - hidden) / mb:.2f} MB,"
        f" hidden fields of search_de.py ({', '.join(HIDDEN_FIELDS)}) {hidden / mb:.2f} MB"
    )
    missed = [f"build {wall:.0f} s > {GOAL_SECONDS} s"] if wall > GOAL_SECONDS else []
    if len(raw) > GOAL_BYTES:
        missed.append(
            f"index {len(raw) / mb:.2f} MB raw > {GOAL_BYTES / mb:.0f} MB (gzip: {compressed / mb:.2f} MB)"
        )
    print(f"   goal            {'MISSED: ' + '; '.join(missed) if missed else 'met'}")
    return ok, len(raw) / compressed


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="kc-docs-bench-") as temp:
        temp_dir = Path(temp)
        real_pages = len(list((ROOT / "docs").rglob("*.md")))
        wall, cpu = build(ROOT, temp_dir / "real-site")
        real_ok, ratio = report(
            "real site", real_pages, wall, cpu, temp_dir / "real-site" / "search" / "search_index.json"
        )

        project = temp_dir / "project"
        project.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(
            ROOT / "overrides", project / "overrides", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copytree(ROOT / "docs", project / "docs")
        generated = generate(project / "docs", project / "mkdocs.yml", count)
        git_env = {
            **ENV,
            "GIT_AUTHOR_NAME": "Bench",
            "GIT_AUTHOR_EMAIL": "bench@example.com",
            "GIT_COMMITTER_NAME": "Bench",
            "GIT_COMMITTER_EMAIL": "bench@example.com",
        }
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
            subprocess.run(
                ["git", "-c", "init.defaultBranch=main", *command], cwd=project, env=git_env, check=True
            )
        wall, cpu = build(project, temp_dir / "big-site")
        big_ok, _ = report(
            f"real site + {len(generated)} generated articles",
            real_pages + len(generated),
            wall,
            cpu,
            temp_dir / "big-site" / "search" / "search_index.json",
            gzip_ratio=ratio,
        )
    return 0 if real_ok and big_ok else 1


if __name__ == "__main__":
    sys.exit(main())
