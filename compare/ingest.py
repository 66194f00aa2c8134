"""Read one article into a `Source`: decode, extract, front matter, metadata, statement body.

`load_source` does the I/O (read a file or stdin, decode); `parse_source` (text) and
`parse_html` (a saved web page) are pure and do the rest. Every rule here is about the
*shape* of news text (datelines, wire tags, headlines, timestamps, bylines), never about the
words of a particular article.

Offsets: `Source.text` is always the text statements index into. For .txt/.md it is the
decoded file (newlines and NFC normalised); for HTML it is the article's main text as
extracted by trafilatura (boilerplate, navigation, scripts, ads and comments dropped), one
paragraph per blank-line separated block, headings marked "#", list items "-". `Source.path`
keeps the original file, so a reader can always go back to the page itself.
"""

from __future__ import annotations

import codecs
import os
import re
import select
import stat
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlparse

from compare.errors import InputError, InputWarning, UsageError
from compare.models import ROLES, Source
from compare.outlet import infer_outlet

if TYPE_CHECKING:
    from lxml.etree import _Element

#: Largest input read, in bytes; a news article is well under 1 MB, a saved page a few MB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Environment variable that overrides `DEFAULT_MAX_BYTES` ("50M", "2G", "800k", "1000000").
MAX_BYTES_ENV = "READOUT_MAX_BYTES"
#: Environment variable naming the encoding every input is decoded with (`--encoding`).
ENCODING_ENV = "READOUT_ENCODING"
#: Bytes read at a time: memory holds the input once, never the limit.
READ_CHUNK = 1024 * 1024
#: A pipe (FIFO) input that stays silent this long is refused rather than waited on forever.
PIPE_IDLE_SECONDS = 30.0
#: Invalid bytes a UTF-8 file may have (per valid multi-byte character) and still be read as
#: UTF-8, the bad bytes replaced: a damaged UTF-8 file, not another encoding.
MAX_BAD_UTF8_SHARE = 1.0
#: Share of NUL bytes at odd (or even) positions from which BOM-less text is UTF-16.
UTF16_NUL_SHARE = 0.4
#: Share of non-ASCII bytes standing alone (between ASCII bytes) from which a text is in a
#: single-byte code page (an accented letter here and there), never GB18030 or Big5, whose
#: characters are pairs of non-ASCII bytes.
SINGLE_BYTE_SHARE = 0.9
#: The path that means standard input, and how it is named in messages and reports.
STDIN_PATH = "-"
STDIN_NAME = "<stdin>"
#: Suffixes read as saved web pages; other files are sniffed for an HTML document start.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Languages at least one embedding backend handles: Universal Sentence Encoder multilingual
#: v3's sixteen. `language_of` tells scripts apart, not Latin-script languages, so it reports
#: every Latin-script text as "en"; French, German etc. are embedded just the same.
SUPPORTED_LANGUAGES = frozenset(
    ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh")
)
DEFAULT_ROLE = "secondary"
FRONT_MATTER_FIELDS = ("outlet", "date", "url", "language", "role", "title")
# A line without sentence-final punctuation up to this length is a headline, subhead or site name.
MAX_HEADING_CHARS = 200
# Longest line read as a timestamp/reading-time line ("Updated 3:05 PM EDT, Mon September 18,
# 2023 · 4 min read" is 50 characters; four such lines run together stay under this).
MAX_META_LINE_CHARS = 240
# Share of CJK characters among letters from which a text counts as Chinese (Japanese,
# Korean). Below one half because one ideograph carries about as much as a short word.
CJK_LANGUAGE_SHARE = 0.3
# Share of kana among the CJK characters from which Chinese-looking text is Japanese: Chinese
# has none, Japanese prose a third or more.
JAPANESE_KANA_SHARE = 0.1
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
# A shorter block (two lines: `fmt`/`fill` at 72 columns wraps most news paragraphs into two)
# is a wrapped paragraph when every line but the last is at least this share of the text's
# longest line, one of them ends mid-sentence and the last ends a sentence. A text that is
# not hard-wrapped has long one-line paragraphs, so its headlines never come near that.
WRAP_FILL_SHARE = 0.75
# Lines so filled and ending mid-sentence the text needs before it counts as hard-wrapped.
MIN_FILLED_LINES = 2

