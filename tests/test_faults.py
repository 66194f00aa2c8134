"""Nothing lost, nothing corrupted (issue 14): outputs and inputs under faults.

Outputs: special files as `-o` targets (created in a temporary folder, never /dev itself),
output errors, a full disk (a fake writer, and a small tmpfs where one can be mounted),
reports killed half-way (SIGKILL and SIGHUP at chosen points, in a subprocess).
Inputs: front-matter values, encodings, pipes and devices, size limits, hard-wrapped text.
CLI tests run in-process with the fake embedder; the kill tests run `readout` in a subprocess
with the fake embedder patched in (`FAKE_READOUT`).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import warnings
from pathlib import Path

import pytest
from conftest import seed
from typer.testing import CliRunner

from compare import files, ingest
from compare.cli import app
from compare.embed import FakeEmbedder
from compare.errors import InputError, InputWarning, OutputError
from compare.files import INCOMPLETE_MARKER, write_folder, write_output, write_stdout
from compare.ingest import load_source, parse_source

ROOT = Path(__file__).resolve().parent.parent
CHECK = Path(__file__).parent / "fixtures" / "check"
runner = CliRunner()
#: `readout` with the fake embedder, for subprocess tests (no model is loaded).
FAKE_READOUT = (
    "import sys, compare.embed as e, compare.cli as c\n"
    "e.get_embedder = lambda name: e.FakeEmbedder()\n"
    "{hook}\n"
    "sys.argv[0] = 'readout'\n"
    "c.main()\n"
)


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("compare.embed.get_embedder", lambda name: FakeEmbedder())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(ingest.ENCODING_ENV, raising=False)
    monkeypatch.delenv(ingest.MAX_BYTES_ENV, raising=False)


def invoke(*args: str):
    return runner.invoke(app, list(args))


def diff_args(*extra: str) -> list[str]:
    return ["diff", str(seed("000")), str(seed("001")), "-f", "json", *extra]


def one_line_error(result, name: str) -> str:
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("readout: error: ") and name in lines[0]
    return lines[0]


def run_fake_readout(
    tmp_path: Path, *args: str, hook: str = "", **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    env.update(kwargs.pop("env", {}))  # type: ignore[arg-type]
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-c", FAKE_READOUT.format(hook=hook), *args],
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=tmp_path,
        timeout=300,
        **kwargs,  # type: ignore[arg-type]
    )


def mknod_char(path: Path, major: int, minor: int) -> None:
    """A character device node in a temporary folder (needs root, as CI runs)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("creating device nodes needs root (CI runs as root)")


# --- output targets ------------------------------------------------------------------------------


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("via_symlink", [False, True])
def test_output_to_a_fifo_is_streamed_and_the_fifo_stays(tmp_path: Path, via_symlink: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if via_symlink:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    result = invoke(*diff_args("-o", str(target)))
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["schema"] == "readout.diff/1"
    if via_symlink:
        assert target.is_symlink()
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "cache")
    assert left == (["link", "pipe"] if via_symlink else ["pipe"])  # no temporary file either


def test_output_to_a_null_device_is_written_and_the_device_stays(tmp_path: Path) -> None:
    null = tmp_path / "null"
    mknod_char(null, 1, 3)
    link = tmp_path / "stdout-like"
    link.symlink_to(null)
    for target in (null, link):
        result = invoke(*diff_args("-o", str(target)))
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(null.lstat().st_mode)
    assert link.is_symlink()


def test_output_to_a_full_device_is_one_line_and_the_device_stays(tmp_path: Path) -> None:
    full = tmp_path / "full"
    mknod_char(full, 1, 7)
    result = invoke(*diff_args("-o", str(full)))
    line = one_line_error(result, str(full))
    assert "disk is full" in line
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_output_through_a_symlink_to_a_file_replaces_the_file_not_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = invoke(*diff_args("-o", str(link)))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert json.loads(real.read_text(encoding="utf-8"))["schema"] == "readout.diff/1"


def test_output_dash_is_stdout() -> None:
    result = invoke(*diff_args("-o", "-"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema"] == "readout.diff/1"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: (d / "folder").mkdir() or d / "folder", "is a directory"),
        (lambda d: (d / "file").write_text("x") and d / "file" / "out.json", "not a folder"),
        (lambda d: Path(""), "is a directory"),  # typer reads -o '' as the current folder
    ],
)
def test_output_path_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    target = make(tmp_path)
    result = invoke(*diff_args("-o", str(target)))
    assert problem in one_line_error(result, str(target))


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only file system"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_output_write_failures_are_one_line_and_leave_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, problem: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.os, "replace", fail)
    result = invoke(*diff_args("-o", str(target)))
    assert problem in one_line_error(result, str(target))
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["out.json"]


