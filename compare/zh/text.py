"""Script tests and normalisation of Chinese text.

Every transformation here maps one character to one character, so offsets into the normalised
text are offsets into the original: a Traditional source is analysed in Simplified form and its
findings still point at the Traditional characters the reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Share of Han characters among the letters of a text from which it is Chinese.
CHINESE_SHARE = 0.5

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},  # ０-９
    **{0xFF21 + i: 0x41 + i for i in range(26)},  # Ａ-Ｚ
    **{0xFF41 + i: 0x61 + i for i in range(26)},  # ａ-ｚ
    0xFF05: 0x25,  # ％
    0xFF0E: 0x2E,  # ．
    0x3000: 0x20,  # ideographic space
}


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def is_chinese(text: str) -> bool:
    """True when Han characters make up at least CHINESE_SHARE of the letters of `text`."""
    han = han_count(text)
    if not han:
        return False
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return han >= CHINESE_SHARE * (han + latin)


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters, ％, ． and the ideographic space as ASCII; punctuation such as
    ，。「」 stays (it carries sentence and quotation structure)."""
    return text.translate(_FULLWIDTH_ALNUM)


def to_simplified(text: str, table: Mapping[str, str]) -> str:
    """Traditional characters replaced by their Simplified forms through `table` (char -> char)."""
    return "".join(table.get(c, c) for c in text)


def traditional_share(text: str, table: Mapping[str, str]) -> float:
    """Share of the Han characters of `text` that are Traditional-only forms (0.0 for Simplified)."""
    han = [c for c in text if HAN_RE.match(c)]
    if not han:
        return 0.0
    return sum(1 for c in han if c in table) / len(han)


def normalise(text: str, table: Mapping[str, str]) -> str:
    """Half-width digits and Simplified characters; same length as `text`."""
    out = to_simplified(to_halfwidth(text), table)
    assert len(out) == len(text)
    return out


def embedding_text(text: str, language: str) -> str:
    """The form of a statement a multilingual model embeds best: a Chinese statement in Simplified
    characters with half-width digits (loads CC-CEDICT's character table on first use); any other
    text unchanged."""
    if language != "zh":
        return text
    from compare.zh import dictionary

    return normalise(text, dictionary.load().t2s)