_RESAVE = "re-save it as UTF-8 text"
_PLAIN = "save the article as .txt, .md or .html"
# File signatures of formats people mistake for articles, named so the message can say which.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (Word, OpenDocument or EPUB?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
# WHATWG: pages labelled with these are decoded with the superset on the right.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_HTML_START_RE = re.compile(
    rb"\A(?:\s|<\?xml[^>]*>|<!--.*?-->)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_SIZE_RE = re.compile(r"(?i)^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# A word a statement can be made of: two letters, or one CJK character. Hashtags, handles and
# links carry no statement.
_WORD_RE = re.compile(rf"[^\W\d_]{{2,}}|[{_CJK}]")
_NON_WORD_TOKEN_RE = re.compile(r"^(?:[#@]\S*|\S*://\S*|\S*www\.\S*|\S+\.(?:com|org|net)/\S*)$")
# Scripts, each with the language it is read as (ISO 639-1) and the ranges of its letters.
# CJK scripts weigh more per character (see CJK_LANGUAGE_SHARE).
_SCRIPTS = (
    ("en", "Latin", "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"),
    ("zh", "Chinese", _CJK + "\U00020000-\U0002ebef"),
    ("ja", "Japanese kana", _KANA),
    ("ko", "Korean", _HANGUL),
    ("ru", "Cyrillic", "\u0400-\u052f\u1c80-\u1c8f"),
    ("ar", "Arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"),
    ("th", "Thai", "\u0e00-\u0e7f"),
    ("el", "Greek", "\u0370-\u03ff\u1f00-\u1fff"),
    ("hy", "Armenian", "\u0530-\u058f"),
    ("he", "Hebrew", "\u0590-\u05ff\ufb1d-\ufb4f"),
    ("hi", "Devanagari", "\u0900-\u097f"),
    ("bn", "Bengali", "\u0980-\u09ff"),
    ("pa", "Gurmukhi", "\u0a00-\u0a7f"),
    ("gu", "Gujarati", "\u0a80-\u0aff"),
    ("or", "Odia", "\u0b00-\u0b7f"),
    ("ta", "Tamil", "\u0b80-\u0bff"),
    ("te", "Telugu", "\u0c00-\u0c7f"),
    ("kn", "Kannada", "\u0c80-\u0cff"),
    ("ml", "Malayalam", "\u0d00-\u0d7f"),
    ("si", "Sinhala", "\u0d80-\u0dff"),
    ("lo", "Lao", "\u0e80-\u0eff"),
    ("bo", "Tibetan", "\u0f00-\u0fff"),
    ("my", "Myanmar", "\u1000-\u109f"),
    ("ka", "Georgian", "\u10a0-\u10ff\u1c90-\u1cbf"),
    ("am", "Ethiopic", "\u1200-\u139f\u2d80-\u2ddf"),
    ("km", "Khmer", "\u1780-\u17ff"),
    ("mn", "Mongolian", "\u1800-\u18af"),
)
_CJK_CODES = ("zh", "ja", "ko")
_SCRIPT_NAMES = {code: name for code, name, _ in _SCRIPTS}
_SCRIPT_RES = tuple((code, re.compile(f"[{ranges}]+")) for code, _, ranges in _SCRIPTS)
_UNLISTED_LETTERS_RE = re.compile(rf"[^\W\d_{''.join(ranges for _, _, ranges in _SCRIPTS)}]+")
# Letters of a script not listed above (Cherokee, Vai, ...): a language no backend knows.
UNDETERMINED = "und"

