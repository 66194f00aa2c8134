"""`readout check` on the development events: a gate that neither cries wolf nor waves through.

Each event's governments' own readouts are given `role: primary` in a temporary copy; each
secondary, checked against the folder of its event's primaries, must fail (exit 1) exactly when
it misquotes or contradicts a primary's own words, and pass otherwise; checked against another
event's primaries it must find no record of its meeting (exit 0).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from compare import embed
from compare.check import check, load_articles, load_corpus
from compare.embed import FakeEmbedder

EVENTS = Path(__file__).parent / "data" / "events"
#: Which sources of each event are governments' own readouts (from the events README: the
#: State Department, China's MFA and MOFCOM, the Commerce Department, India's MEA, the German
#: government, Xinhua's readout of Xi's remarks, Japan's MOFA).
PRIMARIES = {
    "d1_munich_blinken_wang": ("state", "mfa_zh"),
    "d2_beijing_raimondo_wang_wentao": ("commerce", "mofcom"),
    "d3_vientiane_jaishankar_wang": ("mea", "mfa"),
    "d4_beijing_scholz_xi": ("bundesregierung", "xinhua"),
    "d5_seoul_kishida_li": ("mofa", "mfa"),
    "d6_jakarta_blinken_wang": ("state",),
}
#: (event, secondary) -> expected exit code: 1 where the README plants a misquote of a
#: primary's own words or a contradiction of it (negation, changed figure, changed name).
#: Different renderings of words spoken in Chinese, German or Japanese (d4 wire's "oil" for
#: "fuel" and "senseless" for "insane", d5 kyodo's "at all" for "in the slightest") are warnings.
EXPECTED = {
    ("d1_munich_blinken_wang", "wire"): 0,
    ("d1_munich_blinken_wang", "syndicated"): 1,  # "did not agree", Thursday, Vice Foreign Minister
    ("d2_beijing_raimondo_wang_wentao", "bizwire"): 0,
    ("d2_beijing_raimondo_wang_wentao", "blog"): 1,  # Wendao, three times a year, did not agree
    ("d3_vientiane_jaishankar_wang", "wire"): 0,
    ("d3_vientiane_jaishankar_wang", "daily"): 1,  # "mutual trust" for the MEA's "mutual interest"
    ("d4_beijing_scholz_xi", "wire"): 0,
    ("d4_beijing_scholz_xi", "hk_zh"): 1,  # 並未同意 against "agreed"; 總統; 兩小時
    ("d5_seoul_kishida_li", "kyodo"): 0,
    ("d5_seoul_kishida_li", "rewrite"): 1,  # "did not agree", "eighth"
    ("d6_jakarta_blinken_wang", "wire"): 1,  # Miller's "misperception" -> "misunderstanding"
}


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the events, primaries in `<event>/primaries/` with `role: primary` front
    matter, secondaries in `<event>/secondaries/`."""
    root = tmp_path_factory.mktemp("events")
    for event, primaries in PRIMARIES.items():
        for path in sorted((EVENTS / event).glob("*.txt")):
            primary = path.stem in primaries
            folder = root / event / ("primaries" if primary else "secondaries")
            folder.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8")
            if primary:
                text = "---\nrole: primary\n---\n" + text
            (folder / path.name).write_text(text, encoding="utf-8")
    return root


@cache
def _real(name: str) -> embed.Embedder:
    return embed.get_embedder(name)


def _check(article: Path, corpus: Path, factory: object) -> tuple[int, tuple[str, ...]]:
    result = check(load_articles([article]), load_corpus(corpus), embedder_factory=factory)  # type: ignore[arg-type]
    (checked,) = result.articles
    return result.exit_code, checked.matched


def test_every_event_with_official_readouts_is_covered() -> None:
    on_disk = {p.name for p in EVENTS.iterdir() if p.is_dir() and p.name != "cross"}
    assert on_disk == set(PRIMARIES)
    for event, primaries in PRIMARIES.items():
        stems = {p.stem for p in (EVENTS / event).glob("*.txt")}
        assert set(primaries) <= stems
        assert {s for (e, s) in EXPECTED if e == event} == stems - set(primaries)


@pytest.mark.model
@pytest.mark.parametrize(("event", "secondary", "code"), [(*k, c) for k, c in EXPECTED.items()])
def test_secondary_against_its_primaries(
    events: Path, event: str, secondary: str, code: int
) -> None:
    exit_code, matched = _check(
        events / event / "secondaries" / f"{secondary}.txt", events / event / "primaries", _real
    )
    assert len(matched) == len(PRIMARIES[event])  # every readout of the meeting is used
    assert exit_code == code


@pytest.mark.parametrize(("event", "secondary"), sorted(EXPECTED))
def test_secondary_against_another_event_has_no_record(
    events: Path, event: str, secondary: str
) -> None:
    # Dates, places and names settle every pair: no statement needs embedding.
    def refuse(name: str) -> FakeEmbedder:
        raise AssertionError("embedded a document of another meeting")

    for other in sorted(PRIMARIES):
        if other == event:
            continue
        article = events / event / "secondaries" / f"{secondary}.txt"
        exit_code, matched = _check(article, events / other / "primaries", refuse)
        assert (exit_code, matched) == (0, ()), other


def test_copy_of_the_events_is_unchanged(events: Path) -> None:
    # The fixture only adds front matter: the article text stays byte for byte.
    for event, primaries in PRIMARIES.items():
        for name in primaries:
            copied = (events / event / "primaries" / f"{name}.txt").read_text(encoding="utf-8")
            original = (EVENTS / event / f"{name}.txt").read_text(encoding="utf-8")
            assert copied.removeprefix("---\nrole: primary\n---\n") == original


@pytest.mark.model
def test_one_corpus_of_every_event(events: Path, tmp_path: Path) -> None:
    # The corpus a newsroom keeps: every event's readouts and reports in one folder. Each
    # secondary matches only its own meeting's documents and gets the same verdict.
    corpus = tmp_path / "corpus"
    for path in events.glob("*/*/*.txt"):
        folder = corpus / path.parts[-3]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    for (event, secondary), code in EXPECTED.items():
        article = corpus / event / f"secondaries-{secondary}.txt"
        result = check(
            load_articles([article]),
            load_corpus(corpus, exclude=[article]),
            embedder_factory=_real,
        )
        (checked,) = result.articles
        own = {f"corpus:{p.relative_to(corpus).as_posix()}" for p in (corpus / event).glob("*.txt")}
        assert set(checked.matched) == own - {f"corpus:{event}/secondaries-{secondary}.txt"}
        assert result.exit_code == code, (event, secondary)
        assert len(checked.events) == len(result.corpus)  # every document has a verdict