def test_stale_temporary_of_a_killed_write_is_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f".out.json.{int(dead.stdout)}.abc123.tmp"
    stale.write_text("half", encoding="utf-8")
    write_output(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert not stale.exists()


class _FullDisk:
    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        pass


def test_stdout_on_a_full_disk_is_one_line_error() -> None:
    with pytest.raises(OutputError, match=r"^<stdout>: cannot be written: the disk is full"):
        write_stdout("{}\n", stream=_FullDisk())  # type: ignore[arg-type]


def test_stdout_on_a_full_device_exits_2(tmp_path: Path) -> None:
    full = tmp_path / "full"
    mknod_char(full, 1, 7)
    with open(full, "wb") as sink:
        result = run_fake_readout(
            tmp_path, "diff", str(seed("000")), str(seed("001")), "-f", "json", stdout=sink
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "readout: error: <stdout>: cannot be written: the disk is full; free disk space or write "
        "elsewhere"
    ]


def test_stdout_that_cannot_encode_the_text_falls_back_with_a_warning(tmp_path: Path) -> None:
    args = ("diff", str(seed("004")), str(seed("000")), "-f", "json")  # 004 is Chinese
    utf8 = run_fake_readout(tmp_path, *args, env={"PYTHONIOENCODING": "utf-8"})
    ascii_ = run_fake_readout(tmp_path, *args, env={"PYTHONIOENCODING": "ascii"})
    assert utf8.returncode == 0 and ascii_.returncode == 0, ascii_.stderr
    assert "Traceback" not in ascii_.stderr
    assert "readout: warning: standard output's encoding (ascii)" in ascii_.stderr
    assert ascii_.stdout.isascii()
    assert json.loads(ascii_.stdout) == json.loads(utf8.stdout)  # \u escapes: the same JSON


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args in (["diff"], ["diff", "a", "b", "--bogus"], ["frobnicate"], ["check", "x"]):
        result = run_fake_readout(tmp_path, *args)
        assert result.returncode == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("readout: error: "), result.stderr
        assert "--help" in lines[0]


def test_error_naming_a_path_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    result = invoke("diff", str(tmp_path / "no\nsuch.txt"), str(seed("000")))
    one_line_error(result, "such.txt")


# --- reports: swapped in whole -------------------------------------------------------------------


def _run_texts(tag: str) -> dict[str, str]:
    return {
        name: f"{name} of {tag}\n" * 1000 for name in ("index.html", "report.md", "report.json")
    }


def _tags(out: Path) -> set[str]:
    """The runs the report files in `out` come from (one, when the folder is whole)."""
    return {
        (out / name).read_text(encoding="utf-8").split(" of ")[1].split("\n")[0]
        for name in ("index.html", "report.md", "report.json")
    }


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def _prepare(tmp_path: Path) -> Path:
    out = tmp_path / "reports" / "event"
    write_folder(out, _run_texts("one"))
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "drafts").mkdir()
    (out / "drafts" / "d.md").write_text("draft\n", encoding="utf-8")
    return out


def _kept(out: Path) -> None:
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "drafts" / "d.md").read_text(encoding="utf-8") == "draft\n"


def test_write_folder_swaps_whole_and_keeps_other_files(tmp_path: Path) -> None:
    out = _prepare(tmp_path)
    write_folder(out, _run_texts("two"))
    assert _tags(out) == {"two"}
    _kept(out)
    assert _siblings(out) == []
    assert not (out / INCOMPLETE_MARKER).exists()


KILL_AT = {
    # after the second file of the new report is written: nothing swapped yet
    "building": (
        "import compare.files as f, os, signal\n"
        "orig = f._write_synced\n"
        "n = [0]\n"
        "def hook(path, text):\n"
        "    orig(path, text)\n"
        "    n[0] += 1\n"
        "    if n[0] == 2: os.kill(os.getpid(), signal.{sig})\n"
        "f._write_synced = hook\n"
    ),
    # after the swap, before the old folder is removed
    "swapped": (
        "import compare.files as f, os, signal\n"
        "f.shutil.rmtree = lambda *a, **k: os.kill(os.getpid(), signal.{sig})\n"
    ),
    # between the two renames of a system without an atomic exchange
    "between-renames": (
        "import compare.files as f, os, signal\n"
        "f.sys.platform = 'other'\n"
        "rename = os.rename\n"
        "def hook(a, b):\n"
        "    rename(a, b)\n"
        "    if str(a).endswith('event'): os.kill(os.getpid(), signal.{sig})\n"
        "f.os.rename = hook\n"
    ),
}
WRITE_TWO = (
    "import sys\nfrom pathlib import Path\nfrom compare.files import write_folder\n"
    "{hook}\n"
    "texts = {{n: f'{{n}} of two\\n' * 1000 for n in ('index.html', 'report.md', 'report.json')}}\n"
    "write_folder(Path(sys.argv[1]), texts)\n"
)