# Sentence-final punctuation, optionally followed by closing quotes and brackets. Thai marks
# no sentence end, so a line that ends in a Thai letter counts as ended.
_TERMINAL_RE = re.compile(r"(?:[.!?。！？…؟۔][\"'”’」』）)\]*_]*|[\u0e01-\u0e5b])\s*$")
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
GOV_OUTLET_RE = re.compile(
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


def load_source(
    path: str | Path,
    source_id: str,
    *,
    max_bytes: int | None = None,
    stdin: BinaryIO | None = None,
    encoding: str | None = None,
) -> Source:
    """Read, decode and parse the article at `path` ("-" reads standard input).

    Saved web pages (.html, .htm, or any file that starts like an HTML document) go through
    `parse_html`, other files through `parse_source`. `max_bytes` defaults to the
    `READOUT_MAX_BYTES` environment variable, else `DEFAULT_MAX_BYTES`; `stdin` stands in for
    `sys.stdin.buffer`. `encoding` (default: `READOUT_ENCODING`, else detected) decodes
    every file without a byte-order mark. Raises `InputError` (naming the file, "<stdin>"
    for "-") for a missing path, a directory, a device, a silent pipe, an empty, binary or
    oversized file, undecodable text, bad front matter, a script no backend supports, or no
    statements. A damaged file read anyway (bytes replaced) gives an `InputWarning`.
    """
    limit = max_bytes_setting() if max_bytes is None else max_bytes
    forced = encoding_setting() if encoding is None else check_encoding(encoding)
    if str(path) == STDIN_PATH:
        shown = STDIN_NAME
        data = _read_stdin(stdin if stdin is not None else sys.stdin.buffer, limit)
        is_html = looks_like_html(data)
    elif not str(path):
        raise InputError("''", "is an empty path", "pass the path of an article file")
    else:
        shown = str(path)
        data = _read_file(Path(path), shown, limit)
        is_html = Path(path).suffix.lower() in HTML_SUFFIXES or looks_like_html(data)
    text, used = decode(data, path=shown, html=is_html, encoding=forced)
    if is_html:
        source = parse_html(text, source_id=source_id, path=shown)
    else:
        source = parse_source(text, source_id=source_id, path=shown)
    return replace(source, encoding=used)


def encoding_setting() -> str | None:
    """The encoding forced by `READOUT_ENCODING`, or None to detect."""
    value = os.environ.get(ENCODING_ENV, "").strip()
    return check_encoding(value, option=ENCODING_ENV) if value else None


def check_encoding(name: str, *, option: str = "--encoding") -> str:
    """The text codec's canonical name; `UsageError` for one Python does not know."""
    try:
        codec = codecs.lookup(name).name
        "".encode(codec)  # bytes-to-bytes codecs (base64, ...) refuse this
    except LookupError:
        raise UsageError(
            f"{option}={name!r} is not a known text encoding; use e.g. utf-8, cp1252, gb18030"
        ) from None
    return codec


def max_bytes_setting() -> int:
    """The input size limit: `READOUT_MAX_BYTES` when set, else `DEFAULT_MAX_BYTES`."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    return parse_size(value, name=MAX_BYTES_ENV) if value else DEFAULT_MAX_BYTES


def parse_size(value: str, *, name: str = "size") -> int:
    """Bytes in "20000000", "800k", "50M", "2G" or "1.5GB" (binary multiples)."""
    m = _SIZE_RE.match(value)
    if not m:
        raise UsageError(f"{name}={value!r} is not a size; write bytes or e.g. 50M, 2G")
    scale = 1024 ** " kmg".index(m.group(2).lower() or " ")
    size = int(float(m.group(1)) * scale)
    if size <= 0:
        raise UsageError(f"{name}={value!r} must be more than zero bytes")
    return size


def _read_file(p: Path, shown: str, limit: int) -> bytes:
    """At most `limit` bytes of `p`, read in `READ_CHUNK` steps (memory holds what was read,
    never the limit). Devices and sockets are refused; a pipe (FIFO, `<(command)`) is read
    until its writer closes it, and refused if it stays silent for `PIPE_IDLE_SECONDS`."""
    try:
        if not p.exists():
            raise InputError(shown, "no such file", "check the path")
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(shown, "is a directory", f"pass an article file; {_PLAIN}")
        if stat.S_ISFIFO(mode):
            return _read_pipe(p, shown, limit)
        if not stat.S_ISREG(mode):
            raise InputError(
                shown, "is a device or socket, not a file", f"pass an article file; {_PLAIN}"
            )
        if p.stat().st_size > limit:
            raise _too_large(shown, limit)
        with p.open("rb") as handle:
            return _read_bounded(handle.read, shown, limit)
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror or exc})"
        raise InputError(shown, problem, "check the path and its permissions") from exc


def _read_bounded(read: Callable[[int], bytes | None], shown: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read(min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large(shown, limit)
    return b"".join(chunks)


def _read_pipe(p: Path, shown: str, limit: int) -> bytes:
    """A FIFO's bytes until its writer closes it; `InputError` when it is silent too long."""
    # Non-blocking, so that opening a FIFO nobody writes to does not hang.
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    try:

        def read(size: int) -> bytes:
            while True:
                ready, _, _ = select.select([fd], [], [], PIPE_IDLE_SECONDS)
                if not ready:
                    raise InputError(
                        shown,
                        f"is a pipe nothing was written to for {PIPE_IDLE_SECONDS:.0f} s",
                        "write the article into it, or pass a file",
                    )
                try:
                    return os.read(fd, size)
                except BlockingIOError:
                    continue

        return _read_bounded(read, shown, limit)
    finally:
        os.close(fd)


def _read_stdin(stream: BinaryIO, limit: int) -> bytes:
    if stream.isatty():
        raise InputError(
            STDIN_NAME,
            "is a terminal, not an article",
            "pipe one in, e.g. readout diff - b.txt < a.txt",
        )
    return _read_bounded(stream.read, STDIN_NAME, limit)


def _too_large(shown: str, limit: int) -> InputError:
    return InputError(
        shown,
        f"is over the {limit}-byte size limit",
        f"pass a single article, or raise the limit with {MAX_BYTES_ENV} (e.g. 100M)",
    )


def looks_like_html(data: bytes) -> bool:
    """Whether `data` starts like an HTML document (after any BOM, XML declaration, comments)."""
    head = data[:4096]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding.removesuffix("-sig"), "ignore").encode()
            break
    return _HTML_START_RE.match(head) is not None


