from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from compare import pipeline
from compare.cluster import cluster
from compare.embed import FakeEmbedder
from compare.errors import UsageError
from compare.html import HighlightSpan, highlight, render_diff_html, render_report_html
from compare.models import Alignment, Diff, Finding, Report, Source, Statement, TopicCoverage
from compare.pipeline import diff_sources
from compare.report import MANIFEST, REPORT_FILES, build_report, write_report
from compare.report_render import render_report_json, render_report_markdown

# ---------------------------------------------------------------------------------------------
# Helpers: sources, statements and findings built by hand, so rendering is tested without the
# segmenter or the framing module.
# ---------------------------------------------------------------------------------------------


def make_source(sid: str, sentences: Sequence[str], **meta: str | None) -> Source:
    """A source whose text is one sentence per line, each line a body region."""
    text = "\n".join(sentences) + "\n"
    body, pos = [], 0
    for sentence in sentences:
        body.append((pos, pos + len(sentence)))
        pos += len(sentence) + 1
    fields = {"path": f"{sid}.txt", "language": "en", **meta}
    return Source(id=sid, text=text, body=tuple(body), **fields)  # type: ignore[arg-type]


def lines(source: Source) -> tuple[Statement, ...]:
    """One statement per body region of a `make_source` source."""
    return tuple(
        Statement(f"{source.id}:{i}", source.id, i, source.text[s:e], s, e)
        for i, (s, e) in enumerate(source.body)
    )


def span_of(statement: Statement, words: str) -> tuple[int, int]:
    """File offsets of `words` inside `statement`."""
    at = statement.text.index(words)
    return statement.start + at, statement.start + at + len(words)


def make_finding(
    kind: str,
    a: Statement | None,
    a_words: str,
    b: Statement | None,
    b_words: str,
    *,
    severity: str = "medium",
    message: str | None = None,
) -> Finding:
    return Finding(
        kind=kind,
        a=(a.id,) if a else (),
        b=(b.id,) if b else (),
        a_text=a_words,
        b_text=b_words,
        a_span=span_of(a, a_words) if a and a_words else None,
        b_span=span_of(b, b_words) if b and b_words else None,
        severity=severity,
        message=message or f"{a_words!r} vs {b_words!r}",
    )


def link(a: Statement, b: Statement, score: float = 0.8) -> Alignment:
    return Alignment(a=(a.id,), b=(b.id,), score=score, semantic=score, lexical=score)


def hand_report(
    sources: Sequence[Source],
    groups: dict[tuple[str, str], list[Alignment]],
    findings: dict[tuple[str, str], list[Finding]] | None = None,
    topics: tuple[TopicCoverage, ...] = (),
) -> Report:
    """A Report for `sources` with the given pairwise groups and findings (unlisted pairs: none)."""
    per_source = {s.id: lines(s) for s in sources}
    statements = tuple(st for s in sources for st in per_source[s.id])
    findings = findings or {}
    diffs = []
    for i, x in enumerate(sources):
        for y in sources[i + 1 :]:
            key = (x.id, y.id)
            matched = groups.get(key, [])
            used = {sid for g in matched for sid in (*g.a, *g.b)}
            alone = [
                Alignment(a=(st.id,), b=()) if st.source == x.id else Alignment(a=(), b=(st.id,))
                for st in (*per_source[x.id], *per_source[y.id])
                if st.id not in used
            ]
            groups[key] = [*matched, *alone]
            diffs.append(
                Diff(
                    sources=(x, y),
                    statements=(*per_source[x.id], *per_source[y.id]),
                    groups=tuple(groups[key]),
                    findings=tuple(findings.get(key, ())),
                    backend="fake:bag-of-words",
                )
            )
    return Report(
        sources=tuple(sources),
        statements=statements,
        clusters=cluster(statements, [s.id for s in sources], groups),
        diffs=tuple(diffs),
        findings=tuple(f for d in diffs for f in d.findings),
        topics=topics,
        backend="fake:bag-of-words",
    )


