"""`readout check`: verify what new articles quote and attribute against the record.

For each new article, `check` decides which corpus documents report the same meeting
(`compare.event`: dates, place, participants, shared statements), takes the primaries among
them for the record (government readouts: `role: primary` front matter, or inferred and said
why), and verifies every direct quote and every claim the article attributes to an official
source against what the record says *that* speaker said:

- verified       the record has the same words (typography, case and ellipses aside)
- drifted        the speaker's own words in the record differ: a misquote (high), or, when the
                 record is a translation for the speaker's side, another rendering (medium)
- contradicted   the wording reverses the record (negation, antonym), or changes a figure or
                 a name
- unverifiable   the record only paraphrases the speaker, or has no readout of their side
                 (a low note, never a failure)
- not_found      words attributed to a government body are not in its readout (medium)

Without a primary, quotes are compared with what the other (secondary) reports quote, and
disagreement is reported one severity level lower.

The parts, by job:

- `results`  what a check returns (findings, checks, event verdicts, the fail policy)
- `corpus`   reading the new articles and the corpus folder (the I/O edge)
- `record`   primaries: which documents are the record, whose voice and side each is
- `wording`  word-level quote verification (against a text, against another quote)
- `article`  the working state of one article under check, shared by the checks below
- `verify`   quotes against what the record says that speaker said; `check_article`
- `claims`   attributed claims and unattributed facts against the record (contradictions)
- `secondaries`  without a primary: quotes against the other reports' quotes
- `gloss`    English senses of Chinese words (CC-CEDICT), for reversals across languages
- `run`      `check`, the library call

Offsets in every result index the new article's `Source.text` (see `compare.check_render` for
line and column numbers).
"""

from __future__ import annotations

from compare.check.article import oriented
from compare.check.claims import CLAIM_ABSENT, CLAIM_LINK
from compare.check.corpus import (
    CORPUS_SUFFIXES,
    corpus_files,
    load_articles,
    load_corpus,
    read_corpus,
)
from compare.check.record import (
    MINISTRY_VOICE_SHARE,
    Voice,
    ministry_format,
    primary_of,
    voices,
)
from compare.check.results import (
    CHECK_KINDS,
    DEFAULT_FAIL_ON,
    STATUSES,
    ArticleCheck,
    Check,
    CheckFinding,
    CheckResult,
    EventMatch,
    FailOn,
    Primary,
    Unreadable,
    label,
    parse_fail_on,
)
from compare.check.run import STATEMENT_LINK, check
from compare.check.wording import QuoteMatch, compare_quotes, verify_quote
from compare.event import (
    EVENT_WINDOW_DAYS,
    MIN_NAME_OVERLAP,
    event_facts,
    name_overlap,
    same_meeting,
)
from compare.models import Source

__all__ = [
    "CHECK_KINDS",
    "CLAIM_ABSENT",
    "CLAIM_LINK",
    "CORPUS_SUFFIXES",
    "DEFAULT_FAIL_ON",
    "EVENT_WINDOW_DAYS",
    "MINISTRY_VOICE_SHARE",
    "MIN_NAME_OVERLAP",
    "STATEMENT_LINK",
    "STATUSES",
    "ArticleCheck",
    "Check",
    "CheckFinding",
    "CheckResult",
    "EventMatch",
    "FailOn",
    "Primary",
    "QuoteMatch",
    "Source",
    "Unreadable",
    "Voice",
    "check",
    "compare_quotes",
    "corpus_files",
    "event_facts",
    "label",
    "oriented",
    "load_articles",
    "load_corpus",
    "ministry_format",
    "name_overlap",
    "parse_fail_on",
    "primary_of",
    "read_corpus",
    "same_meeting",
    "verify_quote",
    "voices",
]