def decode(
    data: bytes, *, path: str, html: bool = False, encoding: str | None = None
) -> tuple[str, str]:
    """Decode file bytes to text; return (text, encoding name).

    BOMs decide first (UTF-8, UTF-16, UTF-32); then `encoding` when given (bytes it cannot
    decode replaced, with an `InputWarning`); then BOM-less UTF-16 (NULs in every other
    byte); then strict UTF-8; then UTF-8 with a few damaged bytes (replaced, with a
    warning); then, for HTML, the charset the page declares; then cp1252 when the non-ASCII
    bytes stand alone (accented letters in Latin text); then charset_normalizer, preferring
    GB18030, Big5 and cp1252 when it finds them about as plausible as its own pick.
    """
    if not data.strip():
        raise InputError(path, "file is empty", "pass an article with text in it")
    for bom, marked in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(marked.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"has a {marked} byte-order mark but is not {marked}", _RESAVE
                ) from exc
            return _check_text(text, path), marked
    if encoding is not None:
        try:
            return _check_text(data.decode(encoding), path), encoding
        except UnicodeDecodeError as exc:
            _warn_replaced(path, exc, encoding)
            return _check_text(data.decode(encoding, "replace"), path), encoding
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"is {kind}, not text", _PLAIN)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _check_text(data.decode(utf16), path), utf16
    if b"\x00" in data:
        raise InputError(path, "looks binary (contains NUL bytes)", _PLAIN)
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError as exc:
        # A download cut off inside the last character is still UTF-8.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return _check_text(data[: exc.start].decode("utf-8"), path), "utf-8"
        damaged = _damaged_utf8(data)
        if damaged is not None:
            _warn_replaced(path, exc, "utf-8")
            return _check_text(damaged, path), "utf-8"
    declared = _declared_charset(data) if html else None
    if declared:
        try:
            return _check_text(data.decode(declared), path), declared
        except UnicodeDecodeError:
            pass  # a wrong label is common; let the detector decide
    if _single_byte(data):
        for legacy in ("cp1252", "latin-1"):
            try:
                return _check_text(data.decode(legacy), path), codecs.lookup(legacy).name
            except UnicodeDecodeError:
                continue
    text, detected = _detect(data, path)
    return _check_text(text, path), detected


