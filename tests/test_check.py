from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import seed
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare import check as checking
from compare import embed
from compare.check import (
    FailOn,
    check,
    compare_quotes,
    event_facts,
    load_articles,
    load_corpus,
    ministry_format,
    name_overlap,
    parse_fail_on,
    primary_of,
    verify_quote,
)
from compare.cli import app
from compare.embed import FakeEmbedder
from compare.errors import InputError, UsageError
from compare.ingest import load_source, parse_source

FIXTURES = Path(__file__).parent / "fixtures" / "check"
CORPUS = FIXTURES / "corpus"
NEW = FIXTURES / "new"


def fake(name: str) -> FakeEmbedder:
    return FakeEmbedder()


def run(new: str, corpus: Path = CORPUS, **options: object) -> checking.CheckResult:
    path = NEW / new
    return check(
        load_articles([path]),
        load_corpus(corpus, exclude=[path]),
        embedder_factory=fake,
        **options,  # type: ignore[arg-type]
    )


def source(text: str, sid: str = "s", path: str = "s.txt") -> checking.Source:
    return parse_source(text, source_id=sid, path=path)


# ---------------------------------------------------------------------------------------------
# --fail-on
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("high", FailOn("high")),
        ("Medium", FailOn("medium")),
        (" low ", FailOn("low")),
        ("quote_drift", FailOn(None, frozenset({"quote_drift"}))),
        ("quote_drift,polarity", FailOn(None, frozenset({"quote_drift", "polarity"}))),
        ("not_found, number", FailOn(None, frozenset({"not_found", "number"}))),
    ],
)
def test_parse_fail_on(value: str, expected: FailOn) -> None:
    assert parse_fail_on(value) == expected


@pytest.mark.parametrize("value", ["", "critical", "quote_drift,typo", ",", "HIGH,low"])
def test_parse_fail_on_rejects(value: str) -> None:
    with pytest.raises(UsageError, match="--fail-on"):
        parse_fail_on(value)


def _finding(kind: str, severity: str) -> checking.CheckFinding:
    return checking.CheckFinding(kind, severity, (0, 1), "x", "m", "primary")


@pytest.mark.parametrize(
    ("policy", "kind", "severity", "trips"),
    [
        ("high", "quote_drift", "high", True),
        ("high", "not_found", "medium", False),
        ("medium", "not_found", "medium", True),
        ("medium", "tone", "low", False),
        ("low", "tone", "low", True),
        ("polarity", "quote_drift", "high", False),
        ("polarity", "polarity", "medium", True),
        ("quote_drift,not_found", "not_found", "medium", True),
    ],
)
def test_fail_on_trips(policy: str, kind: str, severity: str, trips: bool) -> None:
    assert parse_fail_on(policy).trips(_finding(kind, severity)) is trips


# ---------------------------------------------------------------------------------------------
# Quote verification
# ---------------------------------------------------------------------------------------------

RECORD = (
    "Secretary Alder said the United States will responsibly manage competition with "
    "Norland and will keep open lines of communication. She called face-to-face diplomacy "
    "the best way to deal with areas of disagreement. António Varga thanked her."
)


@pytest.mark.parametrize(
    "quote",
    [
        "will responsibly manage competition with Norland",
        "Will Responsibly Manage Competition With Norland",  # case
        "will  responsibly\nmanage competition with Norland,",  # whitespace, punctuation
        "face to face diplomacy",  # hyphens are typography
        "face—to—face diplomacy",  # so are dashes
        "will responsibly manage competition … and will keep open lines of communication",
        "will responsibly manage competition ... and will keep open lines of communication",
        "will responsibly manage competition . . . and will keep open lines of communication",
        "will responsibly manage competition […] will keep open lines of communication",
        "…will keep open lines of communication…",
        "[The U.S.] will keep open lines of communication",  # editorial insertion
        "the United States will … deal with areas of disagreement",  # omission across sentences
        "Antonio Varga thanked her",  # accents
        "the United States will responsibly",
    ],
)
def test_verify_quote_verified(quote: str) -> None:
    match = verify_quote(quote, RECORD)
    assert match.status == "verified", match
    assert match.span is not None and match.changes == ()


def test_verify_quote_typographic_quotes_and_apostrophes() -> None:
    record = "Blinken said the world's two largest economies must talk."
    article = "He said “the world’s two largest economies must talk.”"
    inner = (article.index("“") + 1, article.index("”"))
    assert verify_quote(article, record, start=inner[0], end=inner[1]).status == "verified"


