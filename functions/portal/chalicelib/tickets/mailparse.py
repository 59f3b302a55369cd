"""Incoming mail, read without side effects: who sent it, to which addresses, its text without the quote.

`parse` reads a raw RFC 822 mail (the standard library's `email` with `policy.default`); `reply_target`
finds the ticket a reply is for in its recipients (`<local>+<ticket_id>.<secret>@<domain>`);
`strip_quoted` removes the quoted history and the signature that mail programs add below (or above) a reply.
Nothing here reads a table or decides whether a mail is accepted: that is `tickets/inbound.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

# Crockford base32 (no I, L, O, U): the alphabet of ticket ids.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_ID_LENGTH = 8
_CROCKFORD_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")


@dataclass(frozen=True)
class InboundMail:
    """What the ticket service needs of an incoming mail."""

    sender: str  # the From address, lower-case; "" when there is none
    sender_name: str  # the From display name; "" when there is none
    recipients: list[str] = field(default_factory=list)  # To, Cc, Delivered-To, X-Original-To, lower-case
    subject: str = ""
    text: str = ""  # the text/plain part (or the HTML part as text), decoded, "\n" line ends
    message_id: str | None = None
    auto_submitted: bool = False  # an automatic mail (out of office, bounce, list): never answer it


def parse(raw: bytes) -> InboundMail:
    """Read a raw mail. Malformed headers and unknown charsets are read as well as possible, never raised."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    sender_name, sender = _sender(message)
    subject = " ".join(_windows_1252(_header(message, "Subject")).split())
    message_id = _header(message, "Message-ID").strip() or None
    return InboundMail(
        sender=sender,
        sender_name=_windows_1252(sender_name),
        recipients=_recipients(message),
        subject=subject,
        text=_windows_1252(_text(message)),
        message_id=message_id,
        auto_submitted=_automatic(message, sender),
    )


_C1 = re.compile("[\x80-\x9f]")


def _windows_1252(text: str) -> str:
    """C1 control characters as Windows-1252 meant them: Outlook labels cp1252 text ISO-8859-1 ("–", "€",
    "„“" arrive as U+0096, U+0080, U+0084/U+0093), and browsers read such mail the same way (WHATWG)."""
    return _C1.sub(lambda match: bytes([ord(match.group())]).decode("cp1252", errors="ignore"), text)


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the registry cannot parse at all
        value = None
    return "" if value is None else str(value)


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of every `name` header: structured where the header parses, else by
    `getaddresses` (a decoded name with a comma, "Müller, Jörg", stays one name only in the first way)."""
    try:
        headers = message.get_all(name) or []
    except Exception:  # a header the registry cannot parse at all
        headers = []
    found: list[tuple[str, str]] = []
    for header in headers:
        groups = getattr(header, "addresses", None)
        if groups:
            found += [(address.display_name or "", address.addr_spec or "") for address in groups]
        else:
            found += getaddresses([str(header)])
    return found


def _sender(message: Message) -> tuple[str, str]:
    pairs = _addresses(message, "From") or [parseaddr(_header(message, "From"))]
    name, address = pairs[0]
    address = address.strip().lower()
    if "@" not in address:
        address = ""
    return " ".join(name.split()), address


def _recipients(message: Message) -> list[str]:
    found: list[str] = []
    for name in RECIPIENT_HEADERS:
        for _, address in _addresses(message, name):
            address = address.strip().strip("<>").lower()
            if "@" in address and address not in found:
                found.append(address)
    return found


def _automatic(message: Message, sender: str) -> bool:
    """True for mails no person wrote: answering them risks a mail loop (RFC 3834)."""
    auto = _header(message, "Auto-Submitted").strip().lower()
    if auto and not auto.startswith("no"):
        return True
    if _header(message, "Precedence").strip().lower() in ("bulk", "junk", "list"):
        return True
    if _header(message, "X-Autoreply").strip() or _header(message, "X-Autorespond").strip():
        return True
    return not sender or _header(message, "Return-Path").strip() == "<>"


def _text(message: Message) -> str:
    if not isinstance(message, EmailMessage):  # policy.default always makes EmailMessage
        return ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return ""
    content = _decoded(part)
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return content.replace("\r\n", "\n").replace("\r", "\n")


def _decoded(part: Message) -> str:
    """The part's text in its charset; an unknown or wrong charset falls back to UTF-8, then Latin-1."""
    if isinstance(part, EmailMessage):
        try:
            content = part.get_content()
            if isinstance(content, str):
                return content
        except (LookupError, UnicodeError, ValueError, KeyError):
            pass
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("latin-1")


