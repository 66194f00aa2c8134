"""Reading articles: decoding, front matter, inferred metadata, body regions, input errors."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from pathlib import Path

import pytest

from compare.errors import InputError, UsageError
from compare.ingest import (
    DEFAULT_MAX_BYTES,
    MAX_BYTES_ENV,
    STDIN_NAME,
    find_date,
    html_to_text,
    language_of,
    load_source,
    max_bytes_setting,
    parse_html,
    parse_size,
    parse_source,
)
from compare.models import Source
from compare.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"


def parse(text: str) -> Source:
    return parse_source(text, source_id="t", path="t.txt")


def body_texts(source: Source) -> list[str]:
    return [source.text[s:e] for s, e in source.body]


def statement_texts(source: Source) -> list[str]:
    return [s.text for s in segment(source)]


# --- front matter ----------------------------------------------------------------------------


def test_front_matter_fields_are_used_and_not_inferred() -> None:
    text = (
        "---\n"
        "outlet: U.S. Department of State\n"
        "date: 2023-09-18\n"
        "url: https://www.state.gov/readout\n"
        "language: EN\n"
        "role: primary\n"
        "title: Secretary Blinken's Meeting\n"
        "author: ignored\n"
        "---\n"
        "Secretary Blinken met Vice President Han. They spoke.\n"
    )
    source = parse(text)
    assert source.outlet == "U.S. Department of State"
    assert source.date == "2023-09-18"
    assert source.url == "https://www.state.gov/readout"
    assert source.language == "en"
    assert source.role == "primary"
    assert source.title == "Secretary Blinken's Meeting"
    assert source.inferred == ()
    assert body_texts(source) == ["Secretary Blinken met Vice President Han. They spoke."]
    assert source.body[0][0] > text.index("---\n", 4)


def test_partial_front_matter_infers_the_rest() -> None:
    source = parse("---\nrole: secondary\n---\nBEIJING (Xinhua) -- Talks were held. Both agreed.\n")
    assert source.role == "secondary"
    assert source.outlet == "Xinhua"
    assert "role" not in source.inferred
    assert "outlet" in source.inferred and "language" in source.inferred


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\ntitle: [unclosed\n---\nA sentence here.\n", "bad YAML"),
        ("---\nrole: tertiary\n---\nA sentence here.\n", "role"),
        ("---\n- a\n- b\n---\nA sentence here.\n", "not a mapping"),
        ("---\ntitle: x\nA sentence here.\n", "not closed"),
        ("---\ntitle:\n  nested: 1\n---\nA sentence here.\n", "not a plain value"),
    ],
)
def test_bad_front_matter_is_an_input_error(text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as info:
        parse(text)
    assert "t.txt" in str(info.value)


# --- inference -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("date 2023-09-19 The talks went well. They agreed.", "2023-09-19"),
        ("Published: Sept. 18, 2023 at 3:02 p.m. ET\n\nThe talks went well.", "2023-09-18"),
        ("Headline\n\n2023-09-18T19:22:58Z\n\nThe talks went well.", "2023-09-18"),
        (
            "Headline\n\nSeptember 18, 2023 \u00a0 2\u00a0min \u00a0 357\u00a0words\n\nThe talks.",
            "2023-09-18",
        ),
        ("BEIJING, June 20, 2023 /PRNewswire/ — The talks went well.", "2023-06-20"),
        ("LONDON, 5 March 2024 (Reuters) - The talks went well.", "2024-03-05"),
        ("2023年9月18日\n\n双方举行了会谈。", "2023-09-18"),
        # a date inside the body is not the article's date
        ("The talks of June 20, 2023 went well. They agreed.", None),
        ("Earlier on April 24, he arrived. He left.", None),
    ],
)
def test_infer_date(text: str, date: str | None) -> None:
    source = parse(text)
    assert source.date == date
    assert ("date" in source.inferred) == (date is not None)


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("WASHINGTON, Sept 18 (Reuters) - The talks went well.", "Reuters"),
        ("NEW YORK (AP) — The talks went well.", "AP"),
        ("BEIJING, June 20, 2023 /PRNewswire/ — The talks went well.", "PRNewswire"),
        ("Reuters-Top diplomats meet amid strained ties\n\nThe talks went well.", "Reuters"),
        ("Source: China Daily\n\nThe talks went well.", "China Daily"),
        ("新华社北京9月18日电 双方举行了会谈。", "Xinhua"),
        ("A headline\n\nThe talks went well, Reuters reported.", None),
    ],
)
def test_infer_outlet(text: str, outlet: str | None) -> None:
    assert parse(text).outlet == outlet


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The talks went well. Both sides agreed.", "en"),
        ("双方举行了会谈。会谈很好。", "zh"),
        ("国务卿Antony Blinken会见了副主席Han Zheng。", "zh"),
        # a short Chinese summary above a longer English article: English overall
        (
            "这是一段中文摘要。\n\nThe talks went well and both sides said they had agreed to "
            "keep talking. The next meeting will be held later this year in San Francisco.",
            "en",
        ),
    ],
)
def test_infer_language(text: str, language: str) -> None:
    assert parse(text).language == language


def test_language_of() -> None:
    assert language_of("The talks") == "en"
    assert language_of("会谈") == "zh"
    assert language_of("") == "en"


@pytest.mark.parametrize(
    ("text", "role", "reason"),
    [
        (
            "Readout of the Secretary's Meeting\n\nThe Secretary met the minister.",
            "primary",
            "a readout's own opening ('Readout of the Secretary's Meeting')",
        ),
        (
            "The below is attributable to Spokesperson Jane Doe:\n\nThe Secretary met him.",
            "primary",
            "a readout's own opening ('The below is attributable to …')",
        ),
        (
            "Secretary Doe met with Foreign Minister Roe today in Paris. They spoke.",
            "primary",
            "a readout's own opening ('Secretary Doe met with Foreign …')",
        ),
        (
            "---\nurl: https://www.fmprc.gov.cn/eng/x.html\n---\nThe vice president met him.",
            "primary",
            "government site (www.fmprc.gov.cn)",
        ),
        (
            "---\noutlet: Ministry of Foreign Affairs\n---\nThe vice president met him.",
            "primary",
            "the outlet is a government body (Ministry of Foreign Affairs)",
        ),
        ("WASHINGTON (Reuters) - The Secretary met the minister today.", "secondary", None),
        (
            "---\nurl: https://www.reuters.com/world/x\n---\nThe Secretary met him.",
            "secondary",
            None,
        ),
    ],
)
def test_infer_role(text: str, role: str, reason: str | None) -> None:
    source = parse(text)
    assert source.role == role
    assert "role" in source.inferred
    assert source.role_reason == reason


def test_a_role_given_in_front_matter_needs_no_reason() -> None:
    source = parse("---\nrole: primary\n---\nReadout of the Secretary's Meeting.\n\nHe met him.")
    assert source.role == "primary"
    assert source.role_reason is None


def test_title_is_the_headline_without_wire_prefix_or_site_name() -> None:
    text = (
        "Site\n\nReuters-Top diplomats meet at UN amid strained ties\n\n"
        "2023-09-18T19:22:58Z\n\nThe talks went well."
    )
    source = parse(text)
    assert source.title == "Top diplomats meet at UN amid strained ties"
    assert "title" in source.inferred


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on 2023-09-18T19:22:58Z", "2023-09-18"),
        ("Sept. 8, 2023", "2023-09-08"),
        ("8 September 2023", "2023-09-08"),
        ("2024年4月26日", "2024-04-26"),
        ("February 30, 2023", None),
        ("June 20", None),
    ],
)
def test_find_date(text: str, iso: str | None) -> None:
    assert find_date(text) == iso


# --- body regions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body"),
    [
        # headline, dateline with wire tag
        (
            "Nations gain together, minister says\nBEIJING, June 20, 2023 /PRNewswire/ — "
            "Chinese leaders met. They talked.",
            ["Chinese leaders met. They talked."],
        ),
        ("WASHINGTON — The talks began.", ["The talks began."]),
        ("UNITED NATIONS, Sept 18 (Reuters) - The talks began.", ["The talks began."]),
        ("(Reuters) - The talks began.", ["The talks began."]),
        ("新华社北京9月18日电（记者张三）双方举行了会谈。", ["双方举行了会谈。"]),
        # date label, timestamp-only line, reading-time line, byline, credits
        (" date 2023-09-19 The meetings took place.", ["The meetings took place."]),
        ("2023-09-18T19:22:58Z\n\nThe talks began.", ["The talks began."]),
        ("September 18, 2023 · 2 min · 357 words\nThe talks began.", ["The talks began."]),
        ("Updated 3:05 PM EDT, Mon September 18, 2023\nThe talks began.", ["The talks began."]),
        ("By Jane Doe and John Roe\n\nThe talks began.", ["The talks began."]),
        ("The talks began.\n\n(Reporting by Jane Doe; Editing by John Roe)", ["The talks began."]),
        ("https://example.com/story\nThe talks began.", ["The talks began."]),
        ("The talks began.\nAP writer Jane Doe in Beijing contributed.", ["The talks began."]),
        # subheads: short lines without a full stop, quoted or not, and markdown headings
        (
            "The talks began.\n\n“The world needs stable relations”\n\nThey ended.",
            ["The talks began.", "They ended."],
        ),
        ("# Big news today.\n\nThe talks began.", ["The talks began."]),
        ("Translating words into action\nThe talks began.", ["The talks began."]),
        # markdown markers
        (
            "- The first point was made.\n> The second point was quoted.",
            [
                "The first point was made.",
                "The second point was quoted.",
            ],
        ),
        # embedded tweet signature and trailing hashtags / links
        (
            "Leaders met on Monday. Check it out! #UNGA pic.twitter.com/abc — Some Office "
            "(@someoffice) September 19, 2023",
            ["Leaders met on Monday. Check it out!"],
        ),
        # not datelines: a hyphenated compound, a capitalised word and a dash, "On June 5"
        ("US-China ties improved. They agreed.", ["US-China ties improved. They agreed."]),
        ("Blinken — who arrived late — spoke.", ["Blinken — who arrived late — spoke."]),
        ("On June 5 — the day after — they met.", ["On June 5 — the day after — they met."]),
        ("NATO - the alliance - met.", ["NATO - the alliance - met."]),
        # a long paragraph without a final full stop is still body
        ("word " * 60 + "end", ["word " * 59 + "word end"]),
    ],
)
def test_body_excludes_headlines_datelines_and_metadata(text: str, body: list[str]) -> None:
    assert body_texts(parse(text)) == body


def test_headline_and_dateline_never_become_statements() -> None:
    text = (
        "Top envoy meets minister at UN\n\nSeptember 18, 2023\n\n"
        "NEW YORK (AP) — The envoy met the minister. They talked for an hour.\n"
    )
    assert statement_texts(parse(text)) == [
        "The envoy met the minister.",
        "They talked for an hour.",
    ]


def test_crlf_and_nfc_are_normalised_and_offsets_follow() -> None:
    decomposed = "Cafe\u0301 talks began.\r\nThey ende\u0301d.\r\n"
    source = parse(decomposed)
    assert source.text == unicodedata.normalize("NFC", decomposed.replace("\r\n", "\n"))
    assert statement_texts(source) == ["Café talks began.", "They endéd."]


def test_text_already_clean_is_kept_identical() -> None:
    text = "Line one is here.\nLine two is here.\n"
    assert parse(text).text is text


# --- errors ----------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n  ", "empty"),
        ("nul.txt", b"Some text\x00\x01\x02 more", "binary"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary"),
        ("headline.txt", b"Just a headline\n\nAnother headline\n", "no statements"),
        ("meta.md", b"2023-09-18T19:22:58Z\nBy Jane Doe\n", "no statements"),
        ("badbom.txt", b"\xef\xbb\xbfok \xff\xfe bad", "not utf-8"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=problem) as info:
        load_source(path, "x")
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="no such file") as info:
        load_source(path, "x")
    assert str(path) in str(info.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory") as info:
        load_source(tmp_path, "x")
    assert str(tmp_path) in str(info.value)


def test_too_large(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"The talks went well. " * 100)
    with pytest.raises(InputError, match="limit") as info:
        load_source(path, "x", max_bytes=1000)
    assert str(path) in str(info.value)
    assert load_source(path, "x", max_bytes=10_000).body


# --- decoding --------------------------------------------------------------------------------

CHINESE = (
    "美国国务卿布林肯周一在联合国大会期间会见了中国国家副主席韩正。"
    "双方同意保持沟通渠道畅通。韩正说：“中美关系很重要。”\n\n"
    "The two sides agreed to keep talking. “We will meet again,” he said.\n"
)
TRADITIONAL = (
    "美國國務卿布林肯週一在聯合國大會期間會見了中國國家副主席韓正。雙方同意保持溝通渠道暢通。\n"
)
WESTERN = "Café talks in Genève went well. “We are naïve,” the envoy said — twice.\n"


@pytest.mark.parametrize(
    ("text", "data", "encoding"),
    [
        (CHINESE, CHINESE.encode("utf-8"), "utf-8"),
        (CHINESE, b"\xef\xbb\xbf" + CHINESE.encode("utf-8"), "utf-8-sig"),
        (CHINESE, b"\xff\xfe" + CHINESE.encode("utf-16-le"), "utf-16-le"),
        (CHINESE, b"\xfe\xff" + CHINESE.encode("utf-16-be"), "utf-16-be"),
        (CHINESE, b"\xff\xfe\x00\x00" + CHINESE.encode("utf-32-le"), "utf-32-le"),
        (CHINESE, CHINESE.encode("gb18030"), "gb18030"),
        (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
        (WESTERN, WESTERN.encode("cp1252"), "cp1252"),
    ],
)
def test_decoding_round_trip(tmp_path: Path, text: str, data: bytes, encoding: str) -> None:
    source = load_source(_write(tmp_path, "a.txt", data), "x")
    assert source.encoding == encoding
    assert source.text == text
    assert statement_texts(source) == statement_texts(parse(text))


# --- seeds and gold --------------------------------------------------------------------------


def test_utf8_seeds_are_kept_byte_identical() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        source = load_source(path, path.name[:3])
        assert source.text.encode("utf-8") == path.read_bytes()
        assert source.encoding == "utf-8"


def _gold_sentences() -> dict[str, list[dict[str, object]]]:
    texts: dict[str, list[dict[str, object]]] = {}
    for path in sorted(GOLD.glob("pair_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for side in ("a", "b"):
            texts.setdefault(Path(data[side]).name, data["sentences"][side])
    return texts


def test_seeds_recover_every_gold_sentence() -> None:
    gold_texts = _gold_sentences()
    assert len(gold_texts) == 5
    for name, gold in gold_texts.items():
        statements = segment(load_source(SEEDS / name, name[:3]))
        found = {(s.start, s.end) for s in statements}
        matched = [g for g in gold if (g["start"], g["end"]) in found]
        assert len(matched) == len(gold), name
        # only 001's embedded tweet leaves one extra statement ("Check out the highlights!")
        assert len(statements) - len(gold) <= 1, name


def test_download_cut_inside_the_last_character_is_still_utf8(tmp_path: Path) -> None:
    text = "The talks went well.\n\n会谈很好。"
    source = load_source(_write(tmp_path, "cut.txt", text.encode("utf-8")[:-1]), "x")
    assert source.encoding == "utf-8"
    assert source.text == text[:-1]


# Each seed in an encoding it arrives in, with or without a byte-order mark.
SEED_ENCODINGS = [
    ("000", "cp1252", b""),
    ("001", "cp1252", b""),
    ("004", "gb18030", b""),
    ("000", "utf-16-le", b"\xff\xfe"),
    ("004", "utf-16-be", b"\xfe\xff"),
    ("002", "utf-32-le", b"\xff\xfe\x00\x00"),
    ("003", "utf-8", b"\xef\xbb\xbf"),
]


@pytest.mark.parametrize(("prefix", "encoding", "bom"), SEED_ENCODINGS)
def test_seeds_in_other_encodings_give_the_utf8_statements(
    tmp_path: Path, prefix: str, encoding: str, bom: bytes
) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    original = load_source(path, "x")
    encoded = _write(tmp_path, path.name, bom + path.read_text(encoding="utf-8").encode(encoding))
    source = load_source(encoded, "x")
    assert source.text == original.text
    assert [(s.text, s.start, s.end) for s in segment(source)] == [
        (s.text, s.start, s.end) for s in segment(original)
    ]
    assert source.encoding == (encoding + "-sig" if encoding == "utf-8" else encoding)


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", "PDF"),
        ("article.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml" * 20, "zip"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)) * 5, "PNG"),
        ("noise.txt", bytes((i * 7919 + 13) % 255 + 1 for i in range(4000)), "binary"),
    ],
)
def test_binary_formats_are_named(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=problem) as info:
        load_source(path, "x")
    assert str(info.value).startswith(f"{path}: ")


def test_empty_path_is_an_input_error() -> None:
    with pytest.raises(InputError, match="empty path"):
        load_source("", "x")


def test_a_device_is_refused_not_read(tmp_path: Path) -> None:
    # /dev/zero never ends: it is refused for what it is, before a byte is read.
    with pytest.raises(InputError, match="is a device") as info:
        load_source("/dev/zero", "x", max_bytes=4096)
    assert str(info.value).startswith("/dev/zero: ")


# --- size limit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "size"),
    [("1000", 1000), ("800k", 800 * 1024), ("50M", 50 * 1024**2), ("2G", 2 * 1024**3),
     ("1.5MB", int(1.5 * 1024**2)), (" 3 kib ", 3 * 1024)],
)  # fmt: skip
def test_parse_size(value: str, size: int) -> None:
    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["", "ten", "5T", "-1", "0", "1.2.3M"])
def test_parse_size_rejects_non_sizes(value: str) -> None:
    with pytest.raises(UsageError):
        parse_size(value)


def test_size_limit_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "a.txt", b"The talks went well. " * 100)
    monkeypatch.setenv(MAX_BYTES_ENV, "1k")
    with pytest.raises(InputError, match=f"1024-byte size limit.*{MAX_BYTES_ENV}"):
        load_source(path, "x")
    monkeypatch.setenv(MAX_BYTES_ENV, "1M")
    assert load_source(path, "x").body
    monkeypatch.setenv(MAX_BYTES_ENV, "lots")
    with pytest.raises(UsageError, match=MAX_BYTES_ENV):
        load_source(path, "x")
    monkeypatch.delenv(MAX_BYTES_ENV)
    assert max_bytes_setting() == DEFAULT_MAX_BYTES


# --- standard input --------------------------------------------------------------------------


class _Stream(io.BytesIO):
    def __init__(self, data: bytes, *, tty: bool = False) -> None:
        super().__init__(data)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_dash_reads_stdin_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    data = CHINESE.encode("gb18030")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(_Stream(data)))
    source = load_source("-", "a")
    assert source.path == STDIN_NAME
    assert source.encoding == "gb18030"
    assert statement_texts(source) == statement_texts(parse(CHINESE))


def test_stdin_html_is_sniffed() -> None:
    source = load_source("-", "a", stdin=_Stream(PAGE.encode("utf-8")))
    assert source.path == STDIN_NAME
    assert statement_texts(source) == ["The talks went well.", "Both sides agreed to meet again."]


@pytest.mark.parametrize(
    ("stream", "problem"),
    [
        (_Stream(b"", tty=True), "terminal"),
        (_Stream(b""), "empty"),
        (_Stream(b" \n\n "), "empty"),
        (_Stream(b"The talks went well. " * 100), "size limit"),
    ],
)
def test_bad_stdin_is_named(stream: _Stream, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as info:
        load_source("-", "a", stdin=stream, max_bytes=1000)
    assert str(info.value).startswith(f"{STDIN_NAME}: ")


# --- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The talks went well.", "en"),
        ("Les négociations se sont bien déroulées.", "en"),  # Latin script: not told apart
        ("双方举行了会谈。", "zh"),
        ("雙方舉行了會談。", "zh"),
        ("会談は順調に進んだと述べた。", "ja"),
        ("회담은 잘 진행되었다.", "ko"),
        ("Переговоры прошли хорошо.", "ru"),
        ("المحادثات سارت بشكل جيد.", "ar"),
        ("การเจรจาเป็นไปด้วยดี", "th"),
        ("वार्ता अच्छी रही।", "hi"),
        ("ውይይቱ ጥሩ ነበር።", "am"),
        ("Οι συνομιλίες πήγαν καλά.", "el"),
        ("ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", "und"),
        # the dominant script wins; a quoted word does not change the language
        ("Putin said “мир” twice during the long meeting.", "en"),
        ("“Peace” — сказал Путин на встрече в Москве.", "ru"),
        ("", "en"),
        ("2023 — 15:00", "en"),
    ],
)
def test_language_of_scripts(text: str, code: str) -> None:
    assert language_of(text) == code


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Переговоры прошли хорошо. Стороны договорились встретиться снова.\n", 2),
        ("会談は順調に進んだ。両国は再び会うことで合意した。\n", 2),
        ("회담은 잘 진행되었다. 양측은 다시 만나기로 합의했다.\n", 2),
        ("المحادثات سارت بشكل جيد. واتفق الجانبان على الاجتماع مرة أخرى.\n", 2),
        # Thai marks no sentence end: the paragraph is one statement, not a headline
        ("การเจรจาเป็นไปด้วยดี ทั้งสองฝ่ายตกลงที่จะพบกันอีกครั้ง\n", 1),
    ],
)
def test_supported_scripts_are_read(text: str, count: int) -> None:
    source = parse(text)
    assert source.language == language_of(text) != "en"
    assert len(statement_texts(source)) == count


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("वार्ता अच्छी रही। दोनों पक्ष फिर मिलने पर सहमत हुए।\n", "Devanagari"),
        ("ውይይቱ ጥሩ ነበር። ሁለቱ ወገኖች እንደገና ለመገናኘት ተስማሙ።\n", "Ethiopic"),
        ("Headline in English\n\nהשיחות עברו בהצלחה. הצדדים הסכימו להיפגש שוב.\n", "Hebrew"),
    ],
)
def test_unsupported_script_is_an_input_error(text: str, script: str) -> None:
    with pytest.raises(InputError, match=f"{script} script.*no embedding backend") as info:
        parse(text)
    assert str(info.value).startswith("t.txt: ")


def test_english_article_quoting_an_unsupported_script_is_read() -> None:
    source = parse("The minister said “नमस्ते” to the crowd before the talks began.\n")
    assert source.language == "en"


# --- HTML ------------------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE_HTML = FIXTURES / "article.html"
PAGE = """<!DOCTYPE html><html><head><title>Talks - Site</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks</h1><p>The talks went well.</p><p>Both sides agreed to meet again.</p></article>
<footer>Copyright 2023 Site. All rights reserved.</footer></body></html>"""


def test_saved_news_page_gives_the_statements_of_its_plain_text() -> None:
    page = load_source(ARTICLE_HTML, "h")
    plain = load_source(SEEDS / "000_8787d782b2ebc6e2.txt", "t")
    assert statement_texts(page) == statement_texts(plain)
    assert all(page.text[s.start : s.end] == s.text for s in segment(page))
    assert page.path == str(ARTICLE_HTML)
    assert page.language == "en" and page.encoding == "utf-8"


@pytest.mark.parametrize(
    "boilerplate",
    [
        "cookies",  # cookie banner
        "Advertisement",  # ad slots
        "googletag",  # scripts
        "dataLayer",
        "Dialogue is always better",  # comments section
        "Words are cheap",
        "Mooncake",  # most read
        "Climate ambition summit",  # related stories
        "newsletter",
        "Copyright",  # footer
        "Privacy policy",
        "Share on",  # share bar
        "Breaking",  # ticker
        "[Photo/Agencies]",  # caption
        "analytics",  # HTML comment
        "Sign in",  # navigation
    ],
)
def test_saved_news_page_drops_boilerplate(boilerplate: str) -> None:
    assert boilerplate not in load_source(ARTICLE_HTML, "h").text


def test_saved_news_page_metadata_comes_from_the_page() -> None:
    page = load_source(ARTICLE_HTML, "h")
    assert (
        page.title
        == "Nations can contribute to progress, gain common prosperity, Han tells Blinken"
    )
    assert page.date == "2023-09-19"
    assert page.outlet == "Global Daily Herald"
    assert (
        page.url == "https://www.globaldailyherald.example/world/2023-09/19/han-blinken-unga.html"
    )
    assert page.role == "secondary"
    assert page.inferred == ("language", "role")


def test_html_page_metadata_can_make_a_primary_source() -> None:
    page = PAGE.replace(
        "<head>", '<head><link rel="canonical" href="https://www.state.gov/readout-x/">'
    )
    source = parse_html(page, source_id="p", path="p.html")
    assert source.url == "https://www.state.gov/readout-x/"
    assert source.role == "primary"


HTML_STRUCTURE_CASES = [
    # headings are marked and never statements, even when they end in "?"
    (
        "<h2>Why does it matter?</h2><p>It matters a great deal to both of the countries.</p>",
        ["## Why does it matter?", "It matters a great deal to both of the countries."],
        ["It matters a great deal to both of the countries."],
    ),
    # inline markup is text; whitespace of the HTML source collapses, no-break spaces too
    (
        "<p>The <b>talks</b>\n   went <a href='/x'>well</a>&nbsp;on Sept.&nbsp;18, officials said.</p>",
        ["The talks went well on Sept. 18, officials said."],
        ["The talks went well on Sept. 18, officials said."],
    ),
    # list items: one line each
    (
        "<p>The sides agreed on these points at the meeting.</p>"
        "<ul><li>Talks will resume in May.</li><li>Both will cut tariffs.</li></ul>",
        [
            "The sides agreed on these points at the meeting.",
            "- Talks will resume in May.\n- Both will cut tariffs.",
        ],
        [
            "The sides agreed on these points at the meeting.",
            "Talks will resume in May.",
            "Both will cut tariffs.",
        ],
    ),
    # nested list items start lines of their own
    (
        "<ul><li>Parent item is here.<ul><li>Child one is here.</li><li>Child two.</li></ul>"
        "</li><li>Second item.</li></ul>",
        ["- Parent item is here.\nChild one is here.\nChild two.\n- Second item."],
        ["Parent item is here.", "Child one is here.", "Child two.", "Second item."],
    ),
    # a line break inside a paragraph stays a line break
    (
        "<p>The first paragraph of this story ends here.<br>The second line starts here.</p>",
        ["The first paragraph of this story ends here.\nThe second line starts here."],
        ["The first paragraph of this story ends here.", "The second line starts here."],
    ),
    # entities are decoded
    (
        "<p>She said &quot;yes&quot; &#8212; and &lsquo;no&rsquo; &amp; more.</p>",
        ['She said "yes" — and ‘no’ & more.'],
        ['She said "yes" — and ‘no’ & more.'],
    ),
]


@pytest.mark.parametrize(("body", "blocks", "statements"), HTML_STRUCTURE_CASES)
def test_html_structure(body: str, blocks: list[str], statements: list[str]) -> None:
    page = f"<html><body><article>{body}</article></body></html>"
    text, _ = html_to_text(page, path="p.html")
    assert text.rstrip("\n").split("\n\n") == blocks
    assert statement_texts(parse_html(page, source_id="p", path="p.html")) == statements


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        # a page labelled gb2312 is decoded as its superset
        (
            "cn.html",
            f'<html><head><meta charset="gb2312"></head><body><p>{CHINESE}</p></body></html>'.encode(
                "gb18030"
            ),
            "gb18030",
        ),
        # latin-1 labels mean windows-1252 (WHATWG)
        (
            "fr.htm",
            (
                '<html><head><meta http-equiv="Content-Type" content="text/html; '
                f'charset=ISO-8859-1"></head><body><p>{WESTERN}</p></body></html>'
            ).encode("cp1252"),
            "cp1252",
        ),
        # a wrong label loses to valid UTF-8
        (
            "label.html",
            f'<html><head><meta charset="iso-8859-1"></head><body><p>{WESTERN}</p></body></html>'.encode(),
            "utf-8",
        ),
        # a .txt that is really a saved page is read as one
        (
            "saved.txt",
            f"<!doctype html><html><body><p>{WESTERN}</p></body></html>".encode(),
            "utf-8",
        ),
    ],
)
def test_html_encodings(tmp_path: Path, name: str, data: bytes, encoding: str) -> None:
    source = load_source(_write(tmp_path, name, data), "x")
    assert source.encoding == encoding
    expected = CHINESE if encoding == "gb18030" else WESTERN
    # HTML collapses the whitespace of the source, paragraph breaks inside a <p> included.
    assert statement_texts(source) == statement_texts(parse(" ".join(expected.split())))


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><footer>Copyright</footer></body></html>",
    ],
)
def test_page_without_article_text_is_an_input_error(tmp_path: Path, page: str) -> None:
    path = _write(tmp_path, "empty.html", page.encode())
    with pytest.raises(InputError, match="no article text|no statements") as info:
        load_source(path, "x")
    assert str(info.value).startswith(f"{path}: ")
