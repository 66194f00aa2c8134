"""Findings between a Chinese statement and its English counterpart (compare/zh/findings.py),
and the same through framing's one cross-language hook."""

from __future__ import annotations

import pytest

from compare.framing import find_differences
from compare.models import Alignment, Finding, Source, Statement
from compare.zh import findings


def pair(a: str, b: str) -> list[Finding]:
    sa = Statement("a:0", "a", 0, a, 0, len(a), "zh" if _cjk(a) else "en")
    sb = Statement("b:0", "b", 0, b, 0, len(b), "zh" if _cjk(b) else "en")
    return findings.compare(sa, a, sb, b)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# (kind, a, b, a_text, b_text): the finding that must be reported, spans copied from each side.
POSITIVE = [
    (
        "tone",
        "After his meetings, the Chancellor spoke of good, comprehensive and intense talks.",
        "朔爾茨會後形容，在北京的會談良好、全面而坦誠。",
        "intense",
        "坦誠",
    ),
    (
        "tone",
        "The two sides held productive talks on trade.",
        "双方就经贸问题进行了建设性的会谈。",
        "productive",
        "建设性",
    ),
    (
        "entity",
        "Chinese Vice Foreign Minister Wang Yi met Blinken in Munich.",
        "外交部长王毅在慕尼黑会见布林肯。",
        "Vice Foreign Minister",
        "外交部长",
    ),
    (
        "entity",
        "习近平会见德国总统朔尔茨。",
        "Xi Jinping met German Chancellor Olaf Scholz.",
        "总统",
        "Chancellor",
    ),
    (
        "entity",
        "Raimondo met Commerce Minister Wang Wendao in Beijing.",
        "雷蒙多在北京会见商务部长王文涛。",
        "Wang Wendao",
        "王文涛",
    ),
    (
        "number",
        "当地时间2024年2月16日，王毅会见布林肯。",
        "Wang met Blinken on Thursday.",
        "2024年2月16日",
        "Thursday",
    ),
    (
        "number",
        "The two leaders spent more than three hours together.",
        "兩人會面前後歷時約兩小時。",
        "more than three hours",
        "約兩小時",
    ),
    (
        "number",
        "布林肯9月18日会见韩正。",
        "Blinken met Han on September 19.",
        "9月18日",
        "September 19",
    ),
    (
        "polarity",
        "The Chancellor and President Xi agreed to coordinate on the peace conference.",
        "據德方人士透露，習近平並未同意就和平會議進行協調。",
        "agreed",
        "並未同意",
    ),
    (
        "polarity",
        "双方同意恢复两军沟通。",
        "The two sides did not agree to resume military communication.",
        "同意",
        "did not agree",
    ),
    (
        "attribution",
        "王毅指出，中国不是乌克兰危机的当事方。",
        "Wang insisted that China was not a party to the Ukraine crisis.",
        "指出",
        "insisted",
    ),
    (
        "attribution",
        "Indirectly, the Chancellor added, they damage the international order.",
        "他警告，這場戰爭亦間接損害整個國際秩序。",
        "added",
        "警告",
    ),
    (
        "wording",
        "双方还就乌克兰危机交换了意见。",
        "They exchanged views on Russia's war in Ukraine.",
        "乌克兰危机",
        "war in Ukraine",
    ),
    (
        "quote_drift",
        'The ministry quoted Wang as saying the talks lasted "more than three hours".',
        "王毅表示，会谈持续了两个多小时。",
        "more than three hours",
        "两个多小时",
    ),
]

