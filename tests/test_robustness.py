"""Real-world input in, nothing lost, nothing unsafe out (issue 7).

Library-level tests use the fake embedder. CLI tests run `python -m compare` in a
subprocess, with the embedding cache in a temporary folder; most of them fail before any
model is loaded. The socket-blocking tests load the real default backend.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from compare.embed import FakeEmbedder
from compare.files import write_atomic
from compare.ingest import MAX_BYTES_ENV, load_source
from compare.models import Diff
from compare.pipeline import diff_sources

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"


def seed(prefix: str) -> Path:
    (path,) = (ROOT / "seeds").glob(f"{prefix}_*.txt")
    return path


def _fake(name: str) -> FakeEmbedder:
    return FakeEmbedder()


def _by_text(diff: Diff) -> tuple[object, ...]:
    """A diff with statement ids and offsets replaced by statement texts."""
    text = {s.id: s.text for s in diff.statements}
    groups = sorted(
        (tuple(text[i] for i in g.a), tuple(text[i] for i in g.b), g.score) for g in diff.groups
    )
    findings = sorted(
        (
            f.kind,
            tuple(text[i] for i in f.a),
            tuple(text[i] for i in f.b),
            f.a_text,
            f.b_text,
            f.severity,
            f.message,
        )
        for f in diff.findings
    )
    return tuple(groups), tuple(findings)


# --- inputs in other shapes compare like their plain UTF-8 originals ---------------------------


def test_saved_news_page_compares_like_its_plain_text() -> None:
    other = load_source(seed("001"), "b")
    page = diff_sources(load_source(FIXTURES / "article.html", "a"), other, embedder_factory=_fake)
    plain = diff_sources(load_source(seed("000"), "a"), other, embedder_factory=_fake)
    assert [s.text for s in page.statements] == [s.text for s in plain.statements]
    assert page.pairs, "the fixture must align with something"
    assert _by_text(page) == _by_text(plain)


def test_gb18030_readout_and_utf16_article_compare_as_their_utf8_originals(
    tmp_path: Path,
) -> None:
    chinese, english = seed("004"), seed("000")
    gb = tmp_path / "readout.txt"
    gb.write_bytes(chinese.read_text(encoding="utf-8").encode("gb18030"))
    utf16 = tmp_path / "article.txt"
    utf16.write_bytes(english.read_text(encoding="utf-8").encode("utf-16"))  # with BOM

    encoded = diff_sources(load_source(gb, "a"), load_source(utf16, "b"), embedder_factory=_fake)
    original = diff_sources(
        load_source(chinese, "a"), load_source(english, "b"), embedder_factory=_fake
    )
    assert [s.encoding for s in encoded.sources] == ["gb18030", "utf-16-le"]
    assert encoded.statements == original.statements
    assert encoded.groups == original.groups
    assert encoded.findings == original.findings
    same_files = tuple(
        replace(s, path=o.path, encoding=o.encoding)
        for s, o in zip(encoded.sources, original.sources, strict=True)
    )
    assert replace(encoded, sources=same_files) == original


# --- atomic writes -------------------------------------------------------------------------------


def test_write_atomic_replaces_whole_files_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "out.json"
    write_atomic(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    write_atomic(target, "second\r\nline ü\n")
    assert target.read_bytes() == "second\r\nline ü\n".encode()
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.json"]


def test_write_atomic_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old report\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "new report " * 10_000 + "\ud800")  # a lone surrogate: not UTF-8
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_atomic_keeps_permissions(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    old_umask = os.umask(0o022)
    try:
        write_atomic(fresh, "x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's 0600
    shared = tmp_path / "shared.txt"
    shared.write_text("x", encoding="utf-8")
    shared.chmod(0o664)
    write_atomic(shared, "y")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


# --- the command line ------------------------------------------------------------------------------


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(MAX_BYTES_ENV, None)
    env.update(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    env.update(extra)
    return env


def _readout(
    tmp_path: Path, *args: str, stdin: bytes = b"", timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compare", *args],
        input=stdin.decode("utf-8", "surrogateescape"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=_env(tmp_path, **env),
        cwd=tmp_path,
        timeout=timeout,
    )


def _assert_one_line_error(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("readout: error: ")
    assert name in lines[0]
    assert result.stdout == ""


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str, dict[str, str]]]:
    """Case name -> (the sources to pass, the name the message must show, extra env)."""
    files = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n  \n",
        "nul.txt": b"The talks went well.\x00\x00\x01 more text here.",
        "noise.bin": bytes((i * 7919 + 13) % 255 + 1 for i in range(4000)),
        "scan.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n",
        "headlines.txt": b"Just a headline\n\nAnother headline\n",
        "hindi.txt": "वार्ता अच्छी रही। दोनों पक्ष फिर मिलने पर सहमत हुए।\n".encode(),
        "badyaml.md": b"---\ntitle: [unclosed\n---\nThe talks went well.\n",
        "navonly.html": b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "big.txt": b"The talks went well. " * 200,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder").mkdir()
    other = str(seed("001"))
    cases: dict[str, tuple[list[str], str, dict[str, str]]] = {
        name: ([name, other], name, {}) for name in files if name != "big.txt"
    }
    cases["big.txt"] = (["big.txt", other], "big.txt", {MAX_BYTES_ENV: "1k"})
    cases["missing"] = (["nope.txt", other], "nope.txt", {})
    cases["directory"] = (["folder", other], "folder", {})
    cases["twice"] = ([other, other], other, {})
    cases["stdin-empty"] = (["-", other], "<stdin>", {})
    return cases


BAD_INPUTS = [
    "empty.txt", "blank.txt", "nul.txt", "noise.bin", "scan.pdf", "headlines.txt", "hindi.txt",
    "badyaml.md", "navonly.html", "big.txt", "missing", "directory", "twice", "stdin-empty",
]  # fmt: skip


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_diff_bad_input_is_one_line_exit_2(tmp_path: Path, case: str) -> None:
    sources, name, env = _bad_inputs(tmp_path)[case]
    result = _readout(tmp_path, "diff", *sources, "--format", "json", **env)
    _assert_one_line_error(result, name)


@pytest.mark.parametrize("case", ["empty.txt", "nul.txt", "missing", "twice"])
def test_report_bad_input_is_one_line_exit_2(tmp_path: Path, case: str) -> None:
    sources, name, env = _bad_inputs(tmp_path)[case]
    result = _readout(tmp_path, "report", *sources, "--out", "out", **env)
    _assert_one_line_error(result, name)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("gold", ["nope.json", "folder"])
def test_eval_bad_gold_path_is_one_line_exit_2(tmp_path: Path, gold: str) -> None:
    (tmp_path / "folder").mkdir()
    _assert_one_line_error(_readout(tmp_path, "eval", gold), gold)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = _readout(tmp_path, "--debug", "diff", "nope.txt", str(seed("001")))
    assert result.returncode == 2
    assert "Traceback" in result.stderr and "InputError" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("readout: error: nope.txt")


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "only-one.txt"],
        ["diff", "a.txt", "b.txt", "--format", "xml"],
        ["diff", "a.txt", "b.txt", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2_without_traceback(tmp_path: Path, args: list[str]) -> None:
    result = _readout(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_diff_reads_stdin_and_html(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_bytes()
    result = _readout(
        tmp_path, "diff", "-", str(FIXTURES / "article.html"), "--format", "json",
        "--backend", "use", stdin=html,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"<stdin>"' in result.stdout
    assert "cookies" not in result.stdout


# --- no network ------------------------------------------------------------------------------------

_NO_NETWORK = """
import socket


