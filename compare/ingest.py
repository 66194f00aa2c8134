"""Read one article file into a `Source`: decode, front matter, metadata, statement-bearing body.

`load_source` does the I/O (read + decode); `parse_source` is pure and does the rest. Every
rule here is about the *shape* of news text (datelines, wire tags, headlines, timestamps,
bylines), never about the words of a particular article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path
from urllib.parse import urlparse

import yaml
from charset_normalizer import from_bytes

from compare.errors import InputError
from compare.models import ROLES, Source

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_ROLE = "secondary"
FRONT_MATTER_FIELDS = ("outlet", "date", "url", "language", "role", "title")
# A line without sentence-final punctuation up to this length is a headline, subhead or site name.
MAX_HEADING_CHARS = 200
# Share of CJK ideographs among letters from which a text counts as Chinese. Below one half
# because one ideograph carries about as much as a short English word.
CJK_LANGUAGE_SHARE = 0.3
# Share of control characters in decoded text above which the file is treated as binary.
MAX_CONTROL_SHARE = 0.05
# Chaos margin within which a common legacy encoding beats charset_normalizer's own pick.
ENCODING_CHAOS_TOLERANCE = 0.1
# Legacy encodings news text actually arrives in, tried in this order when the detector is unsure.
PREFERRED_LEGACY_ENCODINGS = ("gb18030", "big5", "cp1252")
# A block of lines is a hard-wrapped paragraph when it has at least this many lines ...
MIN_WRAPPED_LINES = 3
# ... at least this share of them (the last excepted) ending mid-sentence ...
MIN_WRAPPED_OPEN_SHARE = 2 / 3
# ... and lines this long on average (menus and lists of headlines are shorter).
MIN_WRAPPED_LINE_CHARS = 40

_RESAVE = "re-save it as UTF-8 text"
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER_RE = re.compile(rf"[^\W\d_]|[{_CJK}]")

# Sentence-final punctuation, optionally followed by closing quotes and brackets.
_TERMINAL_RE = re.compile(r"[.!?。！？…][\"'”’」』）)\]*_]*\s*$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_MD_MARKER_RE = re.compile(r"^(?:>\s*|[-*+]\s+|\d{1,3}[.)]\s+)+")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_DATE = (
    r"(?:(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})\s*年\s*(?P<m3>\d{1,2})\s*月\s*(?P<d3>\d{1,2})\s*日)"
)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_TIME = (
    r"(?:T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|(?:\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?))"
)
# Pieces of a metadata line; a line made only of these (and separators) is a timestamp line.
_META_TOKEN_RE = re.compile(
    rf"{_DATE}|{_TIME}|\b\d+\s*min(?:ute)?s?(?:\s+read)?\b|\b[\d,]+\s*words\b"
    r"|\b(?:date[d]?|published|posted|updated|last updated|read(?:ing)? time|time)\b\s*[:：]?"
    r"|\b\d{1,2}\s*[:：]\s*\d{2}\b|[ap]\.m\.|\b[ap]m\b|\b(?:GMT|UTC|EST|EDT|BST|CST|ET|PT)\b"
    r"|\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\b\.?"
    r"|\b\d+\s*(?:second|minute|hour|day|week|month)s?\s+ago\b",
    re.IGNORECASE,
)
_META_RESIDUE_RE = re.compile(r"[\s|·•,/()\[\]\-–—:]*")
_DATE_LABEL_PREFIX_RE = re.compile(
    rf"^(?:(?:date[d]?|published|posted|updated|last updated)\s*[:：]?\s*)?{_DATE}{_TIME}?"
    r"\s*[|·•—–-]?\s+(?=\S)",
    re.IGNORECASE,
)
_CAP_WORDS = r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}"
_WIRE = rf"(?:\((?P<agency>{_CAP_WORDS})\)|/(?P<wire>{_CAP_WORDS})/)"
_DATE_PART = (
    rf"(?:,?\s*(?:{_MONTH}\s+\d{{1,2}}(?:,?\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))"
)
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
# A title-case place; words that open ordinary sentences ("On June 5 — ...") are not places.
_PLACE = (
    r"(?!(?:On|In|At|By|For|From|Since|Until|Before|After|Last|Next|This|That|The|A|An"
    r"|Earlier|Later)\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
)
_REGION = r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
# Hyphens need spaces around them so that "US-China ..." is not read as a dateline.
_DASH = r"(?:\s*[—–]\s*|\s+-{1,2}\s+|\s*--\s*)"
_DATELINE_HEAD = (
    rf"^(?:(?P<caps>{_CAPS_PLACE}){_REGION}|{_PLACE}{_REGION})?(?P<date>{_DATE_PART})?\s*{_WIRE}?"
)
# What follows a real dateline: the capitalised start of the first sentence.
_SENTENCE_OPENING_RE = re.compile(rf"[A-Z0-9\"“‘'(\[{_CJK}]")
_DATELINE_RE = re.compile(rf"{_DATELINE_HEAD}{_DASH}(?=\S)")
_DATELINE_LINE_RE = re.compile(rf"{_DATELINE_HEAD}\s*(?:[—–]|-{{1,2}})?\s*$")
_CJK_DATELINE_HEAD = (
    rf"^(?P<agency>[{_CJK}]{{1,4}}社)?[{_CJK}]{{0,10}}\d{{1,2}}月\d{{1,2}}日电"
    r"(?:[（(][^）)\n]{0,40}[）)])?\s*"
)
_CJK_DATELINE_RE = re.compile(rf"{_CJK_DATELINE_HEAD}(?=\S)")
_CJK_DATELINE_LINE_RE = re.compile(rf"{_CJK_DATELINE_HEAD}$")
# "— Name (@handle) September 19, 2023": the signature line of an embedded tweet.
_TWEET_SIGNATURE_RE = re.compile(rf"\s*[—–-]{{1,2}}\s*[^—–\n]{{1,80}}\(@\w{{1,20}}\)\s*{_DATE}\s*$")
_TRAILING_LINKS_RE = re.compile(
    r"(?:\s+(?:#\w+|@\w+|\S*://\S+|pic\.twitter\.com/\S+|www\.\S+))+\s*$"
)
_BYLINE_RE = re.compile(
    r"^(?:By|BY|Written by|Words by|Reporting by)\s+[A-Z][\w.'’-]*"
    r"(?:(?:\s+|\s*,\s*|\s+and\s+)[A-Z][\w.'’-]*){0,6}(?:\s*[|,]\s*[\w .'-]{1,40})?\s*$"
)
# "(Reporting by ...; Editing by ...)" and "AP writer Jane Doe in Beijing contributed."
_CREDITS_RE = re.compile(
    r"^\(\s*(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\b[^\n]*\)\s*$"
    r"|^[^\n.!?]{0,120}\b(?:writers?|reporters?|correspondents?)\b[^\n.!?]{0,120}"
    r"\bcontributed(?: to this (?:report|story))?\.\s*$",
    re.IGNORECASE,
)
_URL_ONLY_RE = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$")

_AGENCIES = {
    "reuters": "Reuters",
    "associated press": "AP",
    "ap": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "upi": "UPI",
    "dpa": "dpa",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "efe": "EFE",
    "ani": "ANI",
    "pti": "PTI",
    "anadolu": "Anadolu",
    "新华社": "Xinhua",
    "中新社": "China News Service",
}
_AGENCY_NAME_RE = re.compile(
    r"\b(?:Reuters|Associated Press|AFP|Agence France-Presse|Xinhua|Bloomberg|UPI|Kyodo|Yonhap"
    r"|TASS|EFE|ANI|PTI|Anadolu)\b|新华社|中新社"
)
_AGENCY_PREFIX_RE = re.compile(rf"^(?:{_AGENCY_NAME_RE.pattern})\s*[-—–:|]\s*")
_SOURCE_LABEL_RE = re.compile(
    r"^(?:source|via|来源)\s*[:：]\s*(?P<name>\S.{0,60}?)\s*$", re.IGNORECASE
)

_GOV_HOST_RE = re.compile(r"(?:^|\.)(?:gov|gouv|gob|go|mil)(?:\.[a-z]{2})?$|(?:^|\.)mfa\.")
_GOV_OUTLET_RE = re.compile(
    r"\b(?:Ministry|Department of State|State Department|White House|Embassy|Consulate"
    r"|Government|Office of the Spokesperson)\b|外交部|国务院|大使馆|领事馆"
)
_READOUT_VOICE_RE = re.compile(
    r"^(?:Readout\b|The (?:below|following) is attributable to\b"
    r"|(?:Secretary|Deputy Secretary|President|Vice President|National Security Advis[eo]r)\b"
    r"[^.\n]{0,200}\b(?:met|spoke)\b[^.\n]{0,200}\btoday\b)"
)
_FRONT_MATTER_OPEN_RE = re.compile(r"\A---[ \t]*\n")
_FRONT_MATTER_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class _Unit:
    """A paragraph candidate: one line, or a whole hard-wrapped block.

    `kind` is "body", "heading" or "meta". `body` is the statement-bearing part of a body
    unit; `dates` holds the text cut from it (datelines, date labels) or the whole meta line,
    where the date is looked for; `wire` is a wire-service tag found in a dateline.
    """

    start: int
    end: int
    kind: str
    body: tuple[int, int] | None = None
    dates: tuple[str, ...] = ()
    wire: str | None = None


def load_source(path: str | Path, source_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read, decode and parse the article at `path`.

    Raises `InputError` (naming the file) for a missing path, a directory, an empty,
    binary or oversized file, undecodable text, bad front matter, or no statements.
    """
    shown = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(shown, "no such file", "check the path")
    if p.is_dir():
        raise InputError(shown, "is a directory", "pass an article file (.txt or .md)")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                shown,
                f"file is {size} bytes, over the {max_bytes}-byte limit",
                "pass a single article, or raise the size limit",
            )
        data = p.read_bytes()
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror})"
        raise InputError(shown, problem, "check its permissions") from exc
    text, encoding = decode(data, path=shown)
    source = parse_source(text, source_id=source_id, path=shown)
    return replace(source, encoding=encoding)