def test_verify_quote_offsets_index_both_texts() -> None:
    article = 'Alder said the U.S. "will responsibly manage competition with Norland," aides said.'
    start = article.index('"') + 1
    end = article.index('"', start)
    match = verify_quote(article, RECORD, start=start, end=end)
    assert match.status == "verified"
    assert match.span is not None and match.quote_span is not None
    assert (
        RECORD[match.span[0] : match.span[1]] == "will responsibly manage competition with Norland"
    )
    assert article[match.quote_span[0] : match.quote_span[1]] == (
        "will responsibly manage competition with Norland"
    )


@pytest.mark.parametrize(
    ("quote", "changes"),
    [
        ("will properly manage competition with Norland", [("properly", "responsibly")]),
        (
            "frank and constructive discussion",
            [("frank", "candid"), ("discussion", "discussions")],
        ),
        ("will manage competition with Norland", [("", "responsibly")]),
        ("will responsibly manage the competition with Norland", [("the", "")]),
    ],
)
def test_verify_quote_drifted_names_both_wordings(
    quote: str, changes: list[tuple[str, str]]
) -> None:
    record = RECORD + " They held candid and constructive discussions."
    match = verify_quote(quote, record)
    assert match.status == "drifted"
    assert list(match.changes) == changes
    for (q, r), (q_span, r_span) in zip(match.changes, match.change_spans, strict=True):
        assert (quote[q_span[0] : q_span[1]].lower() if q_span else "") == q
        assert (record[r_span[0] : r_span[1]].lower() if r_span else "") == r


def test_verify_quote_passages_out_of_order_drift() -> None:
    quote = "will keep open lines of communication … will responsibly manage competition"
    match = verify_quote(quote, RECORD)
    assert match.status == "drifted"


def test_verify_quote_bracket_stands_for_few_words_only() -> None:
    # The insertion would have to replace a whole sentence: not an editorial insertion.
    quote = "will responsibly manage competition [with them] the best way to deal with areas"
    assert verify_quote(quote, RECORD).status != "verified"


@pytest.mark.parametrize(
    "quote",
    [
        "the fisheries dispute can be settled by next year",
        "a new era of trade",
        "and the",  # stopwords only never make a drift
    ],
)
def test_verify_quote_not_found(quote: str) -> None:
    assert verify_quote(quote, RECORD).status == "not_found"


_WORDS = RECORD.replace(".", "").split()


@given(
    st.integers(0, len(_WORDS) - 3),
    st.integers(2, 12),
    st.sampled_from(["upper", "lower", "curly", "spaces"]),
)
def test_any_retypeset_passage_of_the_record_verifies(start: int, length: int, style: str) -> None:
    passage = " ".join(_WORDS[start : start + length])
    if style == "upper":
        passage = passage.upper()
    elif style == "lower":
        passage = passage.lower()
    elif style == "curly":
        passage = f"“{passage}”"
    else:
        passage = "  " + passage.replace(" ", " \n ") + " "
    assert verify_quote(passage, RECORD).status == "verified"


@pytest.mark.parametrize(
    ("ours", "theirs", "status"),
    [
        ("candid and constructive", "candid and constructive discussions", "verified"),
        ("held candid and constructive discussions", "candid and constructive", "verified"),
        ("frank and constructive discussion", "candid and constructive", "drifted"),
        ("the talks were useful", "candid and constructive", "not_found"),
    ],
)
def test_compare_quotes(ours: str, theirs: str, status: str) -> None:
    assert compare_quotes(ours, (0, len(ours)), theirs, (0, len(theirs))).status == status


# ---------------------------------------------------------------------------------------------
# Event matching
# ---------------------------------------------------------------------------------------------


def test_same_meeting_matches_and_a_later_meeting_does_not() -> None:
    result = run("misquote.txt")
    (article,) = result.articles
    events = {e.source: e for e in article.events}
    same = events["corpus:state-readout.md"]
    assert same.same_event and same.days == 0 and {"alder", "varga"} <= set(same.shared)
    oslo = events["corpus:wire-oslo.txt"]
    assert not oslo.same_event and "different dates" in oslo.reason and oslo.days == 87
    assert article.matched == ("corpus:state-readout.md",)


