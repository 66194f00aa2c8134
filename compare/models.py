"""The values that flow through readout. All frozen: the core never mutates what it is given."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("primary", "secondary")
SEVERITIES = ("high", "medium", "low")
FINDING_KINDS = (
    "quote_drift",
    "polarity",
    "entity",
    "number",
    "tone",
    "attribution",
    "hedge",
    "wording",
    "omission",
    "addition",
)


@dataclass(frozen=True)
class Source:
    """One input article.

    `text` is the whole decoded file text (for an HTML page, the extracted article text);
    every offset in readout indexes into it.
    `body` holds the statement-bearing regions of `text` as (start, end) pairs: front
    matter, headlines, datelines, timestamps, site names and bylines lie outside them.
    `inferred` names the metadata fields that were guessed rather than given in front matter;
    `role_reason` says why an inferred primary was taken for a government's own readout.
    """

    id: str
    path: str
    text: str
    language: str
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    role: str = "secondary"
    title: str | None = None
    encoding: str = "utf-8"
    inferred: tuple[str, ...] = ()
    body: tuple[tuple[int, int], ...] = ()
    role_reason: str | None = None


@dataclass(frozen=True)
class Statement:
    """One sentence of a source: `source.text[start:end] == text`."""

    id: str
    source: str
    index: int
    text: str
    start: int
    end: int
    language: str = "en"
    paragraph: int = 0


@dataclass(frozen=True)
class Alignment:
    """A group of statements that report the same thing.

    One shape for every case: 1:1, 1:n, n:1, and unmatched (one side empty).
    `score`, `semantic` and `lexical` are similarities in [0, 1]; 0.0 for unmatched.
    """

    a: tuple[str, ...]
    b: tuple[str, ...]
    score: float = 0.0
    semantic: float = 0.0
    lexical: float = 0.0

    @property
    def matched(self) -> bool:
        return bool(self.a) and bool(self.b)


@dataclass(frozen=True)
class Finding:
    """A difference worth a reader's attention between aligned statements.

    `a_text`/`b_text` are the shortest differing spans copied from each side, and
    `a_span`/`b_span` their offsets into the source file texts (None where that side is
    absent, as for omission and addition).
    """

    kind: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    a_text: str
    b_text: str
    a_span: tuple[int, int] | None
    b_span: tuple[int, int] | None
    severity: str
    message: str


@dataclass(frozen=True)
class Diff:
    """The comparison of two sources: `sources[0]` is "a", `sources[1]` is "b"."""

    sources: tuple[Source, Source]
    statements: tuple[Statement, ...]
    groups: tuple[Alignment, ...]
    findings: tuple[Finding, ...] = ()
    backend: str = ""
    topics: tuple[TopicCoverage, ...] = field(default=())
    #: Said at the top of every rendering: "these sources report different meetings (...)".
    notices: tuple[str, ...] = ()

    @property
    def pairs(self) -> tuple[Alignment, ...]:
        return tuple(g for g in self.groups if g.matched)

    @property
    def unmatched(self) -> tuple[str, ...]:
        return tuple(i for g in self.groups if not g.matched for i in (*g.a, *g.b))


@dataclass(frozen=True)
class TopicCoverage:
    """Which statements of each source mention a topic (Taiwan, Ukraine, ...)."""

    topic: str
    statements: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Cluster:
    """Statements of several sources that report the same thing (n-way alignment).

    `members` maps a source id to that source's statement ids in the cluster; a source with
    no entry did not report it. `score` is the mean similarity of the pairwise links inside.
    """

    id: str
    members: dict[str, tuple[str, ...]]
    score: float = 0.0


@dataclass(frozen=True)
class Report:
    """The comparison of two or more sources about one event."""

    sources: tuple[Source, ...]
    statements: tuple[Statement, ...]
    clusters: tuple[Cluster, ...]
    diffs: tuple[Diff, ...]
    findings: tuple[Finding, ...] = ()
    topics: tuple[TopicCoverage, ...] = ()
    backend: str = ""
    #: The event, for the page heading: given (`--title`) or inferred from people, place, date.
    title: str = ""
    notices: tuple[str, ...] = ()