def decode(data: bytes, *, path: str) -> tuple[str, str]:
    """Decode file bytes to text; return (text, encoding name).

    BOMs decide first (UTF-8, UTF-16, UTF-32); then strict UTF-8; then charset_normalizer,
    preferring GB18030, Big5 and cp1252 when it finds them about as plausible as its own pick.
    """
    if not data.strip():
        raise InputError(path, "file is empty", "pass an article with text in it")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"has a {encoding} byte-order mark but is not {encoding}", _RESAVE
                ) from exc
            return _check_text(text, path), encoding
    if b"\x00" in data:
        raise InputError(path, "looks binary (contains NUL bytes)", "pass a plain-text article")
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _detect(data, path)
    return _check_text(text, path), encoding


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """Guess a legacy encoding (GB18030, Big5, cp1252, ...) with charset_normalizer."""
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(path, "looks binary (no text encoding fits)", "pass a plain-text article")
    best = matches[0]
    for name in PREFERRED_LEGACY_ENCODINGS:
        for match in matches:
            if match.encoding == name and match.chaos <= best.chaos + ENCODING_CHAOS_TOLERANCE:
                return str(match), name
    return str(best), best.encoding


def _check_text(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "file is empty (only whitespace)", "pass an article with text in it")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(path, "looks binary (control characters)", "pass a plain-text article")
    return text