def test_article_about_another_meeting_is_not_checked_against_its_readout() -> None:
    # other-meeting.txt misquotes the Geneva readout word for word ("frank" for "candid"), but
    # it reports the Oslo meeting: the Geneva readout must not be used.
    result = run("other-meeting.txt")
    (article,) = result.articles
    assert "corpus:state-readout.md" not in article.matched
    assert "corpus:wire-oslo.txt" in article.matched
    assert article.primaries == ()
    assert not any(c.reference == "corpus:state-readout.md" for c in article.checks)
    assert result.findings == () and result.exit_code == 0


def test_weekdays_tell_meetings_apart_when_dates_are_unknown() -> None:
    body = (
        "Secretary of State Maren Alder met Norland Foreign Minister Tomas Varga in Geneva on "
        "{day}.\n\nThe two held candid and constructive discussions on trade.\n"
    )
    tuesday = source(body.format(day="Tuesday"), "a")
    friday = source(body.format(day="Friday"), "b")
    result = check([tuesday], [replace(friday, role="primary", inferred=())], embedder_factory=fake)
    (event,) = result.articles[0].events
    assert not event.same_event and event.reason == "different days: Tuesday vs Friday"
    again = check([tuesday], [replace(tuesday, id="c")], embedder_factory=fake)
    assert again.articles[0].events[0].same_event


def test_different_people_are_a_different_event() -> None:
    result = run("misquote.txt")
    (lima,) = [e for e in result.articles[0].events if e.source == "corpus:wire-lima.txt"]
    assert not lima.same_event and lima.verdict == "other event"  # every document is listed
    feats = event_facts(load_source(NEW / "misquote.txt", "x"))
    lima_feats = event_facts(load_source(CORPUS / "wire-lima.txt", "y"))
    assert name_overlap(feats.names, lima_feats.names) < checking.MIN_NAME_OVERLAP


def test_seed_xi_blinken_meetings_are_told_apart_without_a_model() -> None:
    # 002 and 003 report two different Xi–Blinken meetings (June 2023, April 2024); with 003
    # taken as the record, 002 must not be checked against it.
    meeting_2023 = load_source(seed("002"), "new:1")
    record_2024 = replace(load_source(seed("003"), "corpus:003"), role="primary", inferred=())
    result = check([meeting_2023], [record_2024], embedder_factory=fake)
    (article,) = result.articles
    (event,) = article.events
    assert not event.same_event
    assert event.reason == "different days: Monday vs Friday"
    assert article.checks == () and article.findings == ()


def test_month_and_day_without_a_year_date_an_undated_readout() -> None:
    # "On March 12, Foreign Minister Tomas Varga met ..." against an article of June 7, 2024.
    result = run("other-meeting.txt", FIXTURES / "inferred")
    events = {e.source: e for e in result.articles[0].events}
    ministry = events["corpus:ministry.txt"]
    assert not ministry.same_event
    assert ministry.reason == "different dates: 2024-06-07 vs March 12, 87 days apart"
    feats = event_facts(load_source(FIXTURES / "inferred" / "ministry.txt", "m"))
    assert feats.date is None and feats.month_day == (3, 12)


def test_two_undated_readouts_compare_by_month_and_day() -> None:
    lead = (
        "On {when}, Foreign Minister Tomas Varga met with Secretary of State Maren Alder in "
        "Geneva.\n\nTomas Varga said Norland values its partnership with the United States.\n"
    )
    march = source(lead.format(when="March 12"), "a")
    june = source(lead.format(when="June 7"), "b")
    (event,) = check([march], [june], embedder_factory=fake).articles[0].events
    assert event.reason == "different dates: March 12 vs June 7, 87 days apart"
    december = source(lead.format(when="December 31"), "c")
    january = source(lead.format(when="January 2"), "d")
    (event,) = check([december], [january], embedder_factory=fake).articles[0].events
    assert event.same_event and event.days == 2  # across the turn of the year


