"""Build a `Report` of two or more sources about one event, and write it to a folder.

`build_report` is the library call behind `readout report`: segment every source, embed every
statement of every source in one call, align and explain every pair, cluster across all.
`write_report` is the file edge: HTML, Markdown and JSON, each written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from compare import embed, framing, pipeline
from compare.cluster import cluster
from compare.errors import UsageError
from compare.event_title import infer_event_title
from compare.files import write_folder
from compare.lexicon import Lexicon
from compare.models import Alignment, Diff, Report, Source, Statement
from compare.segment import segment

#: The files `write_report` writes, and the manifest naming the ones it has written.
REPORT_FILES = ("index.html", "report.md", "report.json")
MANIFEST = ".readout-report"
_MANIFEST_HEADER = "# Files written by `readout report`; it may overwrite exactly these.\n"

Progress = pipeline.Progress


def build_report(
    sources: Sequence[Source],
    *,
    backend: str = pipeline.AUTO,
    embedder_factory: pipeline.EmbedderFactory | None = None,
    lexicon: Lexicon | None = None,
    progress: Progress | None = None,
    title: str | None = None,
) -> Report:
    """Compare every pair of `sources` (two or more) and cluster their statements n-way.

    `progress`, when given, receives one short line per stage (for a progress display).
    `title` names the event; without it the title is inferred (compare/event_title.py).
    """
    if len(sources) < 2:
        raise UsageError("a report needs at least two sources")
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise UsageError(f"source ids must be unique, got {', '.join(ids)}")
    say = progress or (lambda _: None)

    per_source = [segment(s) for s in sources]
    statements: tuple[Statement, ...] = tuple(st for sts in per_source for st in sts)
    name = pipeline.choose_backend(statements, backend)
    embedder = (embedder_factory or embed.get_embedder)(name)
    say(f"embedding {len(statements)} statements of {len(sources)} sources ({embedder.name})")
    vectors = pipeline.embed_statements(embedder, statements)
    words = pipeline.embed_words(
        (embedder_factory or embed.get_embedder)(pipeline.WORD_BACKEND), statements
    )
    offsets = [0]
    for sts in per_source:
        offsets.append(offsets[-1] + len(sts))

    diffs: list[Diff] = []
    alignments: dict[tuple[str, str], tuple[Alignment, ...]] = {}
    for i, j in combinations(range(len(sources)), 2):
        a, b = sources[i], sources[j]
        say(f"comparing {a.id} with {b.id}")
        diff = pipeline.diff_statements(
            a,
            b,
            per_source[i],
            per_source[j],
            vectors[offsets[i] : offsets[i + 1]],
            vectors[offsets[j] : offsets[j + 1]],
            embedder.name,
            lexicon,
            words=(
                words[offsets[i] : offsets[i + 1]],
                words[offsets[j] : offsets[j + 1]],
            ),
        )
        diffs.append(diff)
        alignments[(a.id, b.id)] = diff.groups

    say("clustering statements across sources")
    clusters = cluster(statements, ids, alignments)
    topics = framing.topic_coverage(statements, lexicon=lexicon, sources={s.id: s for s in sources})
    return Report(
        sources=tuple(sources),
        statements=statements,
        clusters=clusters,
        diffs=tuple(diffs),
        findings=tuple(f for d in diffs for f in d.findings),
        topics=topics,
        backend=embedder.name,
        title=title or infer_event_title(sources, statements, lexicon),
        notices=tuple(n for d in diffs for n in d.notices),
    )


def label_sources(sources: Sequence[Source], labels: Sequence[str]) -> list[Source]:
    """The sources with their outlets named by the user (`--label`), in order; the rest as read."""
    if len(labels) > len(sources):
        raise UsageError(
            f"--label given {len(labels)} times for {len(sources)} sources; give at most one per source"
        )
    out = list(sources)
    for i, name in enumerate(labels):
        name = " ".join(name.split())
        if not name:
            raise UsageError(f"--label number {i + 1} is empty; give the outlet's name")
        inferred = tuple(f for f in out[i].inferred if f != "outlet")
        out[i] = replace(out[i], outlet=name, inferred=inferred)
    return out


def write_report(report: Report, out_dir: str | Path) -> list[Path]:
    """Write `index.html`, `report.md` and `report.json` into `out_dir`, creating it, all
    at once (a killed or failed run leaves the folder as it was).

    Refuses (UsageError) to replace a file of those names that an earlier `write_report`
    did not write, as recorded in the manifest `.readout-report`. Returns the written paths.
    """
    from compare.html import render_report_html
    from compare.report_render import render_report_json, render_report_markdown

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a directory; give --out a directory")
    manifest = out / MANIFEST
    owned = _read_manifest(manifest)
    for name in REPORT_FILES:
        target = out / name
        if (target.exists() or target.is_symlink()) and name not in owned:
            raise UsageError(
                f"{target} exists and was not written by readout; remove it or choose another --out"
            )
    texts = {
        "index.html": render_report_html(report),
        "report.md": render_report_markdown(report),
        "report.json": render_report_json(report),
    }
    # All files and the manifest claiming them are swapped in together (see `write_folder`):
    # the folder never mixes two runs, and other files in it are kept.
    texts[MANIFEST] = _MANIFEST_HEADER + "".join(f"{n}\n" for n in REPORT_FILES)
    written = write_folder(out, texts)
    return [path for path in written if path.name != MANIFEST]


def _read_manifest(path: Path) -> set[str]:
    if not path.exists():
        return set()
    if not path.is_file():
        raise UsageError(f"{path} is not a file; remove it or choose another --out")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