def _blocked(*args, **kwargs):
    raise OSError("network access blocked by the readout test suite")


socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
"""


def _offline_env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "offline"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_NO_NETWORK, encoding="utf-8")
    env = _env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env["PYTHONPATH"]])
    return env


def test_socket_block_is_in_force(tmp_path: Path) -> None:
    probe = "import socket; socket.create_connection(('127.0.0.1', 9))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=_offline_env(tmp_path)
    )
    assert result.returncode == 1
    assert "blocked by the readout test suite" in result.stderr


@pytest.mark.model
@pytest.mark.parametrize("command", ["diff", "diff-html", "report", "eval", "check"])
def test_commands_run_without_network(tmp_path: Path, command: str) -> None:
    a, b = str(seed("000")), str(seed("001"))
    args = {
        "diff": ["diff", a, b, "--format", "json"],
        "diff-html": ["diff", str(FIXTURES / "article.html"), b, "--format", "json"],
        "report": ["report", a, b, "--out", str(tmp_path / "report")],
        "eval": ["eval", str(GOLD / "pair_000__001.json"), "--format", "json"],
        "check": ["check", b, "--against", str(seed("000").parent), "--format", "json"],
    }[command]
    result = subprocess.run(
        [sys.executable, "-m", "compare", *args],
        capture_output=True,
        text=True,
        env=_offline_env(tmp_path),
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "blocked by the readout test suite" not in result.stderr
    if command == "report":
        assert (tmp_path / "report" / "report.json").is_file()
    else:
        assert result.stdout.lstrip().startswith("{")


# --- interruption ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_interrupted_diff_leaves_no_partial_output(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    # The first source is a FIFO: opening it for writing returns only once readout is reading
    # it, so the signal cannot arrive before readout's handlers are in place.
    fifo = tmp_path / "big.txt"
    os.mkfifo(fifo)
    article = seed("001").read_text(encoding="utf-8")
    big = "\n\n".join(article for _ in range(800)).encode()  # ~3 MB: seconds of work
    output = tmp_path / "out" / "diff.json"
    output.parent.mkdir()
    output.write_text("an earlier report\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "compare", "diff", str(fifo), str(seed("000")),
         "--format", "json", "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path, **{MAX_BYTES_ENV: "100M"}),
        cwd=tmp_path,
    )  # fmt: skip
    opened = threading.Event()

    def feed() -> None:
        with fifo.open("wb") as pipe:
            opened.set()
            pipe.write(big)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        assert opened.wait(120), "readout never opened its input"
        writer.join(120)
        time.sleep(0.5)  # now reading the article, segmenting it or embedding it
        assert process.poll() is None, "finished before it could be interrupted"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    text = stderr.decode("utf-8", "replace")
    assert process.returncode == code, text
    assert "Traceback" not in text
    assert text.strip().splitlines()[-1] == f"readout: {word}"
    assert output.read_text(encoding="utf-8") == "an earlier report\n"
    assert [p.name for p in output.parent.iterdir()] == ["diff.json"]