# HTML-only mails


_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
_SKIPPED = frozenset({"script", "style", "head", "title", "template"})


class _TextExtractor(HTMLParser):
    """HTML as plain text: block elements end lines, `<br>` breaks, blockquotes become "> " lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (quote depth, text)
        self.current: list[str] = []
        self.depth = 0
        self.line_depth = 0
        self.skipping = 0
        self.pre = 0

    def _break(self) -> None:
        text = "".join(self.current)
        if not self.pre:
            text = " ".join(text.split())
        self.lines.append((self.line_depth, text))
        self.current = []
        self.line_depth = self.depth

    def _end_block(self) -> None:
        if "".join(self.current).strip():
            self._break()
        else:
            self.current = []
            self.line_depth = self.depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self._break()
        elif tag in _BLOCKS:
            if tag in ("p", "blockquote", "table", "ul", "ol", "pre") and self.lines and self.lines[-1][1]:
                self._end_block()
                self.lines.append((self.depth, ""))
            else:
                self._end_block()
            if tag == "blockquote":
                self.depth += 1
                self.line_depth = self.depth
            elif tag == "pre":
                self.pre += 1
            elif tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._end_block()
            if tag == "blockquote":
                self.depth = max(0, self.depth - 1)
                self.line_depth = self.depth
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)
            if tag in ("p", "blockquote", "table", "ul", "ol", "pre"):
                self.lines.append((self.depth, ""))

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre:
            for index, piece in enumerate(data.split("\n")):
                if index:
                    self._break()
                self.current.append(piece)
        else:
            self.current.append(data)

    def text(self) -> str:
        self._end_block()
        out: list[str] = []
        for depth, line in self.lines:
            line = line.replace("\xa0", " ").rstrip()
            prefix = "> " * depth
            rendered = (prefix + line).rstrip() if depth else line
            if not rendered and out and not out[-1]:
                continue  # one blank line at most
            out.append(rendered)
        return "\n".join(out).strip("\n")


def html_to_text(markup: str) -> str:
    """Readable text of an HTML mail (no links, no images); quoted parts as "> " lines."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return extractor.text()


# The ticket a reply is for


def normalise_ticket_id(value: str) -> str | None:
    """A ticket id as typed or mailed (any case, Crockford's I/L/O mix-ups) in its canonical form, or None."""
    candidate = value.strip().upper().replace("-", "").translate(_CROCKFORD_ALIASES)
    if len(candidate) != TICKET_ID_LENGTH or any(character not in CROCKFORD for character in candidate):
        return None
    return candidate


def reply_target(recipients: list[str], support_address: str) -> tuple[str, str] | None:
    """(ticket_id, secret) of the first recipient `<local>+<ticket_id>.<secret>@<domain>`, or None.

    Local part and domain are compared case-insensitively; the secret is returned as written in the
    recipient (the recipients of `parse` are lower-case). Recipients of other addresses are ignored.
    """
    local, _, domain = support_address.strip().lower().rpartition("@")
    if not local or not domain:
        raise ValueError(f"not an address: {support_address!r}")
    for recipient in recipients:
        name, _, host = recipient.strip().rpartition("@")
        if host.lower() != domain or not name.lower().startswith(local + "+"):
            continue
        ticket_part, dot, secret = name[len(local) + 1 :].partition(".")
        ticket_id = normalise_ticket_id(ticket_part)
        if dot and secret and ticket_id is not None:
            return ticket_id, secret
    return None


# The quoted history


