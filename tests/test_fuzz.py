"""Property tests on generated articles: reading, segmenting, aligning and explaining never
crash (only `InputError` for input that is not an article), keep offsets valid and give the
same answer twice."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import align as align_mod
from compare.embed import FakeEmbedder
from compare.errors import InputError
from compare.ingest import FRONT_MATTER_FIELDS, parse_html, parse_source
from compare.models import ROLES, Source, Statement
from compare.pipeline import diff_sources
from compare.segment import segment
from tests.test_embed_shape import ShapeSensitive

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- article strategies ----------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "the", "talks", "Blinken", "Han", "Zheng", "said", "China", "relations", "stable",
        "candid", "constructive", "Secretary", "minister", "agreed", "U.S.", "U.N.", "Mr.",
        "Dr.", "Sept.", "Nov.", "a.m.", "p.m.", "No.", "Inc.", "e.g.", "etc.", "Lt.", "Gen.",
        "3.5", "2023-09-18", "78th", "$1.2bn", "#UNGA78", "@StateDept", "https://x.org/a.b",
        "pic.twitter.com/abc", "policy.Both", "中国", "外交部", "会谈", "坦诚", "建设性",
        "東京", "です", "ます", "한국", "외교", "Россия", "мир", "سلام", "สันติภาพ", "शांति",
        "Ελλάδα", "naïve", "Genève", "Café", "e\u0301", "\u00a0", "\u200b", "\ufeff",
    ]
)  # fmt: skip
_PUNCT = st.sampled_from(
    [".", ".", ".", "!", "?", "…", "。", "！", "？", ",", "，", ";", ":", "：", " —", " -", "--"]
)
_QUOTES = st.sampled_from(
    ['"', "'", "“", "”", "‘", "’", "「", "」", "『", "』", "«", "»", "(", ")"]
)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS | st.text(min_size=1, max_size=6), min_size=1, max_size=25))
    if draw(st.booleans()):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, len(words) - 1))
        words[i] = draw(_QUOTES) + words[i]
        words[j] = words[j] + draw(_QUOTES)
    sep = draw(st.sampled_from([" ", " ", " ", "", "  ", "\t"]))
    return sep.join(words) + draw(_PUNCT | st.just(""))


# One sentence of several hundred words without a full stop.
_LONG_SENTENCE = st.integers(150, 600).map(
    lambda n: (
        " ".join(["and", "the", "talks", "went", "on", "said", "中国"][i % 7] for i in range(n))
        + "."
    )
)

_PARAGRAPH = st.lists(_sentence() | _LONG_SENTENCE, min_size=1, max_size=5).map(" ".join)
_NEWLINE = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n \n", "\n\n\n"])

_GOOD_FIELDS = [
    "title: A headline\n",
    "outlet: Reuters\n",
    "date: 2023-09-18\n",
    "role: primary\n",
    "language: ZH\n",
    "url: https://www.state.gov/x\n",
    "author: someone\n",
]
_BAD_FIELDS = [
    "date: not a date\n",
    "date: 2023-02-30\n",
    "date: !!float abc\n",
    "outlet: !!set {b, a}\n",
    "role: tertiary\n",
    "tags: [a, b]\n",
    "title: [unclosed\n",
    "title: !!python/object/apply:os.system ['echo pwned']\n",
    "nested:\n  key: value\n",
    "- a list item\n",
    "just text\n",
]


def _front_matter(fields: list[str], closers: list[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda lines, close: "---\n" + "".join(lines) + close,
        st.lists(st.sampled_from(fields), max_size=5),
        st.sampled_from(closers),
    )


# No front matter, valid front matter, or anything that looks like it.
_FRONT_MATTER = st.one_of(
    st.just(""),
    _front_matter(_GOOD_FIELDS, ["---\n", "...\n"]),
    _front_matter(_GOOD_FIELDS + _BAD_FIELDS, ["---\n", "...\n", "---", "", "--\n"]),
)

_HEADER = st.lists(
    st.sampled_from(
        [
            "Top envoy meets minister at UN",
            "# A markdown headline",
            "By Jane Doe and John Roe",
            "September 18, 2023 · 2 min · 357 words",
            "2023-09-18T19:22:58Z",
            "WASHINGTON (Reuters) -",
            "新华社北京9月18日电",
            "https://example.com/story",
            "Source: China Daily",
        ]
    ),
    max_size=3,
).map(lambda lines: "".join(f"{line}\n" for line in lines))

_NOISE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
)  # any code point but lone surrogates, controls included


@st.composite
def articles(draw: st.DrawFn) -> str:
    """An article-shaped text: optional front matter and header, paragraphs, noise."""
    paragraphs = draw(st.lists(_PARAGRAPH | _NOISE, min_size=1, max_size=6))
    body = ""
    for paragraph in paragraphs:
        body += paragraph + draw(_NEWLINE)
    return draw(_FRONT_MATTER) + draw(_HEADER) + body


# --- ingest + segment --------------------------------------------------------------------------


def _read(text: str) -> tuple[Source, tuple[Statement, ...]] | InputError:
    try:
        source = parse_source(text, source_id="f", path="fuzz.txt")
    except InputError as exc:
        return exc
    return source, segment(source)


def _check(source: Source, statements: tuple[Statement, ...]) -> None:
    assert statements, "a source that parses has at least one statement"
    previous_end = 0
    for i, s in enumerate(statements):
        assert s.id == f"{source.id}:{i}" and s.index == i and s.source == source.id
        assert source.text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end, "ordered and non-overlapping"
        assert any(a <= s.start and s.end <= b for a, b in source.body)
        previous_end = s.end
    for (_, end), (start, _) in zip(source.body, source.body[1:], strict=False):
        assert end <= start


@FUZZ
@given(articles())
def test_articles_parse_and_segment(text: str) -> None:
    result = _read(text)
    if isinstance(result, InputError):
        message = str(result)
        assert message.startswith("fuzz.txt: ") and "\n" not in message
        return
    _check(*result)
    assert _read(text) == result, "deterministic"


@FUZZ
@given(st.text(max_size=300))
def test_any_text_parses_and_segments(text: str) -> None:
    result = _read(text)
    if not isinstance(result, InputError):
        _check(*result)


_TAGS = st.sampled_from(
    ["p", "p", "p", "div", "h1", "h2", "li", "blockquote", "span", "script", "style", "nav", "td"]
)


@st.composite
def pages(draw: st.DrawFn) -> str:
    """A web page whose elements hold generated paragraphs (and junk markup)."""
    parts = []
    for paragraph in draw(st.lists(_PARAGRAPH, min_size=1, max_size=5)):
        tag = draw(_TAGS)
        text = paragraph.replace("&", "&amp;").replace("<", "&lt;")
        if draw(st.booleans()):
            text = text.replace(" ", " <b>", 1) + "</b>" if " " in text else text
        parts.append(f"<{tag}>{text}</{tag}>")
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["<br>", "<hr>", "<!-- c -->", "</div>", "<ul>"])))
    return f"<!DOCTYPE html><html><head><title>T</title></head><body><article>{''.join(parts)}</article></body></html>"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_pages_parse_and_segment(page: str) -> None:
    try:
        source = parse_html(page, source_id="f", path="fuzz.html")
    except InputError as exc:
        assert str(exc).startswith("fuzz.html: ") and "\n" not in str(exc)
        return
    statements = segment(source)
    _check(source, statements)
    again = parse_html(page, source_id="f", path="fuzz.html")
    assert again == source and segment(again) == statements


# --- align and explain --------------------------------------------------------------------------


def _sources(text_a: str, text_b: str) -> tuple[Source, Source] | None:
    try:
        a = parse_source(text_a, source_id="a", path="a.txt")
        b = parse_source(text_b, source_id="b", path="b.txt")
    except InputError:
        return None
    return a, b


@FUZZ
@given(articles(), articles())
def test_align_groups_every_statement_once_with_unit_scores(text_a: str, text_b: str) -> None:
    pair = _sources(text_a, text_b)
    if pair is None:
        return
    sa, sb = segment(pair[0]), segment(pair[1])
    embedder = FakeEmbedder()
    va, vb = embedder.embed([s.text for s in sa]), embedder.embed([s.text for s in sb])
    groups = align_mod.align(sa, sb, va, vb)
    ids_a = [i for g in groups for i in g.a]
    ids_b = [i for g in groups for i in g.b]
    assert sorted(ids_a) == sorted(s.id for s in sa), "every a-statement in exactly one group"
    assert sorted(ids_b) == sorted(s.id for s in sb), "every b-statement in exactly one group"
    for g in groups:
        assert g.a or g.b
        for value in (g.score, g.semantic, g.lexical):
            assert 0.0 <= value <= 1.0 and not np.isnan(value)
    assert align_mod.align(sa, sb, va.copy(), vb.copy()) == groups, "deterministic"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), articles())
def test_diff_findings_quote_their_sources(text_a: str, text_b: str) -> None:
    pair = _sources(text_a, text_b)
    if pair is None:
        return
    a, b = pair
    diff = diff_sources(a, b, embedder_factory=lambda name: FakeEmbedder())
    texts = {"a": a.text, "b": b.text}
    known = {s.id for s in diff.statements}
    for finding in diff.findings:
        assert set(finding.a) <= known and set(finding.b) <= known
        for side, span, quoted in (
            ("a", finding.a_span, finding.a_text),
            ("b", finding.b_span, finding.b_text),
        ):
            if span is not None:
                start, end = span
                assert 0 <= start <= end <= len(texts[side])
                assert texts[side][start:end] == quoted
    assert diff_sources(a, b, embedder_factory=lambda name: FakeEmbedder()) == diff


def test_long_paragraph_without_full_stops_is_segmented_quickly() -> None:
    # 50,000 words, no sentence end: one statement, and no quadratic blow-up.
    text = " ".join(["the talks went on"] * 12_500) + "\n"
    source = parse_source(text, source_id="f", path="long.txt")
    (statement,) = segment(source)
    assert statement.text == text.strip()


def test_front_matter_is_loaded_safely() -> None:
    text = "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nThe talks went well.\n"
    with pytest.raises(InputError, match=r"^fm\.md: bad YAML front matter"):
        parse_source(text, source_id="f", path="fm.md")


# --- front matter values (issue 14) -------------------------------------------------------------

_SCALAR = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True).map(repr),
    st.dates().map(str),
    st.sampled_from(["2023-02-30", "2023-13-01", "!!float abc", "primary", "zh-CN", "[a, b]",
                     "{a: b}", "!!set {b, a}", "~", "''", "yes", "0x1F", ".inf"]),
)  # fmt: skip


@FUZZ
@given(st.sampled_from(FRONT_MATTER_FIELDS), _SCALAR, st.booleans())
def test_front_matter_values_are_validated(field: str, value: str, quoted: bool) -> None:
    import json

    written = json.dumps(value) if quoted else value
    text = f"---\n{field}: {written}\n---\nThe two sides held candid talks in Geneva on Tuesday.\n"
    try:
        source = parse_source(text, source_id="f", path="fm.md")
    except InputError as exc:
        message = str(exc)
        assert message.startswith("fm.md: ") and "\n" not in message
        return
    got = getattr(source, field)
    if field == "date" and got is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", got)
        date.fromisoformat(got)  # a real calendar date
    if field == "role":
        assert got in ROLES
    if field == "language":
        assert re.fullmatch(r"[a-z]{2,3}", got)
    if got is not None:
        assert got == got.strip() and "\n" not in got
    assert parse_source(text, source_id="f", path="fm.md") == source, "deterministic"


# --- control characters in every output format --------------------------------------------------

_HOSTILE = st.lists(
    st.sampled_from(
        ["\x1b", "[", "2J", "]0;", "\x07", "\x9b", "\x00", "\x7f", "\r", "\n", "::", "##[",
         "error", "<", ">", "&", "\ufffe", "\u2028", "%", "word", " "]
    )
    | st.characters(max_codepoint=0x3000, blacklist_categories=("Cs",)),
    min_size=1,
    max_size=12,
).map("".join)  # fmt: skip
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _command_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip().startswith(("::", "##["))]


def _text_safe(text: str) -> None:
    assert not _CONTROL_RE.search(text)
    assert _command_lines(text) == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HOSTILE, _HOSTILE, _HOSTILE)
def test_control_characters_never_reach_any_output_format(
    in_text: str, in_title: str, in_outlet: str
) -> None:
    import json
    from xml.etree import ElementTree as ET

    from compare.check import check
    from compare.check_render import render as render_check
    from compare.html import render_diff_html, render_report_html
    from compare.render import render_json, render_markdown, render_table
    from compare.report import build_report
    from compare.report_render import render_report_json, render_report_markdown

    text_a = (
        f"---\ntitle: {json.dumps(in_title)}\noutlet: {json.dumps(in_outlet)}\n---\n"
        f'Secretary Alder said the talks were "frank {in_text} and constructive" in Geneva.\n\n'
        f"Both sides agreed {in_text} to meet again next month.\n"
    )
    text_b = (
        "---\nrole: primary\n---\n"
        'Secretary Alder said the talks were "candid and constructive" in Geneva.\n\n'
        "Both sides agreed to meet again next month.\n"
    )
    try:
        a = parse_source(text_a, source_id="a", path=f"a{in_title}.md")
    except InputError as exc:
        assert "\n" not in str(exc).replace(f"a{in_title}.md", "")
        return
    b = parse_source(text_b, source_id="b", path="b.md")
    fake = lambda name: FakeEmbedder()  # noqa: E731
    diff = diff_sources(a, b, embedder_factory=fake)
    for out in (render_table(diff, width=90), render_markdown(diff)):
        _text_safe(out)
    # Raw "<" never reaches Markdown: escaped as an entity or a backslash escape.
    assert "<" not in render_markdown(diff).replace("&lt;", "").replace("\\<", "")
    json.loads(render_json(diff))
    _text_safe(render_json(diff))
    report = build_report((a, b), embedder_factory=fake)
    _text_safe(render_report_markdown(report))
    for page in (render_diff_html(diff), render_report_html(report)):
        assert not _CONTROL_RE.search(page)
    json.loads(render_report_json(report))
    result = check([a], [b], embedder_factory=fake, fail_on="low")
    for fmt in ("text", "junit", "json", "sarif"):
        out = render_check(result, fmt)
        _text_safe(out)
        if fmt == "junit":
            ET.fromstring(out.encode("utf-8"))
        elif fmt != "text":
            json.loads(out)
    github = render_check(result, "github").rstrip("\n").split("\n")
    assert not _CONTROL_RE.search("\n".join(github))
    assert len(github) == len(result.findings) + 1
    for line in github:
        assert line.split("::", 2)[2].count("::") == 0


# --- the cache never changes results ------------------------------------------------------------

_POOL = [
    "The talks were candid and constructive.",
    "Both sides agreed to resume the dialogue.",
    "Wang Yi met Antony Blinken in Munich.",
    "The two sides discussed trade and security.",
    "They agreed to keep lines of communication open.",
    "Rates rose.",
]


_REPEATING = st.lists(st.sampled_from(_POOL), min_size=2, max_size=14).map(
    lambda sentences: "\n\n".join(sentences) + "\n"
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_REPEATING, _REPEATING)
def test_cached_equals_uncached_on_repeated_sentences(text_a: str, text_b: str) -> None:
    import tempfile
    from pathlib import Path

    from compare.cache import CachedEmbedder, EmbeddingCache

    a = parse_source(text_a, source_id="a", path="a.txt")
    b = parse_source(text_b, source_id="b", path="b.txt")
    model = ShapeSensitive()
    uncached = diff_sources(a, b, embedder_factory=lambda name: model)
    with (
        tempfile.TemporaryDirectory() as folder,
        EmbeddingCache(Path(folder) / "c.sqlite") as cache,
    ):
        cached = lambda name: CachedEmbedder(model, cache)  # noqa: E731
        cold = diff_sources(a, b, embedder_factory=cached)
        warm = diff_sources(a, b, embedder_factory=cached)
    assert cold == uncached
    assert warm == uncached


# Word-order variants embed alike in a bag-of-words model: exact ties, which only the embedder's
# noise (or the tie-break by id) decides.
_TIED_POOL = [
    *_POOL,
    "Constructive and candid were the talks.",
    "The sides both agreed to resume dialogue.",
    "Rose rates.",
    "Security and trade were discussed by the two sides.",
    "In Munich Antony Blinken met Wang Yi.",
]


def _docs(pool: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pool), min_size=2, max_size=12).map(
        lambda sentences: "\n\n".join(sentences) + "\n"
    )


def _diff_with_cache_filled_by(
    model: object, a: Source, b: Source, others: list[str] | None
) -> object:
    """`diff_sources(a, b)` through a fresh cache, after `others` were embedded into it (or
    without any cache when `others` is None)."""
    import tempfile
    from pathlib import Path

    from compare.cache import CachedEmbedder, EmbeddingCache

    if others is None:
        return diff_sources(a, b, embedder_factory=lambda name: model)
    with (
        tempfile.TemporaryDirectory() as folder,
        EmbeddingCache(Path(folder) / "c.sqlite") as cache,
    ):
        cached = CachedEmbedder(model, cache)  # type: ignore[arg-type]
        if others:
            cached.embed(others)
        return diff_sources(a, b, embedder_factory=lambda name: cached)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_docs(_TIED_POOL), _docs(_TIED_POOL), st.lists(st.sampled_from(_TIED_POOL), max_size=10))
def test_results_do_not_depend_on_what_the_cache_holds(
    text_a: str, text_b: str, others: list[str]
) -> None:
    """A cache filled by other runs (so a sentence's vector was computed in another batch)
    gives the same diff as no cache, with a model whose vectors move with the batch shape."""
    a = parse_source(text_a, source_id="a", path="a.txt")
    b = parse_source(text_b, source_id="b", path="b.txt")
    model = ShapeSensitive()
    assert _diff_with_cache_filled_by(model, a, b, others) == _diff_with_cache_filled_by(
        model, a, b, None
    )


@pytest.mark.parametrize(("fixed", "same"), [(True, True), (False, False)])
def test_a_cache_filled_by_another_run_changed_results_before_fixed_shapes(
    fixed: bool, same: bool
) -> None:
    """The example hypothesis found against the package's own batching (what readout did)."""
    a = parse_source(f"{_POOL[0]}\n\n{_POOL[3]}\n", source_id="a", path="a.txt")
    b = parse_source(f"{_POOL[0]}\n\n{_TIED_POOL[9]}\n", source_id="b", path="b.txt")
    model = ShapeSensitive(fixed=fixed)
    cached = _diff_with_cache_filled_by(model, a, b, [_POOL[0]])
    assert (cached == _diff_with_cache_filled_by(model, a, b, None)) is same