def _warn_replaced(path: str, exc: UnicodeDecodeError, encoding: str) -> None:
    warnings.warn(
        InputWarning(
            f"{path}: bytes that are not {encoding} (the first at byte {exc.start}) were "
            f"replaced by U+FFFD; re-save it as UTF-8, or pass --encoding"
        ),
        stacklevel=3,
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when NULs fill the high bytes of BOM-less UTF-16 text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    for codec, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros.count(0) >= UTF16_NUL_SHARE * half:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def _damaged_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 with its bad bytes replaced, when it is UTF-8 with a few damaged
    bytes: at most `MAX_BAD_UTF8_SHARE` bad bytes per valid multi-byte character."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid = non_ascii - text.count("\ufffd")
    if valid > 0 and bad <= MAX_BAD_UTF8_SHARE * valid:
        return text
    return None


_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")


def _single_byte(data: bytes) -> bool:
    """Whether the non-ASCII bytes mostly stand alone, as accented letters of a Latin text
    in a single-byte code page do (GB18030 and Big5 characters are pairs of them)."""
    runs = _HIGH_RUN_RE.findall(data)
    high = sum(map(len, runs))
    if not high:
        return False
    alone = sum(1 for run in runs if len(run) == 1)
    return alone >= SINGLE_BYTE_SHARE * high


def _declared_charset(data: bytes) -> str | None:
    """The codec named by a page's `<meta charset>` (WHATWG aliases applied), if Python has it."""
    m = _META_CHARSET_RE.search(data[:8192])
    if not m:
        return None
    label = m.group(1).decode("ascii", "ignore").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """Guess a legacy encoding (GB18030, Big5, cp1252, ...) with charset_normalizer."""
    # Imported here: only files that are not UTF-8 need the detector (~70 ms to import).
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(path, "looks binary (no text encoding fits)", _PLAIN)
    best = matches[0]
    for name in PREFERRED_LEGACY_ENCODINGS:
        for match in matches:
            # A match stands for every code page that decodes the bytes the same way.
            same = (match.encoding, *match.could_be_from_charset)
            if name in same and match.chaos <= best.chaos + ENCODING_CHAOS_TOLERANCE:
                try:
                    return data.decode(name), name
                except UnicodeDecodeError:
                    return str(match), match.encoding
    return str(best), best.encoding


# Control characters (Unicode category Cc) other than tab, newline, CR, form feed, vertical tab.
_CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "file is empty (only whitespace)", "pass an article with text in it")
    controls = len(_CONTROL_CHARS_RE.findall(text))
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(path, "looks binary (control characters)", _PLAIN)
    return text


def parse_source(
    text: str, *, source_id: str, path: str, meta: Mapping[str, str] | None = None
) -> Source:
    """Build a `Source` from decoded text (pure).

    Newlines are normalised to "\\n" and the text to NFC when that changes it; `Source.text`
    is the normalised text and every offset indexes it. Metadata comes from YAML front
    matter, then from `meta` (fields a page declares, see `parse_html`); what neither gives
    is inferred from the text and its name listed in `inferred`. Raises `InputError` when
    there is no statement, or when the text is in a script no backend supports.
    """
    text = normalise_text(text)
    if not text.strip():
        raise InputError(path, "file is empty (only whitespace)", "pass an article with text in it")
    front, content_start = _front_matter(text, path)
    given = {k: v for k, v in (meta or {}).items() if k in FRONT_MATTER_FIELDS and v}
    given.update(front)
    units = _units(text, content_start)
    body = tuple(u.body for u in units if u.body is not None)
    # The language of the body; of all the text when there is no body, since a script whose
    # full stops readout does not know leaves none (and is the better thing to report).
    body_text = " ".join(text[s:e] for s, e in body) if body else text[content_start:]
    detected = language_of(body_text)
    if detected not in SUPPORTED_LANGUAGES:
        script = _SCRIPT_NAMES.get(detected, "an unknown")
        raise InputError(
            path,
            f"is written in {script} script, which no embedding backend supports",
            "readout reads Latin-script languages, Chinese, Japanese, Korean, Russian, Arabic"
            " and Thai",
        )
    if not body:
        raise InputError(
            path,
            "no statements found (only headlines, datelines or metadata)",
            "pass an article whose paragraphs are full sentences",
        )

    inferred: list[str] = []
    header = _header(units)

    def pick(name: str, guess: str | None) -> str | None:
        if name in given:
            return given[name]
        if guess is not None:
            inferred.append(name)
        return guess

    language = pick("language", detected) or "en"
    title = pick("title", _infer_title(text, header))
    date = pick("date", _infer_date(text, units))
    outlet = pick(
        "outlet",
        infer_outlet(
            text,
            [(u.start, u.end) for u in header],
            body,
            url=given.get("url"),
            tagged=_infer_outlet(text, units, header),
        ),
    )
    url = given.get("url")
    reason = primary_reason(text, header, body, outlet, url)
    role = pick("role", "primary" if reason else DEFAULT_ROLE) or DEFAULT_ROLE
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
        role_reason=reason if "role" in inferred else None,
        body=body,
    )


