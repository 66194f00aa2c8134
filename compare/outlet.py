"""Who published an article: the outlet a reader would name it by (pure, text in, name out).

`infer_outlet` looks, in order, at a name the text already tags (a wire tag in a dateline,
a "Source:" line), the page's URL, a masthead line (a government office, a bureau), a byline
or desk line ("By newsdesk-daily staff |", "Posted by TradeWatch Asia desk"), and a Chinese
news masthead (【…讯】). Every rule reads the *shape* of news text; none knows an outlet's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlparse

#: Longest outlet name kept; a longer match is a sentence, not a name.
MAX_OUTLET_CHARS = 60

# "OFFICE OF THE SPOKESPERSON", "Office of Public Affairs", "(Department of American and
# Oceanian Affairs)", "Press and Information Office of the Federal Government".
_MASTHEAD_RE = re.compile(
    r"^\(?\s*(?P<name>(?:[A-Z][\w'’-]*\s+){0,4}(?:Office|Ministry|Department|Bureau|Embassy"
    r"|Consulate|Mission|Secretariat|Agency|Commission|Council)\s+(?:of|for)\s+"
    r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of|and|the|for|[A-Z][\w'’-]*)){0,8})\s*\)?\s*$",
    re.IGNORECASE,
)
# "By newsdesk-daily staff | February 17, 2024", "Posted by TradeWatch Asia desk | ...",
# "Edited By: Web Desk".
_BYLINE_RE = re.compile(
    r"^(?:posted\s+by|edited\s+by|by)\s*:?\s+(?P<name>[^|\n]{2,80}?"
    r"(?P<desk>\s+(?:desk|newsroom|bureau))?)(?P<staff>\s+(?:staff|reporters?|correspondents?"
    r"|team|writers?))?\s*(?:\||$)",
    re.IGNORECASE,
)
# "Asia Desk | May 27, 2024 | 3 min read": a desk named before the date.
_DESK_RE = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’&-]*\s+){0,3}(?:Desk|Newsroom|Bureau))\s*\|", re.IGNORECASE
)
# 【維港日報訊】, 【本报讯】 is the paper's own voice without a name, so a name is required.
_CJK_MASTHEAD_RE = re.compile(r"【(?P<name>[^】\s]{2,12}?)(?:訊|讯)】")
_PLACEHOLDER = {"本报", "本報", "本台", "本网", "本網"}


def infer_outlet(
    text: str,
    header: Sequence[tuple[int, int]],
    body: Sequence[tuple[int, int]],
    *,
    url: str | None = None,
    tagged: str | None = None,
) -> str | None:
    """The outlet's name, or None when the text does not say.

    `header` holds the (start, end) offsets of the lines above the body (headline, masthead,
    byline, date); `body` the statement-bearing regions (only the first is read, for a
    masthead written into the lead). `tagged` is a name the text already tags (wire tag).
    """
    if tagged:
        return tagged
    host = _host(url)
    if host:
        return host
    lines = [text[s:e].strip() for s, e in header]
    for line in lines:
        m = _MASTHEAD_RE.match(line)
        if m and len(m.group("name")) <= MAX_OUTLET_CHARS:
            return _title_case(m.group("name"))
    for line in lines:
        m = _BYLINE_RE.match(line)
        if m and not (m.group("desk") or m.group("staff")):
            continue  # "By Jane Doe": a reporter, not an outlet
        m = m or _DESK_RE.match(line)
        if m:
            name = m.group("name").strip(" ,;:-")
            if 2 <= len(name) <= MAX_OUTLET_CHARS and not _names_people(name):
                return name
    lead = [text[s:e] for s, e in list(header) + list(body[:1])]
    for chunk in lead:
        m = _CJK_MASTHEAD_RE.search(chunk)
        if m and m.group("name") not in _PLACEHOLDER:
            return m.group("name")
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


def _title_case(name: str) -> str:
    """ "OFFICE OF THE SPOKESPERSON" -> "Office of the Spokesperson"; mixed case is kept."""
    if not name.isupper():
        return name
    small = {"of", "the", "and", "for"}
    words = name.lower().split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))


def _names_people(name: str) -> bool:
    """ "Jane Doe and John Roe staff": a list of reporters, not an outlet."""
    return " and " in name or "," in name