def parse_source(text: str, *, source_id: str, path: str) -> Source:
    """Build a `Source` from decoded text (pure).

    Newlines are normalised to "\\n" and the text to NFC when that changes it; `Source.text`
    is the normalised text and every offset indexes it. Metadata comes from YAML front
    matter when present, otherwise it is inferred and the field names listed in `inferred`.
    """
    text = normalise_text(text)
    if not text.strip():
        raise InputError(path, "file is empty (only whitespace)", "pass an article with text in it")
    meta, content_start = _front_matter(text, path)
    units = _units(text, content_start)
    body = tuple(u.body for u in units if u.body is not None)
    if not body:
        raise InputError(
            path,
            "no statements found (only headlines, datelines or metadata)",
            "pass an article whose paragraphs are full sentences",
        )

    inferred: list[str] = []
    header = _header(units)
    body_text = " ".join(text[s:e] for s, e in body)

    def pick(name: str, guess: str | None) -> str | None:
        if name in meta:
            return meta[name]
        if guess is not None:
            inferred.append(name)
        return guess

    language = pick("language", language_of(body_text)) or "en"
    title = pick("title", _infer_title(text, header))
    date = pick("date", _infer_date(text, units))
    outlet = pick("outlet", _infer_outlet(text, units, header))
    url = meta.get("url")
    role = pick("role", _infer_role(text, header, body, outlet, url)) or DEFAULT_ROLE
    order = {name: i for i, name in enumerate(FRONT_MATTER_FIELDS)}
    return Source(
        id=source_id,
        path=path,
        text=text,
        language=language,
        outlet=outlet,
        date=date,
        url=url,
        role=role,
        title=title,
        inferred=tuple(sorted(inferred, key=order.__getitem__)),
        body=body,
    )