def unwrapped_text(source: Source) -> str:
    """`source.text` with the line breaks inside hard-wrapped paragraphs made spaces.

    One character for one, so offsets (and the file's line numbers, counted on
    `source.text`) stay valid; for code that reads a paragraph as one line (quote pairing).
    """
    text = source.text
    wrapped = [(s, e) for s, e in source.body if text.find("\n", s, e) >= 0]
    if not wrapped:
        return text
    chars = list(text)
    for s, e in wrapped:
        for i in range(s, e):
            if chars[i] == "\n":
                chars[i] = " "
    return "".join(chars)


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
    """The language `text` is written in, as far as its script tells (ISO 639-1).

    Letters are counted per script (CJK characters weighted so that a text counts as
    Chinese, Japanese or Korean from `CJK_LANGUAGE_SHARE` of its letters); the script with
    most wins. Latin script gives "en", Han "zh" ("ja" when kana make up
    `JAPANESE_KANA_SHARE` of it), Hangul "ko", Cyrillic "ru", Arabic script "ar", Thai "th";
    other scripts their main language ("hi" for Devanagari, "am" for Ethiopic, ...), and
    letters of no listed script "und". Text without letters is "en".
    """
    if text.isascii():  # most English sentences: no need to count scripts
        return "en"
    counts = {code: sum(map(len, pattern.findall(text))) for code, pattern in _SCRIPT_RES}
    counts[UNDETERMINED] = sum(map(len, _UNLISTED_LETTERS_RE.findall(text)))
    han, kana = counts.pop("zh"), counts.pop("ja")
    # Japanese mixes kanji with kana: Han and kana count together, the kana share decides.
    counts = {"zh": han + kana, "ko": counts.pop("ko"), **counts}
    cjk_weight = (1 - CJK_LANGUAGE_SHARE) / CJK_LANGUAGE_SHARE
    # Rounded so that float error cannot decide a tie; CJK comes first and wins ties.
    weighted = {
        code: round(n * (cjk_weight if code in _CJK_CODES else 1), 6) for code, n in counts.items()
    }
    best = max(weighted, key=weighted.__getitem__)
    if weighted[best] == 0:
        return "en"
    if best == "zh" and kana >= JAPANESE_KANA_SHARE * (han + kana):
        return "ja"
    return best


def has_statement_words(text: str) -> bool:
    """Whether `text` has a word a statement can be made of (not a hashtag, handle or link)."""
    return any(
        _WORD_RE.search(token) and not _NON_WORD_TOKEN_RE.match(token) for token in text.split()
    )


# --- HTML -----------------------------------------------------------------------------------


def parse_html(html: str, *, source_id: str, path: str) -> Source:
    """Build a `Source` from a saved web page (pure apart from trafilatura's import).

    `Source.text` is the main text trafilatura extracts (see `html_to_text`); title, date,
    site name (as outlet) and URL come from the page's metadata where it has them, and count
    as given, not inferred. Raises `InputError` when the page has no article text.
    """
    text, meta = html_to_text(html, path=path)
    return parse_source(text, source_id=source_id, path=path, meta=meta)


def html_to_text(html: str, *, path: str) -> tuple[str, dict[str, str]]:
    """The article text of a page and its metadata (title, date, outlet, url).

    Paragraphs, headings ("# ..."), list items ("- ...", one per line), quotations and
    table cells each become a blank-line separated block; line breaks inside a paragraph
    stay line breaks; other runs of whitespace (including no-break spaces) become one space.
    """
    trafilatura = _trafilatura()
    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_images=False, with_metadata=True
        )
    except (ValueError, TypeError) as exc:  # lxml on markup it cannot parse at all
        raise InputError(path, f"cannot be parsed as HTML ({exc})", _PLAIN) from exc
    body = getattr(doc, "body", None)
    text = "\n\n".join(_html_blocks(body)) if body is not None else ""
    if not text.strip():
        raise InputError(
            path, "no article text found in the page", "save the article's text as .txt instead"
        )
    meta = {
        "title": getattr(doc, "title", None),
        "date": getattr(doc, "date", None),
        "outlet": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
    }
    return text + "\n", {k: " ".join(str(v).split()) for k, v in meta.items() if v}


def _trafilatura() -> ModuleType:
    """trafilatura, imported on first use (it takes a quarter of a second)."""
    import logging

    import trafilatura

    # Its helpers log parsing trouble; without a handler Python prints that on stderr,
    # where only readout's own one-line errors belong.
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    return trafilatura