def test_features_weight_the_lead_and_skip_parties_titles_and_months() -> None:
    feats = event_facts(load_source(NEW / "misquote.txt", "x"))
    assert feats.weekdays == {1}
    assert str(feats.date) == "2024-03-12"
    assert "alder" in feats.names and "geneva" in feats.names
    for word in ("state", "secretary", "minister", "march", "tuesday", "united"):
        assert word not in feats.names
    assert abs(sum(feats.names.values()) - 1) < 1e-9


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.floats(0.01, 1), min_size=1),
    st.dictionaries(st.sampled_from("abcdefgh"), st.floats(0.01, 1), min_size=1),
)
def test_name_overlap_is_symmetric_and_bounded(a: dict[str, float], b: dict[str, float]) -> None:
    na = {k: v / sum(a.values()) for k, v in a.items()}
    nb = {k: v / sum(b.values()) for k, v in b.items()}
    assert name_overlap(na, nb) == pytest.approx(name_overlap(nb, na))
    assert 0.0 <= name_overlap(na, nb) <= 1.0
    assert name_overlap(na, na) == pytest.approx(1.0)


# ---------------------------------------------------------------------------------------------
# Primaries
# ---------------------------------------------------------------------------------------------


def test_front_matter_primary() -> None:
    primary = primary_of(load_source(CORPUS / "state-readout.md", "p"))
    assert primary is not None and not primary.inferred
    assert primary.reason == "role: primary in front matter"


def test_front_matter_secondary_is_respected_whatever_the_format() -> None:
    text = "---\nrole: secondary\n---\n" + (FIXTURES / "inferred" / "ministry.txt").read_text()
    assert primary_of(source(text)) is None


def test_readout_opener_is_an_inferred_primary() -> None:
    primary = primary_of(load_source(FIXTURES / "inferred" / "readout-of.txt", "p"))
    assert primary is not None and primary.inferred
    assert primary.reason.startswith("inferred primary: a readout's own opening")
    assert "'Readout of Secretary Alder's Meeting …'" in primary.reason


def test_government_site_is_an_inferred_primary() -> None:
    text = "---\nurl: https://www.state.gov/readout-123/\n---\nThe two held talks on trade.\n"
    primary = primary_of(source(text))
    assert (
        primary is not None
        and primary.reason == "inferred primary: government site (www.state.gov)"
    )


def test_ministry_format_is_an_inferred_primary() -> None:
    ministry = load_source(FIXTURES / "inferred" / "ministry.txt", "p")
    assert ministry.role == "secondary" and "role" in ministry.inferred  # ingest did not see it
    primary = primary_of(ministry)
    assert primary is not None and primary.inferred
    assert "foreign-ministry readout format (3 of 4 paragraphs" in primary.reason


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "wire-oslo.txt",  # quotes and a wire outlet
        NEW / "claim-negated.txt",  # an account ("according to")
        FIXTURES / "secondaries" / "paper-geneva.txt",
    ],
)
def test_news_is_not_in_ministry_format(path: Path) -> None:
    assert ministry_format(load_source(path, "x")) is None


def test_inferred_primary_is_used_and_said_so() -> None:
    result = run("ministry-quote.txt", FIXTURES / "inferred")
    (article,) = result.articles
    reasons = {p.source: p for p in article.primaries}
    assert reasons["corpus:ministry.txt"].inferred
    # The ministry paraphrases Varga ("Tomas Varga stressed that Norland will never accept
    # ..."): his quoted words cannot be checked against a paraphrase, a note, not a failure.
    notes = [f for f in article.findings if f.kind == "unverifiable"]
    assert len(notes) == 1 and notes[0].severity == "low"
    assert notes[0].reference == "corpus:ministry.txt"
    assert "paraphrases" in notes[0].message and "never accept" in notes[0].message
    assert result.exit_code == 0
    verified = [c for c in article.checks if c.status == "verified"]
    assert [c.text for c in verified] == ["values its partnership with the United States."]


# ---------------------------------------------------------------------------------------------
# Checking against a primary
# ---------------------------------------------------------------------------------------------


def test_faithful_quotes_verify() -> None:
    result = run("faithful.txt")
    (article,) = result.articles
    assert {c.status for c in article.checks} == {"verified"}
    assert len([c for c in article.checks if c.kind == "quote"]) == 4
    assert all(c.against == "primary" for c in article.checks)
    assert result.findings == () and result.exit_code == 0


def test_misquotes_are_high_and_name_both_wordings() -> None:
    result = run("misquote.txt")
    findings = result.findings
    assert [(f.kind, f.severity, f.text) for f in findings] == [
        ("quote_drift", "high", "frank"),
        ("quote_drift", "high", "properly"),
    ]
    assert '"frank" → "candid"' in findings[0].message
    assert '"properly" → "responsibly"' in findings[1].message
    assert findings[1].reference_text == "will responsibly manage competition with Norland"
    article = result.articles[0].source
    for f in findings:
        assert article.text[f.span[0] : f.span[1]] == f.text
    assert result.failed and result.exit_code == 1


