"""The record: whose side and voice a primary is, whose words a phrase names, translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.check.gloss import negated_glosses, to_simplified
from compare.check.record import (
    Voice,
    cites_document,
    institutional,
    people_parties,
    person_words,
    voices,
)
from compare.ingest import parse_source
from compare.lexicon import default_lexicon, matcher
from compare.models import Source

EVENTS = Path(__file__).parent / "data" / "events"
LEX = matcher(default_lexicon())


def primary(path: Path) -> Source:
    text = "---\nrole: primary\n---\n" + path.read_text(encoding="utf-8")
    return parse_source(text, source_id=f"corpus:{path.name}", path=str(path))


@pytest.mark.parametrize(
    ("event", "report", "sides"),
    [
        ("d1_munich_blinken_wang", "wire", {"state": "United States", "mfa_zh": "China"}),
        (
            "d2_beijing_raimondo_wang_wentao",
            "bizwire",
            {"commerce": "United States", "mofcom": "China"},
        ),
        ("d3_vientiane_jaishankar_wang", "wire", {"mea": "India", "mfa": "China"}),
        ("d4_beijing_scholz_xi", "wire", {"bundesregierung": "Germany", "xinhua": "China"}),
        # MOFA's headline marks neither side: the side left once MFA's is known.
        ("d5_seoul_kishida_li", "kyodo", {"mfa": "China", "mofa": "Japan"}),
    ],
)
def test_each_readout_speaks_for_its_own_side(
    event: str, report: str, sides: dict[str, str]
) -> None:
    sources = [primary(EVENTS / event / f"{name}.txt") for name in sides]
    text = (EVENTS / event / f"{report}.txt").read_text(encoding="utf-8")
    found = voices(sources, None, reports=[parse_source(text, source_id="new:1", path="r")])
    for name, side in sides.items():
        assert found[f"corpus:{name}.txt"].parties == {side}


def test_spokesperson_voice() -> None:
    (voice,) = voices([primary(EVENTS / "d6_jakarta_blinken_wang" / "state.txt")], None).values()
    assert {"matthew", "miller"} <= voice.speakers


@pytest.mark.parametrize(
    ("language", "speakers", "translated"),
    [
        ("en", {"China"}, True),  # an English readout of Chinese words
        ("en", {"Germany"}, True),
        ("en", {"United States"}, False),
        ("en", {"India"}, False),
        ("zh", {"China"}, False),
        ("en", set(), False),  # an unknown side speaks the record's language
        ("en", {"Atlantis"}, False),
    ],
)
def test_translated_for(language: str, speakers: set[str], translated: bool) -> None:
    voice = Voice("r", frozenset(), frozenset(), language)
    assert voice.translated_for(speakers) is translated


@pytest.mark.parametrize(
    ("phrase", "kind", "institution"),
    [
        ("the State Department", "speaker", True),
        ("China's foreign ministry", "speaker", True),
        ("according to the Chinese readout", "account", True),
        ("Chinese state media", "account", True),
        ("Raimondo told reporters", "account", False),  # a person's words, not a document's
        ("Blinken", "speaker", False),
        ("Washington", "speaker", True),
    ],
)
def test_institutional(phrase: str, kind: str, institution: bool) -> None:
    assert institutional(phrase, kind, None) is institution


def test_reporters_are_no_document() -> None:
    assert not cites_document("Raimondo told reporters", LEX)
    assert cites_document("the statements", LEX) and cites_document("a readout", LEX)


def test_person_words_skip_parties_titles_and_institutions() -> None:
    assert person_words("Chinese Foreign Minister Wang Yi", None) == {"wang", "yi"}
    assert person_words("the State Department", None) == set()


def test_people_parties() -> None:
    found = people_parties(
        ["Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken."], LEX
    )
    assert found["wang"] == {"China"} and found["blinken"] == {"United States"}


@pytest.mark.parametrize(
    ("text", "senses"),
    [
        ("習近平並未同意中德兩國進行協調", {"agree"}),  # traditional, 并未 + 同意
        ("双方没有同意", {"agree"}),
        ("不过，双方同意", set()),  # 不过 "however" negates nothing
        ("双方同意", set()),
    ],
)
def test_negated_glosses(text: str, senses: set[str]) -> None:
    found = {
        w for _, _, words in negated_glosses(text, default_lexicon().negation_zh) for w in words
    }
    assert senses <= found
    if not senses:
        assert found == set()


def test_to_simplified() -> None:
    assert to_simplified("習近平並未同意") == "习近平并未同意"