# trafilatura's output tree: blocks that hold blocks, blocks that hold text, and line breaks.
_HTML_CONTAINERS = frozenset(("body", "div", "main", "quote", "list", "table", "row", "section"))
_HTML_HEADINGS = frozenset(("head",))
_HTML_LIST_ITEMS = frozenset(("item",))
_HTML_LINES = frozenset(("item", "p", "head", "list", "quote", "row", "cell"))


def _html_blocks(element: _Element) -> Iterator[str]:
    """Text blocks of trafilatura's tree, in document order."""
    if element.tag in _HTML_CONTAINERS:
        lead = _inline_text(element.text or "")
        if lead:
            yield lead
        items: list[str] = []
        for child in element:
            if child.tag in _HTML_LIST_ITEMS:
                item = _inline(child)
                if item:
                    items.append(f"- {item}")
                continue
            if items:
                yield "\n".join(items)
                items = []
            yield from _html_blocks(child)
            tail = _inline_text(child.tail or "")
            if tail:
                yield tail
        if items:
            yield "\n".join(items)
        return
    text = _inline(element)
    if not text:
        return
    if element.tag in _HTML_HEADINGS:
        level = str(element.get("rend", "h2"))[1:]
        text = f"{'#' * int(level) if level.isdigit() and 0 < int(level) < 7 else '##'} {text}"
    yield text