@pytest.mark.parametrize("stage", list(KILL_AT))
def test_report_killed_at_any_stage_is_never_mixed_and_is_repaired(
    tmp_path: Path, stage: str
) -> None:
    out = _prepare(tmp_path)
    hook = KILL_AT[stage].format(sig="SIGKILL")
    killed = subprocess.run(
        [sys.executable, "-c", WRITE_TWO.format(hook=hook), str(out)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if out.exists():
        assert len(_tags(out)) == 1  # one run's report, never a mix
        assert (out / "notes.txt").exists()
    else:
        assert stage == "between-renames"
    # The next run repairs what the killed one left, then writes.
    write_folder(out, _run_texts("three"))
    assert _tags(out) == {"three"}
    _kept(out)
    assert _siblings(out) == []


def test_report_interrupted_by_sighup_removes_its_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_fake_readout(tmp_path, "report", str(seed("000")), str(seed("001")), "--out", "out")
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    hook = KILL_AT["building"].format(sig="SIGHUP")
    result = run_fake_readout(
        tmp_path, "report", str(seed("000")), str(seed("002")), "--out", "out", hook=hook
    )
    assert result.returncode == 143, result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "out"]


def test_report_on_a_full_disk_leaves_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _prepare(tmp_path)
    real = files._write_synced
    calls = []

    def fill(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text)

    monkeypatch.setattr(files, "_write_synced", fill)
    with pytest.raises(OutputError, match="event: cannot be written: the disk is full"):
        write_folder(out, _run_texts("two"))
    assert _tags(out) == {"one"}
    _kept(out)
    assert _siblings(out) == []


@pytest.fixture
def small_tmpfs(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (the fake-writer test covers a full disk)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_report_on_a_real_full_tmpfs_leaves_the_old_report(small_tmpfs: Path) -> None:
    out = small_tmpfs / "event"
    small = {name: f"{name} of one\n" for name in ("index.html", "report.md", "report.json")}
    write_folder(out, small)
    with pytest.raises(OutputError, match="the disk is full"):
        write_folder(out, _run_texts("two") | {"report.json": "report.json of two\n" * 20_000})
    assert _tags(out) == {"one"}
    assert _siblings(out) == []


def test_report_cli_full_disk_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_write_synced", full)
    result = invoke("report", str(seed("000")), str(seed("001")), "--out", str(tmp_path / "out"))
    assert "disk is full" in one_line_error(result, "out")
    assert not (tmp_path / "out").exists()


# --- inputs --------------------------------------------------------------------------------------

BODY = "The two sides held candid talks on trade in Geneva on Tuesday.\n"


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("date: 2023-02-30", "not a calendar date"),
        ("date: 2023-13-01", "not a calendar date"),
        ("date: not a date", "not a calendar date"),
        ("date: 2023", "not a calendar date"),
        ("date: !!float abc", "bad YAML"),
        ("date: !!timestamp 2023-02-30", "bad YAML"),
        ("role: 5", "role '5' is unknown"),
        ("role: [primary]", "not a plain value"),
        ("language: Chinese please", "not a language code"),
        ("title: {a: b}", "not a plain value"),
        ("outlet: !!set {b, a}", r"is a set \({a, b}\)"),
        ("url: not a url", "not a URL"),
        ("title: " + "x" * 2000, "over 1000 characters"),
    ],
)
def test_bad_front_matter_values_are_one_line_input_errors(field: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as info:
        parse_source(f"---\n{field}\n---\n{BODY}", source_id="a", path="a.md")
    assert str(info.value).startswith("a.md: front matter") or "bad YAML" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("field", "name", "value"),
    [
        ("date: 2023-09-18", "date", "2023-09-18"),
        ("date: 2023-09-18T10:00:00Z", "date", "2023-09-18"),
        ("date: September 18, 2023", "date", "2023-09-18"),
        ("role: Primary", "role", "primary"),
        ("language: zh-CN", "language", "zh"),
        ("title: 1984", "title", "1984"),
        ("title: |\n  two\n  lines", "title", "two lines"),
        ("outlet: ''", "outlet", None),
    ],
)
def test_good_front_matter_values_are_normalised(field: str, name: str, value: str | None) -> None:
    source = parse_source(f"---\n{field}\n---\n{BODY}", source_id="a", path="a.md")
    assert getattr(source, name) == value