def test_negated_quote_is_contradicted() -> None:
    result = run("contradicts.txt")
    (finding,) = result.findings
    assert (finding.kind, finding.severity) == ("polarity", "high")
    assert finding.message.startswith("contradicts the primary")
    (quote,) = result.articles[0].checks
    assert quote.status == "contradicted"


def test_negated_attributed_claim_is_contradicted() -> None:
    result = run("claim-negated.txt")
    (claim,) = result.articles[0].checks
    assert (claim.kind, claim.status, claim.reference) == (
        "claim",
        "contradicted",
        "corpus:state-readout.md",
    )
    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.text) == ("polarity", "high", "did not agree")
    assert finding.reference_text == "agreed"


def test_quote_missing_from_the_primary_is_a_warning() -> None:
    article = source(
        "GENEVA, March 12, 2024 (Wire) — Secretary of State Maren Alder met Norland Foreign "
        "Minister Tomas Varga in Geneva on Tuesday.\n\n"
        'Alder said Norland "must open its fishing grounds to every partner," officials said.\n',
        "new:1",
    )
    primary = load_source(CORPUS / "state-readout.md", "corpus:p")
    result = check([article], [primary], embedder_factory=fake)
    # Alder's own spoken words, which the readout does not quote: not verifiable here (a note).
    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.reference) == ("unverifiable", "low", None)
    assert "does not quote Alder" in finding.message
    assert result.exit_code == 0
    assert check([article], [primary], embedder_factory=fake, fail_on="low").exit_code == 1


def test_unattributed_quote_missing_from_the_primary_is_not_reported() -> None:
    article = source(
        "GENEVA, March 12, 2024 (Wire) — Secretary of State Maren Alder met Norland Foreign "
        "Minister Tomas Varga in Geneva on Tuesday.\n\n"
        'The meeting was billed as a "reset of the relationship" by local media.\n',
        "new:1",
    )
    primary = load_source(CORPUS / "state-readout.md", "corpus:p")
    result = check([article], [primary], embedder_factory=fake)
    assert [c.status for c in result.articles[0].checks if c.kind == "quote"] == ["not_found"]
    assert result.findings == ()


# ---------------------------------------------------------------------------------------------
# No primary: the other reports
# ---------------------------------------------------------------------------------------------


def test_without_a_primary_secondaries_are_compared_at_lower_severity() -> None:
    result = run("misquote.txt", FIXTURES / "secondaries")
    (article,) = result.articles
    assert article.primaries == ()
    assert set(article.matched) == {"corpus:wire-geneva.txt", "corpus:paper-geneva.txt"}
    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.against) == (
        "quote_drift",
        "medium",
        "secondary",
    )
    assert '"frank" → "candid"' in finding.message and "no primary" in finding.message
    assert result.exit_code == 0
    assert run("misquote.txt", FIXTURES / "secondaries", fail_on="medium").exit_code == 1
    assert run("misquote.txt", FIXTURES / "secondaries", fail_on="quote_drift").exit_code == 1
    assert run("misquote.txt", FIXTURES / "secondaries", fail_on="polarity").exit_code == 0


def test_secondary_quoting_the_same_words_corroborates() -> None:
    result = run("faithful.txt", FIXTURES / "secondaries")
    quotes = [c for c in result.articles[0].checks if c.kind == "quote"]
    assert quotes[0].status == "verified" and quotes[0].against == "secondary"
    assert quotes[0].reference == "corpus:wire-geneva.txt"
    assert result.findings == ()


def test_quotes_about_different_exchanges_are_not_compared() -> None:
    # Same stock phrase, but one sentence is about Sullivan and Wang in Malta, the other about
    # Miller, Blinken and Han: not one remark.
    ours = source(
        "Blinken met Han Zheng in New York on Monday.\n\n"
        'Spokesperson Matthew Miller said Blinken and Han had "candid and constructive" talks.\n',
        "new:1",
    )
    theirs = source(
        "Blinken met Han Zheng in New York on Monday.\n\n"
        "Jake Sullivan met Wang Yi in Malta last weekend, in what both sides described as "
        '"candid, substantive and constructive" talks.\n',
        "corpus:b",
    )
    result = check([ours], [theirs], embedder_factory=fake)
    assert result.articles[0].matched == ("corpus:b",)
    assert result.findings == ()


