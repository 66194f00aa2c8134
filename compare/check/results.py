"""What `readout check` returns: findings, checks, event verdicts, the fail policy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compare.errors import UsageError
from compare.models import SEVERITIES, Source

#: `--fail-on` default: quote drift and contradiction against a primary are high severity.
DEFAULT_FAIL_ON = "high"
#: Kinds of check findings. The framing kinds come from claims compared through `framing`;
#: "unverifiable" notes a quote the record only paraphrases or whose side has no record here.
CHECK_KINDS = (
    "quote_drift", "polarity", "not_found", "number", "entity", "tone", "hedge", "unverifiable"
)  # fmt: skip
#: What a checked quote or claim turned out to be.
STATUSES = (
    "verified", "drifted", "contradicted", "not_found", "unverifiable", "unclear", "unchecked"
)  # fmt: skip
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_SEVERITY_RANK = SEVERITY_RANK


def label(source: Source) -> str:
    """How messages name a document: its file name, with the outlet when known."""
    name = Path(source.path).name or source.path
    return f"{source.outlet} ({name})" if source.outlet else name


@dataclass(frozen=True)
class FailOn:
    """When `readout check` fails: a finding at or above `severity`, or of one of `kinds`."""

    severity: str | None = DEFAULT_FAIL_ON
    kinds: frozenset[str] = frozenset()

    def trips(self, finding: CheckFinding) -> bool:
        if finding.kind in self.kinds:
            return True
        return self.severity is not None and (
            _SEVERITY_RANK[finding.severity] <= _SEVERITY_RANK[self.severity]
        )

    def __str__(self) -> str:
        return self.severity if self.severity is not None else ",".join(sorted(self.kinds))


@dataclass(frozen=True)
class EventMatch:
    """Whether a corpus document reports the same event as the new article, and why.

    `names` is the prominence-weighted share of names in common (0-1), `shared` the common
    names, most prominent first; `linked` counts the new article's statements with a
    counterpart in the document (None when the document was ruled out before embedding);
    `days` is how far apart the two dates are (None unless both are known).
    """

    source: str
    same_event: bool
    reason: str
    names: float = 0.0
    shared: tuple[str, ...] = ()
    linked: int | None = None
    days: int | None = None
    places: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        """ "same event" or "other event" (an unreadable file is an `Unreadable`)."""
        return "same event" if self.same_event else "other event"


@dataclass(frozen=True)
class Unreadable:
    """A corpus file that could not be read, and why: a warning, never an abort."""

    path: str
    reason: str


@dataclass(frozen=True)
class Primary:
    """A corpus document taken as the record, and why (`inferred`: no front matter said so)."""

    source: str
    reason: str
    inferred: bool


@dataclass(frozen=True)
class CheckFinding:
    """A problem with what the new article quotes or attributes.

    `span`/`text` locate the article's wording in its `Source.text`; `reference`,
    `reference_span` and `reference_text` the wording of the document it was checked against
    (None for not_found). `against` is "primary" or "secondary".
    """

    kind: str
    severity: str
    span: tuple[int, int]
    text: str
    message: str
    against: str
    reference: str | None = None
    reference_span: tuple[int, int] | None = None
    reference_text: str | None = None


@dataclass(frozen=True)
class Check:
    """One direct quote (`kind` "quote") or attributed claim ("claim") and what became of it.

    `span` locates the quote's words (inside the marks) or the claim's statement in the
    article's `Source.text`; `status` is one of `STATUSES`; `against` says whether the
    `reference` was a "primary" or a "secondary" (None when nothing could be compared);
    `findings` are this check's problems (also listed, sorted, in `ArticleCheck.findings`).
    """

    kind: str
    span: tuple[int, int]
    text: str
    speaker: str | None
    status: str
    against: str | None = None
    reference: str | None = None
    reference_span: tuple[int, int] | None = None
    findings: tuple[CheckFinding, ...] = ()


@dataclass(frozen=True)
class ArticleCheck:
    """Everything `check` found out about one new article."""

    source: Source
    events: tuple[EventMatch, ...]
    primaries: tuple[Primary, ...]
    checks: tuple[Check, ...]
    findings: tuple[CheckFinding, ...]

    @property
    def matched(self) -> tuple[str, ...]:
        return tuple(e.source for e in self.events if e.same_event)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of `readout check`: one `ArticleCheck` per new article."""

    articles: tuple[ArticleCheck, ...]
    corpus: tuple[Source, ...]
    fail_on: FailOn
    backend: str = ""
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def findings(self) -> tuple[CheckFinding, ...]:
        return tuple(f for a in self.articles for f in a.findings)

    @property
    def failing(self) -> tuple[CheckFinding, ...]:
        """Findings at or above `fail_on`."""
        return tuple(f for f in self.findings if self.fail_on.trips(f))

    @property
    def failed(self) -> bool:
        return bool(self.failing)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings at or above `fail_on` (2, input errors, is the CLI's)."""
        return 1 if self.failed else 0

    def source(self, source_id: str) -> Source:
        for s in (*self.corpus, *(a.source for a in self.articles)):
            if s.id == source_id:
                return s
        raise KeyError(source_id)


def parse_fail_on(value: str) -> FailOn:
    """`high`, `medium` or `low`, or a comma list of finding kinds (`quote_drift,polarity`)."""
    text = value.strip().lower()
    if text in SEVERITIES:
        return FailOn(severity=text)
    kinds = frozenset(k.strip() for k in text.split(",") if k.strip())
    unknown = sorted(kinds - set(CHECK_KINDS))
    if not kinds or unknown:
        shown = ", ".join(unknown) if unknown else repr(value)
        raise UsageError(
            f"--fail-on {shown} is not a severity or finding kind; use one of "
            f"{', '.join(SEVERITIES)} or a comma list of {', '.join(CHECK_KINDS)}"
        )
    return FailOn(severity=None, kinds=kinds)