_QUOTE = re.compile(r"^\s*>")
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(Urspr(ü|ue)ngliche Nachricht|Original Message|Originalnachricht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")
# "Am 30.11.2026 um 14:03 schrieb Max Beispiel <max@example.com>:" (Thunderbird, Apple Mail, Gmail); a date
# (a digit) is required, so "Am Montag schrieb ich Ihnen:" in the customer's own text stays.
_AM_SCHRIEB = re.compile(r"^\s*Am\s.*\d.*\bschrieb\b.*:\s*$", re.IGNORECASE)
_ON_WROTE = re.compile(r"^\s*On\s.*\d.*\bwrote\b.*:\s*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
_HEADER_LINE = re.compile(r"^\s*\*?(?P<name>[A-Za-zäöüÄÖÜ-]+)\s*:\*?\s*\S")
_OUTLOOK_FROM = {"von", "from"}
_OUTLOOK_DATE = {"gesendet", "sent", "datum", "date"}
_OUTLOOK_REST = {"an", "to", "betreff", "subject", "cc"}


def _header_name(line: str) -> str | None:
    match = _HEADER_LINE.match(line)
    return match.group("name").lower() if match else None


def _outlook_block(lines: list[str], index: int) -> bool:
    """An Outlook header block starts here: "Von:" followed by "Gesendet:"/"Datum:" and "An:"/"Betreff:"."""
    if _header_name(lines[index]) not in _OUTLOOK_FROM:
        return False
    names: set[str] = set()
    for line in lines[index + 1 : index + 7]:
        if not line.strip():
            continue
        name = _header_name(line)
        if name is None:
            break
        names.add(name)
    return bool(names & _OUTLOOK_DATE) and bool(names & _OUTLOOK_REST)


def _attribution(lines: list[str], index: int) -> bool:
    """ "Am … schrieb …:" or "On … wrote:" starts here, on one line or wrapped over two."""
    line = lines[index]
    if _AM_SCHRIEB.match(line) or _ON_WROTE.match(line):
        return True
    if index + 1 < len(lines) and re.match(r"^\s*(Am|On)\s", line, re.IGNORECASE) and not line.endswith(":"):
        joined = f"{line.rstrip()} {lines[index + 1].strip()}"
        return bool(_AM_SCHRIEB.match(joined) or _ON_WROTE.match(joined))
    return False


def _trailing_quote(lines: list[str]) -> int | None:
    """Where the block of ">" lines at the end starts (with an attribution line just before it)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    if not end or not _QUOTE.match(lines[end - 1]):
        return None
    start = end
    while start and (_QUOTE.match(lines[start - 1]) or not lines[start - 1].strip()):
        start -= 1
    before = start
    while before and not lines[before - 1].strip():
        before -= 1
    if before:
        previous = lines[before - 1].rstrip()
        # Another client's "Le … a écrit :", "El … escribió:": a line ending in ":" naming an address or time.
        if previous.endswith(":") and (("@" in previous) or re.search(r"\d{1,2}[:.]\d{2}", previous)):
            return before - 1
    return start


def _cut(lines: list[str]) -> int | None:
    """The first line of the quoted history or signature, or None."""
    candidates: list[int] = []
    tail = _trailing_quote(lines)
    if tail is not None:
        candidates.append(tail)
    for index, line in enumerate(lines):
        if (
            _SIGNATURE.match(line)
            or _ORIGINAL.match(line)
            or _attribution(lines, index)
            or _outlook_block(lines, index)
        ):
            candidates.append(index)
            break
    if not candidates:
        return None
    cut = min(candidates)
    # Outlook draws a line of underscores above its header block.
    above = cut
    while above and not lines[above - 1].strip():
        above -= 1
    if above and _UNDERSCORES.match(lines[above - 1]):
        cut = above - 1
    return cut


def _tidy(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n").rstrip()


def strip_quoted(text: str) -> str:
    """The new part of a reply: without the quoted history below it and without the signature.

    Cuts at the first of: the block of ">" lines at the end, "Am … schrieb …:" / "On … wrote:" (also
    wrapped over two lines), "-----Original Message-----", "-------- Ursprüngliche Nachricht --------",
    Outlook's "Von:/Gesendet:/An:/Betreff:" block, the signature separator "-- ". When nothing is left
    before that point (a reply written below the quote), the quoted lines and the attribution are removed
    instead and what the sender wrote below stays.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut = _cut(lines)
    if cut is None:
        return _tidy(lines)
    kept = _tidy(lines[:cut])
    if kept.strip():
        return kept
    # Bottom-posting: drop the attribution, the ">" lines and the signature; keep the rest.
    rest: list[str] = []
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if _SIGNATURE.match(line):
            break
        if _QUOTE.match(line):
            continue
        if _attribution(lines, index):
            if not (_AM_SCHRIEB.match(line) or _ON_WROTE.match(line)):
                skip_next = True  # wrapped over two lines
            continue
        rest.append(line)
    return _tidy(rest)