# ---------------------------------------------------------------------------------------------
# Loading and input errors
# ---------------------------------------------------------------------------------------------


def test_corpus_ids_are_stable_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(CORPUS / "wire-oslo.txt", tmp_path / "sub" / "b.txt")
    shutil.copy(CORPUS / "state-readout.md", tmp_path / "a.md")
    shutil.copy(CORPUS / "wire-lima.txt", tmp_path / ".git" / "ignored.txt")
    (tmp_path / "notes.json").write_text("{}")
    ids = [s.id for s in load_corpus(tmp_path)]
    assert ids == ["corpus:a.md", "corpus:sub/b.txt"]
    assert [s.id for s in load_corpus(tmp_path, exclude=[tmp_path / "a.md"])] == [
        "corpus:sub/b.txt"
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing", "no such folder"),
        (lambda p: (p / "f.txt").write_text("x") and p / "f.txt", "is not a folder"),
        (lambda p: p, "the corpus is empty"),
    ],
)
def test_bad_corpus_folder(tmp_path: Path, make: object, message: str) -> None:
    folder = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError, match=message):
        load_corpus(folder)


def test_corpus_of_only_the_checked_article_is_empty(tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    shutil.copy(NEW / "misquote.txt", article)
    with pytest.raises(InputError, match="empty"):
        load_corpus(tmp_path, exclude=[str(article)])


def test_check_rejects_empty_inputs() -> None:
    article = load_source(NEW / "misquote.txt", "new:1")
    with pytest.raises(UsageError, match="empty"):
        check([article], [], embedder_factory=fake)
    with pytest.raises(UsageError, match="no article"):
        check([], [article], embedder_factory=fake)
    with pytest.raises(UsageError, match="unique"):
        check([article], [article], embedder_factory=fake)


def test_no_model_is_loaded_when_nothing_shares_the_event() -> None:
    def refuse(name: str) -> FakeEmbedder:
        raise AssertionError("embedded although every document was ruled out")

    article = load_source(NEW / "misquote.txt", "new:1")
    oslo = load_source(CORPUS / "wire-oslo.txt", "corpus:oslo")
    result = check([article], [oslo], embedder_factory=refuse)
    assert result.articles[0].matched == () and result.backend == ""


# ---------------------------------------------------------------------------------------------
# The command: exit codes
# ---------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "get_embedder", lambda name: FakeEmbedder())


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args, "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("fake_model")
@pytest.mark.parametrize(
    ("article", "corpus", "options", "code"),
    [
        ("faithful.txt", CORPUS, [], 0),
        ("misquote.txt", CORPUS, [], 1),
        ("contradicts.txt", CORPUS, [], 1),
        ("other-meeting.txt", CORPUS, [], 0),
        ("misquote.txt", FIXTURES / "secondaries", [], 0),
        ("misquote.txt", FIXTURES / "secondaries", ["--fail-on", "medium"], 1),
        ("misquote.txt", FIXTURES / "secondaries", ["--fail-on", "quote_drift,polarity"], 1),
        ("misquote.txt", CORPUS, ["--fail-on", "not_found"], 0),
    ],
)
def test_exit_codes(article: str, corpus: Path, options: list[str], code: int) -> None:
    exit_code, out, err = invoke(str(NEW / article), "--against", str(corpus), *options)
    assert exit_code == code, err
    assert out.rstrip().endswith(f"(exit {code})")


@pytest.mark.usefixtures("fake_model")
def test_misquote_output_names_both_wordings() -> None:
    code, out, _ = invoke(str(NEW / "misquote.txt"), "--against", str(CORPUS))
    assert code == 1
    assert '"frank" → "candid"' in out and '"properly" → "responsibly"' in out
    assert "FAIL" in out


@pytest.mark.usefixtures("fake_model")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt", "--against", str(CORPUS)], "missing.txt: no such file"),
        ([str(NEW / "misquote.txt"), "--against", "no-such-dir"], "no-such-dir: no such folder"),
        (
            [str(NEW / "misquote.txt"), "--against", str(CORPUS), "--fail-on", "sometimes"],
            "--fail-on",
        ),
    ],
)
def test_input_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("readout: error: ") and message in err