def normalise_text(text: str) -> str:
    """Unix newlines, no BOM character, NFC; returns `text` itself when nothing changes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def language_of(text: str) -> str:
    """Return "zh" when CJK ideographs make up `CJK_LANGUAGE_SHARE` of the letters, else "en"."""
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cjk and cjk >= CJK_LANGUAGE_SHARE * (cjk + latin):
        return "zh"
    return "en"


# --- front matter -------------------------------------------------------------------------


def _front_matter(text: str, path: str) -> tuple[dict[str, str], int]:
    """Parse `---` YAML front matter at the very top; return (fields, offset after it)."""
    opening = _FRONT_MATTER_OPEN_RE.match(text)
    if not opening:
        return {}, 0
    closing = _FRONT_MATTER_CLOSE_RE.search(text, opening.end())
    if not closing:
        raise InputError(path, "front matter is not closed", "end it with a line '---'")
    try:
        data = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError as exc:
        problem = str(exc).replace("\n", " ")
        raise InputError(path, f"bad YAML front matter ({problem})", "fix the YAML") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter is not a mapping", "write 'key: value' lines")
    fields: dict[str, str] = {}
    for key in FRONT_MATTER_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, Date):
            value = value.isoformat()
        if isinstance(value, dict | list | bool):
            raise InputError(path, f"front matter '{key}' is not a plain value", "write a string")
        fields[key] = str(value).strip()
    if "role" in fields:
        fields["role"] = fields["role"].lower()
        if fields["role"] not in ROLES:
            raise InputError(
                path,
                f"front matter role '{fields['role']}' is unknown",
                f"use one of: {', '.join(ROLES)}",
            )
    if "language" in fields:
        fields["language"] = fields["language"].lower()
    return fields, closing.end()


# --- body ---------------------------------------------------------------------------------


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from `start`, newline excluded."""
    pos = start
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        yield pos, end
        if nl < 0:
            return
        pos = nl + 1