# (a, b): translations and consistent renderings that must not be reported.
NEGATIVE = [
    # 坦诚 is both "candid" and "frank": a translation, not a change of tone.
    ("The two sides held frank and constructive talks.", "双方进行了坦诚、建设性的会谈。"),
    ("双方进行了坦诚、建设性的会谈。", "The talks were candid and constructive."),
    ("Xi and Scholz had an in-depth exchange of views.", "雙方深入交換了意見。"),
    # A title that renders the Chinese one; a Chinese name in its usual English form.
    (
        "外交部长王毅会见美国国务卿布林肯。",
        "Foreign Minister Wang Yi met Secretary of State Antony Blinken.",
    ),
    (
        "國家主席習近平會見德國總理朔爾茨。",
        "President Xi Jinping met Federal Chancellor Olaf Scholz.",
    ),
    ("China's top diplomat Wang Yi met Blinken.", "外交部长王毅会见布林肯。"),
    # 16 February 2024 was a Friday; 9月18日 is September 18; 周一 is Monday.
    ("当地时间2024年2月16日，王毅会见布林肯。", "Wang met Blinken on Friday."),
    ("布林肯9月18日会见韩正。", "Blinken met Han on September 18."),
    ("双方週一会谈了两个多小时。", "They talked for more than two hours on Monday."),
    # Both sides negate; both affirm.
    ("布林肯表示，美方不支持台独。", "Blinken said the U.S. does not support Taiwan independence."),
    ("双方同意保持高层交往。", "The two sides agreed to maintain high-level exchanges."),
    # Verbs of one class; directives face only directives.
    ("王毅强调，台湾是中国的一部分。", "Wang stressed that Taiwan is part of China."),
    ("他已要求习近平对俄方施加影响。", "He said he had asked Xi to press Moscow."),
    # The faithful rendering of a framing term.
    ("双方还就乌克兰危机交换了意见。", "They exchanged views on the Ukraine crisis."),
]


@pytest.mark.parametrize(("kind", "a", "b", "a_text", "b_text"), POSITIVE)
def test_a_difference_of_each_kind_is_found(
    kind: str, a: str, b: str, a_text: str, b_text: str
) -> None:
    found = [(f.kind, f.a_text, f.b_text) for f in pair(a, b)]
    assert (kind, a_text, b_text) in found


@pytest.mark.parametrize(("a", "b"), NEGATIVE)
def test_translations_are_not_findings(a: str, b: str) -> None:
    assert pair(a, b) == []


@pytest.mark.parametrize(("kind", "a", "b", "a_text", "b_text"), POSITIVE)
def test_findings_point_at_their_spans(kind: str, a: str, b: str, a_text: str, b_text: str) -> None:
    for f in pair(a, b):
        assert f.a_span is not None and f.b_span is not None
        assert a[f.a_span[0] : f.a_span[1]] == f.a_text
        assert b[f.b_span[0] : f.b_span[1]] == f.b_text
        assert f.a == ("a:0",) and f.b == ("b:0",)


def test_swapping_the_sides_swaps_the_finding() -> None:
    en = "Chinese Vice Foreign Minister Wang Yi met Blinken in Munich."
    zh = "外交部长王毅在慕尼黑会见布林肯。"
    forward = {(f.kind, f.a_text, f.b_text) for f in pair(en, zh)}
    backward = {(f.kind, f.b_text, f.a_text) for f in pair(zh, en)}
    assert forward == backward


def test_two_english_statements_are_not_this_modules_job() -> None:
    assert pair("They agreed.", "They did not agree.") == []


def test_japanese_is_not_read_with_the_chinese_dictionary() -> None:
    ja = "岸田首相は約２時間会談した。"
    sa = Statement("a:0", "a", 0, ja, 0, len(ja), "ja")
    en = "Kishida talked for five hours."
    sb = Statement("b:0", "b", 0, en, 0, len(en))
    assert findings.compare(sa, ja, sb, en) == []


def test_two_chinese_statements_compare_figures_and_tone() -> None:
    kinds = {f.kind for f in pair("双方会谈了两个多小时。", "双方会谈了约五小时。")}
    assert kinds == {"number"}


def test_framing_reports_the_cross_language_findings_with_offsets_into_the_file() -> None:
    """Through find_differences: the statements sit inside longer source texts."""
    text_a = "Header line.\nThe Chancellor and President Xi agreed to coordinate on the conference."
    text_b = "標題\n據德方人士透露，習近平並未同意就和平會議進行協調。"
    a0 = text_a.index("The")
    b0 = text_b.index("據")
    sa = Statement("a:0", "a", 0, text_a[a0:], a0, len(text_a))
    sb = Statement("b:0", "b", 0, text_b[b0:], b0, len(text_b), "zh")
    sources = {
        "a": Source("a", "a.txt", text_a, "en"),
        "b": Source("b", "b.txt", text_b, "zh"),
    }
    group = Alignment(a=("a:0",), b=("b:0",), score=0.5)
    found = find_differences(sources, [sa, sb], [group])
    (polarity,) = [f for f in found if f.kind == "polarity"]
    assert polarity.b_text == "並未同意"
    assert polarity.b_span is not None
    assert text_b[polarity.b_span[0] : polarity.b_span[1]] == "並未同意"