@pytest.mark.usefixtures("fake_model")
def test_empty_corpus_exits_2(tmp_path: Path) -> None:
    shutil.copy(NEW / "misquote.txt", tmp_path / "new.txt")
    code, _, err = invoke(str(tmp_path / "new.txt"), "--against", str(tmp_path))
    assert code == 2 and "the corpus is empty" in err and err.count("\n") == 1


@pytest.mark.usefixtures("fake_model")
def test_output_file(tmp_path: Path) -> None:
    out_file = tmp_path / "check.json"
    code, out, _ = invoke(
        str(NEW / "misquote.txt"), "--against", str(CORPUS), "-f", "json", "-o", str(out_file)
    )
    assert code == 1 and out == ""
    assert '"exit_code": 1' in out_file.read_text()


# ---------------------------------------------------------------------------------------------
# The seeds, end to end, with the real default model
# ---------------------------------------------------------------------------------------------


def _seed_corpus(tmp_path: Path, *, primary: bool) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for prefix in ("002", "003", "004"):
        shutil.copy(seed(prefix), corpus)
    if primary:
        shutil.copy(FIXTURES / "seed-primary" / "000_primary.txt", corpus)
    else:
        shutil.copy(seed("000"), corpus)
    return corpus


@pytest.mark.model
def test_seeds_end_to_end(tmp_path: Path) -> None:
    # No seed has front matter and 000 is a news report, not a readout: without a primary,
    # 001's "frank" against 000's "candid" is a medium finding and the check passes (exit 0).
    article = str(seed("001"))
    corpus = _seed_corpus(tmp_path / "plain", primary=False)
    result = runner.invoke(app, ["check", article, "--against", str(corpus), "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert "quote_drift" in result.stdout
    assert '"frank" → "candid"' in result.stdout
    same = [line for line in result.stdout.splitlines() if line.startswith("  same event:")]
    assert len(same) == 2 and "000_" in same[0] and "004_" in same[1]
    # With 000 (a Chinese report) marked `role: primary`, it is the record of China's side
    # only: the words 001 gives the U.S. State Department cannot be checked against it, a note
    # (never a failure) at the quote's line and column.
    corpus = _seed_corpus(tmp_path / "primary", primary=True)
    result = runner.invoke(
        app, ["check", article, "--against", str(corpus), "--no-cache", "-f", "github"]
    )
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("::notice file=")]
    assert len(notes) == 1
    assert "line=25," in notes[0] and "col=100," in notes[0]
    assert "no readout from United States" in notes[0]


# ---------------------------------------------------------------------------------------------
# Ready-made integration: the GitHub workflow and the pre-commit hook
# ---------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_hook_runs_readout_check() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "readout-check" and hook["language"] == "python"
    assert hook["entry"] == "readout check" and hook["args"][0] == "--against"
    files = re.compile(hook["files"])
    assert files.search("articles/a.txt") and files.search("b.html") and files.search("c.htm")
    assert not files.search("data.json")


def test_workflow_lists_the_articles_a_pull_request_adds_or_changes(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "readout-check.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    steps = {s.get("name"): s for s in workflow["jobs"]["check"]["steps"]}
    install = steps["Install readout"]["run"]
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in install
    check_step = steps["readout check"]["run"]
    assert "readout check" in check_step and "--format github" in check_step

    repo = tmp_path / "repo"
    (repo / "articles").mkdir(parents=True)

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    git("init", "-q")
    shutil.copy(CORPUS / "state-readout.md", repo / "articles" / "readout.md")
    (repo / "articles" / "old.txt").write_text("An old story.\n")
    git("add", ".")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    shutil.copy(NEW / "misquote.txt", repo / "articles" / "new story.txt")
    (repo / "articles" / "old.txt").write_text("An old story, corrected.\n")
    (repo / "articles" / "data.json").write_text("{}")
    (repo / "elsewhere.txt").write_text("Not an article of the corpus.\n")
    git("add", ".")
    git("commit", "-qm", "head")
    env = {
        "ARTICLES_DIR": "articles",
        "BASE_SHA": base,
        "HEAD_SHA": git("rev-parse", "HEAD"),
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        ["bash", "-e", "-c", steps["Find added or changed articles"]["run"]],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )
    listed = (tmp_path / "articles").read_text().split("\0")
    assert sorted(p for p in listed if p) == ["articles/new story.txt", "articles/old.txt"]
    assert (tmp_path / "output").read_text() == "count=2\n"