def _blocks(text: str, start: int) -> list[list[tuple[int, int]]]:
    """Blank-line separated blocks of stripped non-blank lines."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for s, e in _lines(text, start):
        stripped = _strip(text, s, e)
        if stripped is None:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(stripped)
    if current:
        blocks.append(current)
    return blocks


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _is_open(line: str) -> bool:
    return not _TERMINAL_RE.search(line)


def _is_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    """A hard-wrapped paragraph: several long-ish lines, most of them ending mid-sentence."""
    if len(block) < MIN_WRAPPED_LINES:
        return False
    inner = [text[s:e] for s, e in block[:-1]]
    open_share = sum(_is_open(line) for line in inner) / len(inner)
    mean = sum(len(line) for line in inner) / len(inner)
    last = text[block[-1][0] : block[-1][1]]
    return (
        open_share >= MIN_WRAPPED_OPEN_SHARE
        and mean >= MIN_WRAPPED_LINE_CHARS
        and not _is_open(last)
    )


def _units(text: str, start: int) -> list[_Unit]:
    units: list[_Unit] = []
    for block in _blocks(text, start):
        spans = [(block[0][0], block[-1][1])] if _is_wrapped(text, block) else block
        units.extend(_classify(text, s, e) for s, e in spans)
    return units


def _is_meta_line(line: str) -> bool:
    """Timestamps, reading times, bylines, credits, bare URLs: lines that carry no statement."""
    if _BYLINE_RE.match(line) or _CREDITS_RE.match(line) or _URL_ONLY_RE.match(line):
        return True
    if _dateline(line, standalone=True) or _CJK_DATELINE_LINE_RE.match(line):
        return True
    if not _META_TOKEN_RE.search(line):
        return False
    residue = _META_TOKEN_RE.sub(" ", line)
    return _META_RESIDUE_RE.fullmatch(residue) is not None


def _dateline(text: str, *, standalone: bool = False) -> re.Match[str] | None:
    """A dateline at the start of `text` (or making up all of it when `standalone`).

    It needs an all-caps place ("WASHINGTON —"), a date or a wire tag: a capitalised word
    followed by a dash is not enough.
    """
    m = (_DATELINE_LINE_RE if standalone else _DATELINE_RE).match(text)
    if not m or not m.group(0).strip():
        return None
    if not standalone and not _SENTENCE_OPENING_RE.match(text, m.end()):
        return None
    tagged = m.group("date") or m.group("agency") or m.group("wire")
    if tagged or (m.group("caps") and not standalone):
        return m
    return None


def _wire_name(tag: str | None) -> str | None:
    if not tag:
        return None
    tag = tag.strip()
    return _AGENCIES.get(tag.lower(), tag)


def _classify(text: str, start: int, end: int) -> _Unit:
    line = text[start:end]
    if _is_meta_line(line):
        m = _dateline(line, standalone=True) or _CJK_DATELINE_LINE_RE.match(line)
        return _Unit(start, end, "meta", dates=(line,), wire=_wire_name(m and m.group("agency")))
    # An embedded tweet ends in its signature, not in a full stop: it is not a headline.
    is_tweet = _TWEET_SIGNATURE_RE.search(line) is not None
    if _MD_HEADING_RE.match(line) or (
        not is_tweet and _is_open(line) and len(line) <= MAX_HEADING_CHARS
    ):
        return _Unit(start, end, "heading")
    s, e, dates, wire = _trim_body(text, start, end)
    if s >= e or not _LETTER_RE.search(text[s:e]):
        return _Unit(start, end, "meta", dates=dates, wire=wire)
    return _Unit(start, end, "body", body=(s, e), dates=dates, wire=wire)


def _trim_body(text: str, start: int, end: int) -> tuple[int, int, tuple[str, ...], str | None]:
    """Cut list/quote markers, datelines and date labels at the start, tweet tails at the end.

    Returns the remaining (start, end), the cut date-bearing prefixes and any wire tag.
    """
    dates: list[str] = []
    wire: str | None = None
    while start < end:
        segment = text[start:end]
        marker = _MD_MARKER_RE.match(segment)
        label = _DATE_LABEL_PREFIX_RE.match(segment)
        dateline = _dateline(segment)
        cjk = _CJK_DATELINE_RE.match(segment)
        cut = marker or label or dateline or cjk
        if not cut:
            break
        if cut is not marker:
            dates.append(cut.group(0))
        if cut is dateline or cut is cjk:
            wire = wire or _wire_name(cut.group("agency") or cut.groupdict().get("wire"))
        start += cut.end()
    tail = _TWEET_SIGNATURE_RE.search(text, start, end)
    if tail:
        end = tail.start()
        links = _TRAILING_LINKS_RE.search(text, start, end)
        if links:
            end = links.start()
    stripped = _strip(text, start, end)
    if stripped is None:
        return start, start, tuple(dates), wire
    return stripped[0], stripped[1], tuple(dates), wire


# --- metadata inference ---------------------------------------------------------------------


def _header(units: list[_Unit]) -> list[_Unit]:
    """Units before the first body unit: headline, site name, byline, timestamp."""
    header: list[_Unit] = []
    for unit in units:
        if unit.kind == "body":
            break
        header.append(unit)
    return header


def _infer_title(text: str, header: list[_Unit]) -> str | None:
    """The longest headline above the body (site names are shorter), wire prefix removed."""
    headings = [text[u.start : u.end] for u in header if u.kind == "heading"]
    if not headings:
        return None
    title = max(headings, key=len)
    title = _MD_HEADING_RE.sub("", title)
    title = _AGENCY_PREFIX_RE.sub("", title).strip(" *_")
    return title or None


def _infer_date(text: str, units: list[_Unit]) -> str | None:
    """First date in a metadata line, dateline or date label; failing that, in a headline."""
    candidates = [d for unit in units for d in unit.dates]
    candidates += [text[u.start : u.end] for u in units if u.kind == "heading"]
    for candidate in candidates:
        found = find_date(candidate)
        if found:
            return found
    return None


def find_date(text: str) -> str | None:
    """The first full calendar date in `text` as ISO "YYYY-MM-DD", or None."""
    for m in _DATE_RE.finditer(text):
        groups = m.groupdict()
        if groups["iy"]:
            y, mo, d = int(groups["iy"]), int(groups["im"]), int(groups["id"])
        elif groups["y1"]:
            y, mo, d = int(groups["y1"]), _month(groups["m1"]), int(groups["d1"])
        elif groups["y2"]:
            y, mo, d = int(groups["y2"]), _month(groups["m2"]), int(groups["d2"])
        else:
            y, mo, d = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
        try:
            return Date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def _month(name: str) -> int:
    return _MONTHS[name.strip(".").lower()[:3]]


def _infer_outlet(text: str, units: list[_Unit], header: list[_Unit]) -> str | None:
    """A wire tag in a dateline (`(Reuters) -`, `/PRNewswire/`, 新华社…电), else a header line's."""
    for unit in units:
        if unit.wire:
            return unit.wire
    for unit in header:
        line = text[unit.start : unit.end]
        label = _SOURCE_LABEL_RE.match(line)
        if label:
            return label.group("name")
        named = _AGENCY_NAME_RE.search(line)
        if named:
            return _wire_name(named.group(0))
    return None


def _infer_role(
    text: str,
    header: list[_Unit],
    body: tuple[tuple[int, int], ...],
    outlet: str | None,
    url: str | None,
) -> str:
    """Return "primary" for a government's own readout (site, name or voice), else "secondary"."""
    if url:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
        if _GOV_HOST_RE.search(host):
            return "primary"
    if outlet and _GOV_OUTLET_RE.search(outlet):
        return "primary"
    lines = [text[u.start : u.end] for u in header] + [text[body[0][0] : body[0][1]]]
    if any(_READOUT_VOICE_RE.match(_MD_HEADING_RE.sub("", line)) for line in lines):
        return "primary"
    return DEFAULT_ROLE