def _inline(element: _Element) -> str:
    """The text of a block, its `<lb/>` line breaks kept, whitespace runs collapsed."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        if node.tag == "lb" or (node is not element and node.tag in _HTML_LINES):
            parts.append("\n")  # a nested item or paragraph starts a line of its own
        if node.tag != "lb" and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (_inline_text(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _inline_text(text: str) -> str:
    return " ".join(text.split())


# --- front matter -------------------------------------------------------------------------


def _front_matter(text: str, path: str) -> tuple[dict[str, str], int]:
    """Parse `---` YAML front matter at the very top; return (fields, offset after it).

    Every known field is validated (`_front_matter_value`); unknown keys are ignored.
    """
    opening = _FRONT_MATTER_OPEN_RE.match(text)
    if not opening:
        return {}, 0
    closing = _FRONT_MATTER_CLOSE_RE.search(text, opening.end())
    if not closing:
        raise InputError(path, "front matter is not closed", "end it with a line '---'")
    import yaml  # only files with front matter pay for importing it

    try:
        data = yaml.load(text[opening.end() : closing.start()], Loader=_yaml_loader())  # noqa: S506
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise InputError(path, f"bad YAML front matter ({problem})", "fix the YAML") from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # An explicit tag the value does not fit (`!!float abc`, `!!timestamp 2023-02-30`).
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(path, f"bad YAML front matter ({problem})", "fix the YAML") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter is not a mapping", "write 'key: value' lines")
    fields: dict[str, str] = {}
    for key in FRONT_MATTER_FIELDS:
        value = _front_matter_value(key, data.get(key), path)
        if value:
            fields[key] = value
    return fields, closing.end()


_LANGUAGE_TAG_RE = re.compile(r"(?i)^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")
#: Longest front-matter value kept; a title or outlet is a line, not a page.
MAX_FRONT_MATTER_CHARS = 1000


def _front_matter_value(key: str, value: object, path: str) -> str | None:
    """A front-matter field checked and normalised: one line of text, a real calendar date
    (ISO "YYYY-MM-DD"), a known role, a language tag (its primary subtag). `InputError`
    naming the field, the value and the fix otherwise."""
    if value is None:
        return None
    if isinstance(value, set | frozenset):
        members = ", ".join(sorted(map(str, value)))
        raise InputError(
            path, f"front matter '{key}' is a set ({{{members}}})", "write one plain value"
        )
    if isinstance(value, dict | list | tuple | bool | bytes) or not isinstance(
        value, str | int | float | Date
    ):
        raise InputError(path, f"front matter '{key}' is not a plain value", "write a string")
    if isinstance(value, Date):
        value = value.isoformat()
    text = " ".join(str(value).split())
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not text:
        return None
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise InputError(
            path,
            f"front matter '{key}' is over {MAX_FRONT_MATTER_CHARS} characters",
            "shorten it",
        )
    if key == "date":
        found = find_date(text) if _DATE_RE.fullmatch(text) or _ISO_STAMP_RE.match(text) else None
        if found is None:
            raise InputError(
                path,
                f"front matter date '{shown}' is not a calendar date",
                "write it as YYYY-MM-DD, e.g. 2023-09-18",
            )
        return found
    if key == "role":
        role = text.lower()
        if role not in ROLES:
            raise InputError(
                path, f"front matter role '{shown}' is unknown", f"use one of: {', '.join(ROLES)}"
            )
        return role
    if key == "language":
        m = _LANGUAGE_TAG_RE.match(text)
        if not m:
            raise InputError(
                path,
                f"front matter language '{shown}' is not a language code",
                "write an ISO 639-1 code, e.g. en, zh, fr",
            )
        return m.group(1).lower()
    if key == "url" and " " in text:
        raise InputError(path, f"front matter url '{shown}' is not a URL", "write one address")
    return text


_ISO_STAMP_RE = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_LOADER: type | None = None


def _yaml_loader() -> type:
    """YAML's safe loader without implicit timestamps: `2023-02-30` stays a string for
    `_front_matter_value` to judge, instead of raising from inside the parser."""
    global _LOADER
    if _LOADER is None:
        import yaml

        resolvers = {
            first: [(tag, regexp) for tag, regexp in entries if not tag.endswith(":timestamp")]
            for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        _LOADER = type(
            "_FrontMatterLoader", (yaml.SafeLoader,), {"yaml_implicit_resolvers": resolvers}
        )
    return _LOADER


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


def _is_filled(text: str, block: list[tuple[int, int]], width: int) -> bool:
    """A paragraph filled to `width` columns: long lines but the last, the last one ending a
    sentence, some line before it ending mid-sentence, and no Markdown heading or list."""
    if len(block) < 2:
        return False
    lines = [text[s:e] for s, e in block]
    if any(_MD_HEADING_RE.match(line) or _MD_MARKER_RE.match(line) for line in lines):
        return False
    if any(_is_meta_line(line) for line in lines[:-1]):
        return False
    shortest = max(MIN_WRAPPED_LINE_CHARS, WRAP_FILL_SHARE * width)
    return (
        all(len(line) >= shortest for line in lines[:-1])
        and any(_is_open(line) for line in lines[:-1])
        and not _is_open(lines[-1])
    )


def _units(text: str, start: int) -> list[_Unit]:
    units: list[_Unit] = []
    blocks = _blocks(text, start)
    width = max((e - s for block in blocks for s, e in block), default=0)
    shortest = max(MIN_WRAPPED_LINE_CHARS, WRAP_FILL_SHARE * width)
    filled = sum(
        1 for block in blocks for s, e in block[:-1] if e - s >= shortest and _is_open(text[s:e])
    )
    hard_wrapped = filled >= MIN_FILLED_LINES
    for block in blocks:
        wrapped = _is_wrapped(text, block) or (hard_wrapped and _is_filled(text, block, width))
        spans = [(block[0][0], block[-1][1])] if wrapped else block
        units.extend(_classify(text, s, e) for s, e in spans)
    return units


def _is_meta_line(line: str) -> bool:
    """Timestamps, reading times, bylines, credits, bare URLs: lines that carry no statement."""
    if _BYLINE_RE.match(line) or _CREDITS_RE.match(line) or _URL_ONLY_RE.match(line):
        return True
    if _dateline(line, standalone=True) or _CJK_DATELINE_LINE_RE.match(line):
        return True
    # A timestamp line is short; scanning every paragraph for its tokens cost most of the
    # time ingest took on large inputs.
    if len(line) > MAX_META_LINE_CHARS or not _META_TOKEN_RE.search(line):
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
    if s >= e or not has_statement_words(text[s:e]):
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


def primary_reason(
    text: str,
    header: list[_Unit],
    body: tuple[tuple[int, int], ...],
    outlet: str | None,
    url: str | None,
) -> str | None:
    """Why a text reads as a government's own readout (site, name or voice), or None."""
    if url:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
        if _GOV_HOST_RE.search(host):
            return f"government site ({host})"
    if outlet and GOV_OUTLET_RE.search(outlet):
        return f"the outlet is a government body ({outlet})"
    lines = [text[u.start : u.end] for u in header] + [text[body[0][0] : body[0][1]]]
    for line in lines:
        line = _MD_HEADING_RE.sub("", line)
        if _READOUT_VOICE_RE.match(line):
            words = line.split()
            opener = " ".join(words[:5]) + (" …" if len(words) > 5 else "")
            return f"a readout's own opening ('{opener}')"
    return None