class Marks(HTMLParser):
    """Collects the text and kinds of every <mark>, and notes marks nested in marks."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.nested = False
        self.marks: list[tuple[str, str]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.nested |= self.depth > 0
            self.depth += 1
            self.marks.append(("", dict(attrs).get("data-kinds") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.depth:
            text, kinds = self.marks[-1]
            self.marks[-1] = (text + data, kinds)


def parse_marks(markup: str) -> Marks:
    parser = Marks()
    parser.feed(markup)
    parser.close()
    return parser


STATE = [
    "Secretary Blinken met Vice President Han Zheng in New York on Monday.",
    "They held candid and constructive talks on the relationship.",
    "Blinken raised concerns about human rights in Xinjiang.",
]
XINHUA = [
    "Vice President Han Zheng met Secretary Blinken in New York on Monday.",
    "The two sides held frank and constructive talks on the relationship.",
]
REUTERS = [
    "Blinken met Han in New York on Monday on the sidelines of the UN.",
    "The meeting came amid tensions over Taiwan.",
]


def three_sources() -> list[Source]:
    return [
        make_source("a", STATE, outlet="State Department", role="primary", date="2023-09-18"),
        make_source("b", XINHUA, outlet="Xinhua", date="2023-09-19"),
        make_source("c", REUTERS, outlet="Reuters", date="2023-09-18", url="https://example.com/x"),
    ]


def three_source_report() -> Report:
    a, b, c = three_sources()
    sa, sb, sc = lines(a), lines(b), lines(c)
    return hand_report(
        [a, b, c],
        {
            ("a", "b"): [link(sa[0], sb[0], 0.9), link(sa[1], sb[1], 0.7)],
            ("a", "c"): [link(sa[0], sc[0], 0.6)],
            ("b", "c"): [link(sb[0], sc[0], 0.6)],
        },
        {
            ("a", "b"): [
                make_finding("tone", sa[1], "candid", sb[1], "frank", severity="high"),
                make_finding("omission", sa[2], sa[2].text, None, "", severity="low"),
            ],
            ("a", "c"): [make_finding("entity", sa[0], "Han Zheng", sc[0], "Han")],
        },
        topics=(
            TopicCoverage("Taiwan", {"c": ("c:1",)}),
            TopicCoverage("human rights", {"a": ("a:2",)}),
        ),
    )


def row_html(page: str, row_id: str) -> str:
    start = page.index(f'id="{row_id}"')
    end = page.find('<div class="mrow', start)
    return page[start : end if end >= 0 else len(page)]


# ---------------------------------------------------------------------------------------------
# build_report
# ---------------------------------------------------------------------------------------------


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return super().embed(texts)


def test_build_report_embeds_once_and_compares_every_pair() -> None:
    embedders: dict[str, CountingEmbedder] = {}

    def factory(name: str) -> CountingEmbedder:
        return embedders.setdefault(name, CountingEmbedder())

    messages: list[str] = []
    report = build_report(three_sources(), embedder_factory=factory, progress=messages.append)
    english = sum(s.language == "en" for s in report.statements)
    # Each statement is embedded once for the whole report, not once per pair.
    assert embedders["use"].calls == [len(report.statements)]
    assert embedders[pipeline.WORD_BACKEND].calls == [english]
    assert [(d.sources[0].id, d.sources[1].id) for d in report.diffs] == [
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
    ]
    assert report.findings == tuple(f for d in report.diffs for f in d.findings)
    clustered = sorted(i for c in report.clusters for ids in c.members.values() for i in ids)
    assert clustered == sorted(s.id for s in report.statements)
    assert report.backend == embedders["use"].name
    assert messages and all(isinstance(m, str) and "\n" not in m for m in messages)


def test_the_meeting_all_three_report_is_one_cluster() -> None:
    report = build_report(three_sources(), embedder_factory=lambda name: FakeEmbedder())
    first = report.clusters[0]
    assert first.id == "c1"
    assert set(first.members) == {"a", "b", "c"}
    assert first.members["a"] == ("a:0",)


def test_each_pair_of_a_report_equals_its_diff() -> None:
    a, b = three_sources()[:2]
    report = build_report([a, b], embedder_factory=lambda name: FakeEmbedder())
    assert report.diffs == (diff_sources(a, b, embedder_factory=lambda name: FakeEmbedder()),)


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        (three_sources()[:1], "at least two"),
        ([three_sources()[0], three_sources()[0]], "unique"),
    ],
)
def test_build_report_refuses_bad_source_lists(sources, message) -> None:
    with pytest.raises(UsageError, match=message):
        build_report(sources, embedder_factory=lambda name: FakeEmbedder())


def test_two_builds_write_byte_identical_files(tmp_path: Path) -> None:
    for out in ("one", "two"):
        report = build_report(three_sources(), embedder_factory=lambda name: FakeEmbedder())
        write_report(report, tmp_path / out)
    for name in REPORT_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    page = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert date.today().isoformat() not in page


_BUILD_IN_SUBPROCESS = """
import sys
from compare.embed import FakeEmbedder
from compare.report import build_report, write_report
from tests.test_report import three_sources
write_report(build_report(three_sources(), embedder_factory=lambda n: FakeEmbedder()), sys.argv[1])
"""


def test_output_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        subprocess.run(
            [sys.executable, "-c", _BUILD_IN_SUBPROCESS, str(tmp_path / seed)],
            check=True,
            cwd=root,
            env=env,
        )
    for name in REPORT_FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


# ---------------------------------------------------------------------------------------------
# write_report
# ---------------------------------------------------------------------------------------------


def test_write_report_creates_the_folder_and_may_rewrite_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "report"
    written = write_report(three_source_report(), out)
    assert written == [out / name for name in REPORT_FILES]
    assert all(p.is_file() for p in written)
    assert set((out / MANIFEST).read_text(encoding="utf-8").split()) >= set(REPORT_FILES)
    (out / "report.md").write_text("stale", encoding="utf-8")
    write_report(three_source_report(), out)
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# How the sources")


@pytest.mark.parametrize("name", REPORT_FILES)
def test_write_report_refuses_to_overwrite_files_it_did_not_write(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_text("someone else's", encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(name)) as info:
        write_report(three_source_report(), tmp_path)
    assert "\n" not in str(info.value)
    assert (tmp_path / name).read_text(encoding="utf-8") == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_manifest_only_covers_the_files_it_names(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("report.json\n", encoding="utf-8")
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    (tmp_path / "index.html").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="index.html"):
        write_report(three_source_report(), tmp_path)
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "mine"


def test_write_report_refuses_a_file_as_folder(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="not a directory"):
        write_report(three_source_report(), tmp_path / "out")


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

TEXT = "Blinken held candid and constructive talks in New York."


def statement(text: str = TEXT, start: int = 100) -> Statement:
    return Statement("a:0", "a", 0, text, start, start + len(text))


def spans(*items: tuple[str, str]) -> list[HighlightSpan]:
    st = statement()
    out = []
    for words, kind in items:
        s, e = span_of(st, words)
        out.append(HighlightSpan(s, e, kind, f"{kind} note"))
    return out


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([("candid", "tone")], [("candid", "tone")]),
        (
            [("candid and", "tone"), ("and constructive", "wording")],
            [("candid ", "tone"), ("and", "tone wording"), (" constructive", "wording")],
        ),
        (
            [("New York", "entity"), ("York", "wording")],
            [("New ", "entity"), ("York", "entity wording")],
        ),
        ([("candid", "tone"), ("candid", "quote_drift")], [("candid", "quote_drift tone")]),
        ([("held", "wording"), ("candid", "tone")], [("held", "wording"), ("candid", "tone")]),
    ],
)
def test_highlight_flattens_overlapping_spans(items, expected) -> None:
    marks = parse_marks(highlight(statement(), spans(*items)))
    assert not marks.nested
    assert marks.marks == expected
    assert marks.text == TEXT


def test_highlight_clips_spans_to_the_statement_and_ignores_others() -> None:
    st = statement()
    marks = parse_marks(
        highlight(
            st,
            [
                HighlightSpan(st.start - 10, st.start + 7, "entity", ""),
                HighlightSpan(0, 50, "tone", ""),
            ],
        )
    )
    assert marks.marks == [("Blinken", "entity")]
    assert marks.text == TEXT


def test_highlight_escapes_text_inside_and_outside_marks() -> None:
    st = statement("Tags <b>bold</b> & <script>alert(1)</script> stay text.", 0)
    s, e = span_of(st, "<script>alert(1)</script>")
    out = str(highlight(st, [HighlightSpan(s, e, "wording", 'a "note" <i>')]))
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in out
    assert parse_marks(out).text == st.text


def test_article_text_is_escaped_everywhere() -> None:
    evil = "<script>alert(1)</script>"
    a = make_source(
        "a",
        [f"Blinken said {evil} in New York.", "Second sentence here."],
        outlet=f"Outlet {evil}",
        title=f"Title {evil}",
        url=f"https://example.com/{evil}",
    )
    b = make_source("b", ["Blinken said nothing in New York."], outlet="Xinhua")
    sa, sb = lines(a), lines(b)
    report = hand_report(
        [a, b],
        {("a", "b"): [link(sa[0], sb[0])]},
        {
            ("a", "b"): [
                make_finding(
                    "quote_drift", sa[0], evil, sb[0], "nothing", message=f"msg {evil} <img src=x>"
                )
            ]
        },
        topics=(TopicCoverage(f"topic {evil}", {"a": ("a:0",)}),),
    )
    for page in (render_report_html(report), render_diff_html(report.diffs[0])):
        assert evil not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert page.count("<script") == 1  # the page's own filter script
        assert "<img" not in page


def test_three_sources_give_a_matrix_with_explicit_not_reported_cells() -> None:
    page = render_report_html(three_source_report())
    assert 'class="layout-matrix"' in page
    assert page.count('class="colhead') == 3
    # c1: all three report the meeting; c2: the talks (a, b); c3: human rights (a only).
    full, talks, rights = row_html(page, "c1"), row_html(page, "c2"), row_html(page, "c3")
    assert "not reported" not in full
    assert talks.count("not reported") == 1 and 'class="cell nr src-2"' in talks
    assert rights.count("not reported") == 2
    assert "human rights in Xinjiang" in rights


def test_findings_are_highlighted_in_the_text_and_listed_by_kind() -> None:
    page = render_report_html(three_source_report())
    talks = parse_marks(row_html(page, "c2"))
    assert ("candid", "tone") in talks.marks and ("frank", "tone") in talks.marks
    meeting = parse_marks(row_html(page, "c1"))
    assert ("Han Zheng", "entity") in meeting.marks and ("Han", "entity") in meeting.marks
    # An omission covers a whole sentence: the matrix shows it, no mark is drawn.
    assert parse_marks(row_html(page, "c3")).marks == []
    listed = re.findall(r'<li class="finding sev-(\w+)" id="f\d+" data-kind="(\w+)"', page)
    assert listed == [("high", "tone"), ("medium", "entity"), ("low", "omission")]
    for kind in ("tone", "entity", "omission"):
        assert f'data-kind="{kind}" checked' in page


def test_the_page_reads_fully_without_javascript() -> None:
    page = render_report_html(three_source_report())
    hidden = re.findall(r"<[^>]*\bhidden\b[^>]*>", page)
    # Only the JS controls (filters) start hidden; every finding and row is on the page.
    assert hidden and all("js-only" in tag for tag in hidden)
    assert page.count('<li class="finding') == 3
    assert page.count('<details class="why">') == 3
    assert "one source gives another characterisation" not in page


def test_topic_coverage_table_marks_silent_sources() -> None:
    page = render_report_html(three_source_report())
    table = page[page.index('<table class="topics">') : page.index("</table>")]
    taiwan = table[table.index("Taiwan") : table.index("</tr>", table.index("Taiwan"))]
    assert taiwan.count('title="not mentioned"') == 2 and 'title="1 statement"' in taiwan


def test_source_headers_show_metadata() -> None:
    page = render_report_html(three_source_report())
    for text in ("State Department", "Xinhua", "Reuters", "2023-09-19", "primary", "a.txt"):
        assert text in page


def test_pages_fetch_nothing_from_outside() -> None:
    report = three_source_report()
    for page in (render_report_html(report), render_diff_html(report.diffs[0])):
        assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I)
        assert not re.search(r"<(?:link|img|iframe|object|embed|video|audio|source)\b", page, re.I)
        for needle in ("@import", "url(", "@font-face", "fetch(", "XMLHttpRequest"):
            assert needle not in page
        assert "<style>" in page


def test_diff_page_is_side_by_side() -> None:
    report = three_source_report()
    page = render_diff_html(report.diffs[0])
    assert 'class="layout-side"' in page
    assert page.count('class="colhead') == 2
    assert "Reuters" not in page
    assert parse_marks(row_html(page, "c2")).marks == [("candid", "tone"), ("frank", "tone")]


# ---------------------------------------------------------------------------------------------
# JSON and Markdown
# ---------------------------------------------------------------------------------------------


def test_json_report_contract() -> None:
    data = json.loads(render_report_json(three_source_report()))
    assert data["schema"] == "readout.report/2"
    assert [s["id"] for s in data["sources"]] == ["a", "b", "c"]
    assert len(data["statements"]) == len(STATE) + len(XINHUA) + len(REUTERS)
    first, talks = data["clusters"][0], data["clusters"][1]
    assert first["members"] == {"a": ["a:0"], "b": ["b:0"], "c": ["c:0"]}
    assert talks == {
        "id": "c2",
        "score": 0.7,
        "members": {"a": ["a:1"], "b": ["b:1"]},
        "not_reported": ["c"],
    }
    assert [(f["kind"], f["sources"]) for f in data["findings"]] == [
        ("tone", ["a", "b"]),
        ("entity", ["a", "c"]),
        ("omission", ["a"]),
    ]
    tone = data["findings"][0]
    assert tone["labels"] == ["A", "B"] and tone["pairs"] == [["a", "b"]]
    assert [s["text"] for s in tone["sides"]] == ["candid", "frank"]
    assert data["findings"][2]["not_reported"] == ["b", "c"]
    assert [s["label"] for s in data["sources"]] == ["A", "B", "C"]
    assert [(c["a"], c["b"]) for c in data["comparisons"]] == [("a", "b"), ("a", "c"), ("b", "c")]
    assert data["comparisons"][0]["findings"][0]["a_text"] == "candid"


def test_markdown_report_has_the_matrix_findings_and_topics() -> None:
    a, b = make_source("a", ["Prices | rose 5%."]), make_source("b", ["Prices fell."])
    report = hand_report([a, b], {})
    text = render_report_markdown(report)
    assert "Prices \\| rose 5%." in text
    assert text.count("not reported by") == 2
    full = render_report_markdown(three_source_report())
    headings = ["## Findings", "## Who reported what", "## Topics", "## Sources"]
    assert [full.index(h) for h in headings] == sorted(full.index(h) for h in headings)
    assert "1. **tone change** (high) · A and B" in full
    assert "**A** State Department: They held **candid** and constructive talks" in full
    assert "not in B and C" in full
    # Compact: no padded table cells, every line within the wrap width unless one word.
    assert "  |" not in full
    assert all(len(line) <= 100 or " " not in line.strip() for line in full.splitlines())


def test_word_diff_shows_every_literal_change_escaped() -> None:
    from compare.html import word_diff

    out = str(word_diff("Talks were candid & constructive.", "Talks were frank & constructive!"))
    assert out == (
        "Talks were <del>candid</del><ins>frank</ins> &amp; constructive<del>.</del><ins>!</ins>"
    )
    zh = str(word_diff("双方同意保持高层交往", "双方不同意保持高层交往"))
    assert "<ins>不</ins>" in zh and "<del>" not in zh
    assert str(word_diff("<b>x</b>", "<b>y</b>")).count("&lt;b&gt;") == 1


def test_rows_reported_by_several_sources_offer_their_word_diff() -> None:
    page = render_report_html(three_source_report())
    talks, rights = row_html(page, "c2"), row_html(page, "c3")
    assert '<details class="wdiff"' in talks and "<del>candid</del><ins>frank</ins>" in talks
    assert '<details class="wdiff"' not in rights  # one source only: nothing to compare
