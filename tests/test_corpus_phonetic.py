"""`compare.corpus.phonetic`: consonant skeletons of English and pinyin names.

The real-data check: the shipped transliteration table's one-word foreign names
(compare/zh/data/names.toml), read as pinyin from CC-CEDICT, against their English spelling.
"""

from __future__ import annotations

import pytest

from compare.corpus import phonetic as ph
from compare.corpus.features import zh_skeleton
from compare.zh import dictionary, names


@pytest.mark.parametrize(
    ("word", "skeleton"),
    [
        ("Blinken", "PLNKN"),
        ("Scholz", "SLS"),
        ("Campbell", "KNPL"),
        ("Lavrov", "LFLF"),
        ("Cicero", "SL"),
        ("Hha", ""),
    ],
)
def test_english(word: str, skeleton: str) -> None:
    assert ph.english(word) == skeleton


@pytest.mark.parametrize(
    ("syllables", "skeleton"),
    [
        ("bu4 lin2 ken3", "PLNKN"),
        ("shuo4 er3 ci2", "SLS"),
        ("la1 fu1 luo2 fu1", "LFLF"),
        ("wu1 er3", "L"),  # the w of wu is a vowel
        ("wei2 ta1", "FT"),
        ("", ""),
    ],
)
def test_pinyin(syllables: str, skeleton: str) -> None:
    assert ph.pinyin(syllables.split()) == skeleton


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("PLNKN", "PLNKN", True),
        ("TLNP", "TLNP", True),
        ("STLTNPK", "STLTNPLK", True),  # one class lost in transliteration
        ("TLNP", "TLKP", False),  # short skeletons must be equal
        ("PLNKN", "SLS", False),
        ("LN", "LN", False),  # too short to say
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert ph.same_name(a, b) is same
    assert 0.0 <= ph.similarity(a, b) <= 1.0


def test_transliteration_table_names_match_their_english_and_rarely_others() -> None:
    table = names.load()
    dic = dictionary.load()
    pairs = [
        (zh_skeleton(k, dic), ph.english(v[0]))
        for k, v in sorted(table.people.items())
        if len(v[0].split()) == 1
    ]
    pairs = [(a, b) for a, b in pairs if min(len(a), len(b)) >= ph.MIN_SKELETON]
    assert len(pairs) >= 40
    own = sum(ph.same_name(a, b) for a, b in pairs) / len(pairs)
    others = [ph.same_name(a, b2) for a, b in pairs for _, b2 in pairs if b2 != b]
    wrong = sum(others) / len(others)
    assert own >= 0.75, own  # measured 0.78
    assert wrong <= 0.005, wrong  # measured 0.0015