def test_bad_front_matter_date_fails_check_with_exit_2_not_1(tmp_path: Path) -> None:
    article = tmp_path / "new.md"
    article.write_text(f"---\ndate: 2023-02-30\n---\n{BODY}", encoding="utf-8")
    result = invoke("check", str(article), "--against", str(CHECK / "corpus"))
    assert "not a calendar date" in one_line_error(result, str(article))


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    text = "The talks — candid, “constructive” — went on.\n" * 20
    data = text.encode("utf-8")
    data = data[:100] + b"\xff" + data[100:]
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.warns(InputWarning, match=r"a\.txt: bytes that are not utf-8"):
        source = load_source(path, "a")
    assert source.encoding == "utf-8"
    assert "—" in source.text and "â€" not in source.text
    assert source.text.count("\ufffd") == 1


def test_latin1_text_with_one_accented_name_is_not_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(
        "The talks with António Guterres went well, officials said.\n".encode("latin-1")
    )
    source = load_source(path, "a")
    assert "António" in source.text
    assert source.encoding == "cp1252"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text_not_binary(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(BODY.encode(codec))
    source = load_source(path, "a")
    assert source.text == BODY and source.encoding == codec


def test_encoding_option_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Die Gespräche in Genf verliefen gut, sagten Beamte.\n".encode("cp1252"))
    assert load_source(path, "a", encoding="cp1252").encoding == "cp1252"
    # Read as Mac Roman on request: 'ä' (0xE4) becomes '‰'.
    assert "Gespr‰che" in load_source(path, "a", encoding="mac-roman").text
    result = invoke("--encoding", "mac-roman", "diff", str(path), str(seed("000")), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"][0]["encoding"] == "mac-roman"
    assert ingest.ENCODING_ENV not in os.environ  # restored after the command
    bad = invoke("--encoding", "klingon", "diff", str(path), str(seed("000")))
    one_line_error(bad, "klingon")


def test_a_fifo_nobody_writes_to_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(ingest, "PIPE_IDLE_SECONDS", 0.2)
    with pytest.raises(InputError, match="pipe nothing was written to"):
        load_source(fifo, "a")


def test_a_fifo_with_a_writer_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as handle:
            handle.write(seed("000").read_bytes())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    source = load_source(fifo, "a")
    writer.join(10)
    assert source.text == load_source(seed("000"), "a").text


def test_a_device_input_is_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero"
    mknod_char(zero, 1, 5)
    with pytest.raises(InputError, match="is a device"):
        load_source(zero, "a")


def test_max_size_is_a_limit_not_an_allocation() -> None:
    result = invoke("--max-size", "50G", *diff_args())
    assert result.exit_code == 0, result.output
    source = load_source(seed("000"), "a", max_bytes=50 * 1024**3)
    assert source.body


def test_hard_wrapped_misquote_still_fails_check(tmp_path: Path) -> None:
    original = (CHECK / "new" / "misquote.txt").read_text(encoding="utf-8")
    wrapped = "\n\n".join(textwrap.fill(p, 72) for p in original.split("\n\n") if p.strip())
    article = tmp_path / "misquote.txt"
    article.write_text(wrapped + "\n", encoding="utf-8")
    assert wrapped.count("\n") > original.count("\n")  # really wrapped
    plain = invoke("check", str(CHECK / "new" / "misquote.txt"), "-a", str(CHECK / "corpus"))
    result = invoke("check", str(article), "-a", str(CHECK / "corpus"), "-f", "json")
    assert plain.exit_code == 1
    assert result.exit_code == 1, result.output
    kinds = [f["kind"] for f in json.loads(result.stdout)["articles"][0]["findings"]]
    assert "quote_drift" in kinds
    source = load_source(article, "a")
    assert source.title == "Alder and Varga meet in Geneva"
    assert len(source.body) == len(load_source(CHECK / "new" / "misquote.txt", "a").body)


@pytest.mark.parametrize(
    "text",
    [
        # headline, then a one-line paragraph: no wrapping anywhere
        "A fairly long headline about the talks in Geneva today\nThe talks went well.\n",
        # a timestamp over a paragraph
        "Updated 3:05 PM EDT, Mon September 18, 2023\nThe talks began at noon in Geneva.\n",
    ],
)
def test_unwrapped_headlines_are_not_reflowed(text: str) -> None:
    source = parse_source(text, source_id="a", path="a.txt")
    assert len(source.body) == 1
    assert source.text[slice(*source.body[0])].startswith("The talks")


def test_eval_on_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    gold = tmp_path / "deep.json"
    gold.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = invoke("eval", str(gold))
    assert "nested too deeply" in one_line_error(result, str(gold))


def test_no_warnings_leak_as_python_warnings_on_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("The talks — candid — went on.\n".encode() * 20 + b"\xff\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = invoke("diff", str(path), str(seed("000")), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "readout: warning: " in result.stderr and "UserWarning" not in result.stderr
    assert json.loads(result.stdout)["sources"][0]["encoding"] == "utf-8"


# --- determinism across processes ----------------------------------------------------------------


def test_outputs_do_not_depend_on_hash_seed_or_locale(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "---\ntitle: Talks\noutlet: Wire\n---\n" + seed("000").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    outputs = []
    for env in (
        {"PYTHONHASHSEED": "1", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "2", "LC_ALL": "C"},
        {"PYTHONHASHSEED": "3", "LC_ALL": "C.UTF-8", "TZ": "Asia/Shanghai"},
    ):
        out = tmp_path / f"out-{env['PYTHONHASHSEED']}"
        result = run_fake_readout(
            tmp_path,
            "report",
            str(article),
            str(seed("001")),
            str(seed("004")),
            "--out",
            str(out),
            env={**env, "PYTHONIOENCODING": "utf-8"},
        )
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("field", ["outlet", "role", "language", "date", "url", "title"])
def test_a_set_valued_front_matter_field_is_refused_alike_under_any_hash_seed(
    tmp_path: Path, field: str
) -> None:
    """Every field holds one value (a source has one outlet, role, language, date, address,
    title), so a YAML set is refused rather than joined or one member picked; the refusal
    names the members sorted, so it does not depend on the hash seed."""
    members = ["zeta", "alpha", "mu", "beta", "omega", "kappa", "delta", "gamma"]
    article = tmp_path / "a.md"
    article.write_text(f"---\n{field}: !!set {{{', '.join(members)}}}\n---\n{BODY}")
    errors = []
    for seed_value in ("1", "2", "3"):
        result = run_fake_readout(
            tmp_path, "diff", str(article), str(seed("001")), env={"PYTHONHASHSEED": seed_value}
        )
        assert result.returncode == 2, result.stderr
        errors.append(result.stderr)
    assert errors[0] == errors[1] == errors[2]
    assert f"is a set ({{{', '.join(sorted(members))}}})" in errors[0]
    assert errors[0].count("\n") == 1


def test_max_size_applies_to_check_too(tmp_path: Path) -> None:
    article = CHECK / "new" / "misquote.txt"
    result = invoke("--max-size", "100", "check", str(article), "-a", str(CHECK / "corpus"))
    assert "size limit" in one_line_error(result, str(article))
    assert ingest.MAX_BYTES_ENV not in os.environ  # restored after the command


def test_closed_stdout_is_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", FAKE_READOUT.format(hook=""), *diff_args()],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: os.close(1),  # noqa: PLW1509 - the child starts with no stdout
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "readout: error: <stdout>: is closed; redirect it to a file, or pass -o FILE"
    ]


def test_failed_second_rename_puts_the_old_report_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _prepare(tmp_path)
    monkeypatch.setattr(files.sys, "platform", "other")  # no atomic exchange: two renames
    rename = os.rename
    failed: list[object] = []

    def fail_second(a: object, b: object) -> None:
        if str(b) == str(out) and not failed:  # the new folder into place: fails, once
            failed.append(a)
            raise OSError(errno.EIO, "Input/output error")
        rename(a, b)

    monkeypatch.setattr(files.os, "rename", fail_second)
    with pytest.raises(OutputError, match="Input/output error"):
        write_folder(out, _run_texts("two"))
    monkeypatch.setattr(files.os, "rename", rename)
    assert _tags(out) == {"one"}
    _kept(out)
    assert _siblings(out) == []


def test_report_into_a_symlinked_folder_swaps_the_real_folder(tmp_path: Path) -> None:
    out = _prepare(tmp_path)
    link = tmp_path / "latest"
    link.symlink_to(out)
    write_folder(link, _run_texts("two"))
    assert link.is_symlink() and link.resolve() == out
    assert _tags(out) == {"two"}
    _kept(out)


@pytest.mark.parametrize("kind", ["file", "fifo"])
def test_report_out_that_is_not_a_folder_is_one_line(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.write_text("keep\n", encoding="utf-8")
    result = invoke("report", str(seed("000")), str(seed("001")), "--out", str(target))
    assert "not a directory" in one_line_error(result, str(target))
    assert (
        stat.S_ISFIFO(target.lstat().st_mode) if kind == "fifo" else target.read_text() == "keep\n"
    )
