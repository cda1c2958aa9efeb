"""Ingest throughput against its floor: the whole ingest vs embedding the same texts bare.

    python -m bench.ingest [--releases 1000] [--seed 0] [--keep DIR] [--floor-first | --paired] [--profile]

1. Generates the corpus (bench.corpus_gen) in a temporary folder (or DIR/corpus with --keep).
2. Runs the real ingest, `run_ingest(settings)` with the default local embedder, into a fresh data folder
   (DIR/data with --keep), timing the wall clock. The phases are timed by wrapping the library calls the
   pipeline makes (load_file, build_release, chunk_release, sentence_nodes, embed_passages, add_releases,
   KeywordIndex.refresh, ...) for the duration of the run; no ingest code is changed.
3. Computes the exact texts the ingest embedded (discover -> load_file + build_release -> chunk_release ->
   sentence_nodes, as the pipeline does), checks them against the texts the ingest actually passed to the
   embedder, and times embedding them bare with a fresh LocalE5Embedder in slices of
   settings.ingest.embed_batch. That is the floor: no ingest can be faster than embedding its texts.
   With --paired, the floor is measured inside the first ingest instead: each batch the ingest embeds is
   also embedded bare, right before or after, and that time is taken out of the ingest's wall clock. On
   a shared machine whose load drifts over the minutes a run takes, this compares like with like.
4. Runs the ingest a second time on the unchanged corpus (it should embed 0 chunks).

The target: ingest seconds / floor seconds <= 1.3 at 1,000 releases. With --keep DIR the corpus and
store stay in DIR for `python -m bench.ask --data DIR`.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import inspect
import io
import json
import math
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.corpus_gen import GENERATOR_VERSION, generate

if TYPE_CHECKING:
    from config import Settings
    from ingest.pipeline import Summary

TARGET_RATIO = 1.3
MARKER = "bench.json"


# ---------------------------------------------------------------- shared with bench.ask


def bench_settings(root: Path, **overrides: dict[str, object]) -> Settings:
    """Settings for a bench folder: corpus in root/corpus, store in root/data, local model, extractive.

    The environment and .env still apply to everything else (batch size, threads, chunk size...), so the
    bench measures the configuration a user would run; only where the data goes and which backends run
    are pinned, so a PRESSROOM_CHROMA_URL or an OPENAI_API_KEY in the environment cannot redirect it.
    """
    from config import load_settings

    groups: dict[str, dict[str, object]] = {
        "store": {"data_dir": root / "data", "chroma_path": None, "chroma_url": None},
        "ingest": {"corpus_dir": root / "corpus"},
        "embedding": {"embedding_backend": "local"},
        "answer": {"answer_mode": "extractive"},
    }
    for name, values in overrides.items():
        groups[name] = {**groups.get(name, {}), **values}
    return load_settings(**groups)


def read_marker(root: Path) -> dict[str, Any] | None:
    try:
        return json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_marker(root: Path, releases: int, seed: int, settings: Settings) -> None:
    marker = {
        "releases": releases,
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "collection": settings.store.collection,
        "chunk_chars": settings.ingest.chunk_chars,
        "embed_title": settings.ingest.embed_title,
        "complete": True,
    }
    (root / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def marker_matches(root: Path, releases: int, seed: int) -> bool:
    marker = read_marker(root)
    return bool(
        marker
        and marker.get("complete")
        and marker.get("releases") == releases
        and marker.get("seed") == seed
        and marker.get("generator") == GENERATOR_VERSION
    )


def is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def print_table(title: str, rows: Sequence[tuple[str, ...]]) -> None:
    """A plain aligned table; the first row is the header."""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(len(r) for r in rows))]
    print(f"\n{title}")
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(widths[i + 1]) for i, cell in enumerate(row[1:]))]
        print("  " + "  ".join(cells).rstrip())
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def profile_report(profiler: cProfile.Profile, limit: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    out.write("--- by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(limit)
    out.write("--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


# ---------------------------------------------------------------- phase timing


@dataclass
class Phase:
    name: str
    nested: bool = False  # a part of another phase: shown indented, not added to the total
    seconds: float = 0.0
    calls: int = 0


@dataclass
class PhaseTimer:
    """Wraps functions and methods for the duration of a `with` block and adds up the time spent in them."""

    phases: dict[str, Phase] = field(default_factory=dict)
    _undo: list[tuple[object, str, object]] = field(default_factory=list)

    def phase(self, name: str, nested: bool = False) -> Phase:
        return self.phases.setdefault(name, Phase(name, nested))

    def wrap(
        self,
        owner: object,
        attr: str,
        name: str,
        *,
        nested: bool = False,
        record: Callable[[tuple[Any, ...]], None] | None = None,
    ) -> None:
        raw = vars(owner).get(attr) if attr in vars(owner) else getattr(owner, attr, None)
        if raw is None:
            print(f"bench: cannot time {getattr(owner, '__name__', owner)}.{attr}: not found", file=sys.stderr)
            return
        phase = self.phase(name, nested)
        if isinstance(raw, classmethod | staticmethod):
            new: object = type(raw)(self._timed(raw.__func__, phase, record))
        else:
            new = self._timed(raw, phase, record)  # type: ignore[arg-type]
        setattr(owner, attr, new)
        self._undo.append((owner, attr, raw))

    @staticmethod
    def _timed(
        func: Callable[..., Any], phase: Phase, record: Callable[[tuple[Any, ...]], None] | None
    ) -> Callable[..., Any]:
        if inspect.isgeneratorfunction(func):

            @functools.wraps(func)
            def gen(*args: Any, **kwargs: Any) -> Iterator[Any]:
                phase.calls += 1
                it = func(*args, **kwargs)
                while True:
                    started = time.perf_counter()
                    try:
                        item = next(it)
                    except StopIteration:
                        phase.seconds += time.perf_counter() - started
                        return
                    phase.seconds += time.perf_counter() - started
                    yield item

            return gen

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if record is not None:
                record(args)
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                phase.seconds += time.perf_counter() - started
                phase.calls += 1

        return timed

    def replace(self, owner: object, attr: str, new: object) -> None:
        """Put `new` in place of owner.attr until restore()."""
        self._undo.append((owner, attr, vars(owner)[attr]))
        setattr(owner, attr, new)

    def restore(self) -> None:
        while self._undo:
            owner, attr, raw = self._undo.pop()
            setattr(owner, attr, raw)

    def top_level_seconds(self) -> float:
        return sum(p.seconds for p in self.phases.values() if not p.nested)


@dataclass
class Capture:
    texts: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)

    def __call__(self, args: tuple[Any, ...]) -> None:
        if _IN_WORD_TABLE[0]:
            return  # the corpus's words, not its sentences: ingest work, not the floor
        texts = list(args[1])  # (self, texts)
        self.texts.extend(texts)
        self.batches.append(len(texts))


# Set while the ingest builds its word table (index/word_table.py): the words it embeds are part of the
# ingest's cost, not of the floor (the sentences any ingest must embed).
_IN_WORD_TABLE = [False]


@contextmanager
def ingest_phases(capture: Capture | None = None) -> Iterator[PhaseTimer]:
    """Time the ingest's phases around the library calls ingest.pipeline makes."""
    import bm25s

    import ingest.pipeline as pipeline
    from index.embedding import LocalE5Embedder
    from index.keyword_index import KeywordIndex, Tokenizer
    from index.store import Store

    timer = PhaseTimer()
    timer.wrap(Store, "open", "Store.open (incl. chromadb import)")
    timer.wrap(pipeline, "discover", "discover files")
    timer.wrap(pipeline, "load_file", "load_file (read + clean)")
    timer.wrap(pipeline, "build_release", "build_release (metadata)")
    timer.wrap(pipeline, "chunk_release", "chunk_release")
    timer.wrap(pipeline, "sentence_nodes", "sentence_nodes")
    timer.wrap(LocalE5Embedder, "embed_passages", "embed_passages", record=capture)
    timer.wrap(LocalE5Embedder, "_get", "model load (first call)", nested=True)
    # The pipeline writes per release (add_release) or per embedding batch (add_releases), by version.
    if hasattr(Store, "add_releases"):
        timer.wrap(Store, "add_releases", "Chroma write (add_releases)")
    else:
        timer.wrap(Store, "add_release", "Chroma write (add_release)")
    timer.wrap(KeywordIndex, "refresh", "keyword index (refresh)")
    from index.word_table import WordTable

    refresh = vars(WordTable)["refresh"]

    def flagged(cls: type[WordTable], *args: Any, **kwargs: Any) -> Any:
        _IN_WORD_TABLE[0] = True
        try:
            return refresh.__func__(cls, *args, **kwargs)
        finally:
            _IN_WORD_TABLE[0] = False

    timer.replace(WordTable, "refresh", classmethod(flagged))
    timer.wrap(WordTable, "refresh", "word table (refresh)")
    timer.wrap(Store, "iter_chunks", "Chroma read of all chunks", nested=True)
    timer.wrap(Store, "release_texts", "Chroma read of release texts", nested=True)
    timer.wrap(Tokenizer, "document", "tokenize + stem", nested=True)
    timer.wrap(bm25s.BM25, "index", "bm25s index", nested=True)
    timer.wrap(KeywordIndex, "save", "save to disk", nested=True)
    try:
        yield timer
    finally:
        timer.restore()


# Nested phases are shown under the phase they belong to.
_PARENT = {
    "model load (first call)": "embed_passages",
    "Chroma read of all chunks": "keyword index (refresh)",
    "Chroma read of release texts": "keyword index (refresh)",
    "tokenize + stem": "keyword index (refresh)",
    "bm25s index": "keyword index (refresh)",
    "save to disk": "keyword index (refresh)",
}


# ---------------------------------------------------------------- the floor


def node_texts(settings: Settings) -> list[str]:
    """The texts the ingest embeds for this corpus, computed the way ingest.pipeline computes them."""
    from index.records import SkipFile
    from ingest.chunking import chunk_release
    from ingest.discover import discover
    from ingest.loaders import load_file
    from ingest.metadata import build_release, load_sources
    from ingest.nodes import sentence_nodes

    root = settings.ingest.corpus_dir
    max_bytes = int(settings.ingest.max_file_mb * 1024 * 1024)
    sources = load_sources(root)
    files, _ = discover([root], root)
    seen: set[str] = set()
    texts: list[str] = []
    for path in files:
        try:
            release = build_release(path, root, load_file(path, max_bytes=max_bytes), sources)
        except SkipFile:
            continue
        if release.content_hash in seen:
            continue
        seen.add(release.content_hash)
        for node in sentence_nodes(chunk_release(release.text, max_chars=settings.ingest.chunk_chars)):
            texts.append(f"{release.title}\n{node.text}" if settings.ingest.embed_title else node.text)
    return texts


@dataclass
class Floor:
    seconds: float
    model_load: float
    texts: int


def embed_floor(texts: Sequence[str], settings: Settings) -> Floor:
    """Embed the texts bare with a fresh model, in slices of the ingest's batch size (model load included)."""
    from index.embedding import LocalE5Embedder

    batch = settings.ingest.embed_batch
    timer = PhaseTimer()
    timer.wrap(LocalE5Embedder, "_get", "model load")
    try:
        started = time.perf_counter()
        embedder = LocalE5Embedder(threads=settings.embedding.embedding_threads)
        for i in range(0, len(texts), batch):
            embedder.embed_passages(texts[i : i + batch])
        seconds = time.perf_counter() - started
    finally:
        timer.restore()
    return Floor(seconds, timer.phases["model load"].seconds, len(texts))


# ---------------------------------------------------------------- runs


@dataclass
class Run:
    seconds: float  # wall clock of run_ingest, minus the paired floor's embedding when there is one
    summary: Summary
    timer: PhaseTimer
    capture: Capture
    profile: str = ""
    paired: Floor | None = None


def _progress(started: float) -> Callable[[int, int], None]:
    """Report every tenth of the embedding on stderr (the run takes minutes)."""
    shown = [0]

    def report(done: int, total: int) -> None:
        if total and done * 10 // total > shown[0]:
            shown[0] = done * 10 // total
            print(f"  {done}/{total} chunks embedded, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    return report


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def timed_ingest(settings: Settings, *, profile: bool = False, paired: bool = False) -> Run:
    """run_ingest with its phases timed.

    With `paired`, every batch the ingest embeds is also embedded bare by a second, fresh LocalE5Embedder
    right before or after it (alternating), and that time is taken out of the ingest's wall clock: the
    floor is then measured batch by batch under the same load as the ingest, which a shared machine whose
    load drifts over minutes otherwise makes impossible.
    """
    from index.embedding import LocalE5Embedder
    from ingest.runner import run_ingest

    capture = Capture()
    profiler = cProfile.Profile() if profile else None
    original = vars(LocalE5Embedder)["embed_passages"]
    floor = Floor(0.0, 0.0, 0)
    calls = [0]
    with ingest_phases(capture) as timer:
        if paired:
            timed = LocalE5Embedder.embed_passages
            bare = LocalE5Embedder(threads=settings.embedding.embedding_threads)

            def both(self: LocalE5Embedder, texts: Sequence[str]) -> Any:
                if _IN_WORD_TABLE[0]:
                    return timed(self, texts)
                bare_first = calls[0] % 2 == 0
                calls[0] += 1
                if bare_first:
                    started = time.perf_counter()
                    original(bare, texts)
                    floor.seconds += time.perf_counter() - started
                result = timed(self, texts)
                if not bare_first:
                    started = time.perf_counter()
                    original(bare, texts)
                    floor.seconds += time.perf_counter() - started
                floor.texts += len(texts)
                return result

            LocalE5Embedder.embed_passages = both  # type: ignore[method-assign]  # restored by the timer
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        summary = run_ingest(settings, progress=_progress(started))
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - started - floor.seconds
    return Run(
        seconds, summary, timer, capture, profile_report(profiler) if profiler else "", floor if paired else None
    )


def _breakdown_rows(runs: Sequence[Run]) -> list[tuple[str, ...]]:
    names: list[str] = []
    for run in runs:
        names.extend(n for n in run.timer.phases if n not in names)
    ordered: list[str] = []
    for name in names:
        if name in _PARENT:
            continue
        ordered.append(name)
        ordered.extend(child for child, parent in _PARENT.items() if parent == name and child in names)
    rows: list[tuple[str, ...]] = [("phase", *(f"run {i + 1} s" for i in range(len(runs))), "calls (run 1)")]
    for name in ordered:
        label = f"  {name}" if name in _PARENT else name
        cells = []
        for run in runs:
            phase = run.timer.phases.get(name)
            cells.append(f"{phase.seconds:.2f}" if phase and phase.calls else "-")
        first = runs[0].timer.phases.get(name)
        rows.append((label, *cells, str(first.calls) if first else "-"))
    rows.append(
        (
            "other (store bookkeeping, retire, ...)",
            *(f"{r.seconds - r.timer.top_level_seconds():.2f}" for r in runs),
            "",
        )
    )
    rows.append(("total wall", *(f"{r.seconds:.2f}" for r in runs), ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the corpus and the store in this (empty) folder")
    parser.add_argument("--floor-first", action="store_true", help="embed the floor before the ingest")
    parser.add_argument(
        "--paired",
        action="store_true",
        help="measure the floor batch by batch inside the first ingest (robust to load drift)",
    )
    parser.add_argument("--profile", action="store_true", help="run the first ingest under cProfile")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as tmp:
        root = args.keep or Path(tmp)
        if not is_empty(root):
            parser.error(f"{root} is not empty; --keep needs an empty or new folder")
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        generate(root / "corpus", args.releases, args.seed)
        generate_s = time.perf_counter() - started
        settings = bench_settings(root)
        print(
            f"generated {args.releases} releases in {generate_s:.1f} s; batch {settings.ingest.embed_batch}, "
            f"threads {settings.embedding.embedding_threads or 'default'}",
            file=sys.stderr,
        )

        started = time.perf_counter()
        texts = node_texts(settings)
        texts_s = time.perf_counter() - started
        sequential = None
        if args.floor_first:
            print(f"embedding the floor: {len(texts)} texts ...", file=sys.stderr)
            sequential = embed_floor(texts, settings)
        print("ingest run 1 ...", file=sys.stderr)
        loads = [load_average()]
        first = timed_ingest(settings, profile=args.profile, paired=args.paired)
        if sequential is None and not args.paired:
            print(f"embedding the floor: {len(texts)} texts ...", file=sys.stderr)
            sequential = embed_floor(texts, settings)
        loads.append(load_average())
        floor = first.paired or sequential
        assert floor is not None
        print("ingest run 2 (nothing changed) ...", file=sys.stderr)
        second = timed_ingest(settings)
        if args.keep:
            write_marker(root, args.releases, args.seed, settings)

    same = first.capture.texts == texts
    if not same:
        print(
            f"bench: WARNING the computed texts ({len(texts)}) differ from what the ingest embedded "
            f"({len(first.capture.texts)}); the floor is approximate",
            file=sys.stderr,
        )
    if first.profile:
        print(first.profile)
    ratio = first.seconds / floor.seconds
    embed_in_ingest = first.timer.phases["embed_passages"].seconds
    overhead = first.seconds - embed_in_ingest
    batches = first.capture.batches
    print_table(
        "Ingest phases (timed around the library calls; nested rows are part of the row above)",
        _breakdown_rows([first, second]),
    )
    print_table(
        f"Ingest vs embedding floor, {args.releases} generated releases",
        [
            ("figure", "value"),
            ("releases ingested", str(len(first.summary.added))),
            ("chunks (sentence nodes) embedded", str(first.summary.chunks_embedded)),
            ("floor texts == texts the ingest embedded", "yes" if same else "NO"),
            (
                "ingest batches: count / mean / max size",
                f"{len(batches)} / {sum(batches) / max(len(batches), 1):.1f} / {max(batches, default=0)}",
            ),
            *(
                [
                    (
                        f"embedding floor s, sequential (bare, batch {settings.ingest.embed_batch})",
                        f"{sequential.seconds:.1f}",
                    )
                ]
                if sequential
                else []
            ),
            *(
                [("embedding floor s, paired (bare, the ingest's own batches)", f"{first.paired.seconds:.1f}")]
                if first.paired
                else []
            ),
            ("ingest s (run 1, wall" + (", minus the paired floor)" if first.paired else ")"), f"{first.seconds:.1f}"),
            ("ratio ingest / floor (target <= 1.3)", f"{ratio:.3f}" + ("" if ratio <= TARGET_RATIO else "  ABOVE")),
            ("  embedding inside the ingest s", f"{embed_in_ingest:.1f}"),
            ("  everything else in the ingest s", f"{overhead:.1f}"),
            (
                "ratio with the ingest's own embedding time",
                f"{embed_in_ingest / floor.seconds:.3f} (embedding) + {overhead / floor.seconds:.3f} (rest)",
            ),
            ("releases/s", f"{args.releases / first.seconds:.2f}"),
            ("chunks/s (ingest)", f"{first.summary.chunks_embedded / first.seconds:.1f}"),
            ("chunks/s (floor)", f"{floor.texts / floor.seconds:.1f}"),
            ("load + chunk s (computed separately)", f"{texts_s:.1f}"),
            ("ingest s (run 2, unchanged corpus)", f"{second.seconds:.1f}"),
            ("chunks embedded in run 2", str(second.summary.chunks_embedded)),
            ("corpus generation s", f"{generate_s:.1f}"),
            ("load average (1 min) at start / end of the measured runs", " / ".join(loads)),
        ],
    )
    print(
        "\nTimings are wall clock on a shared machine: other processes compete for the cores, so the embedding\n"
        "time itself varies between the ingest and the floor; the '(rest)' share is the ingest's own overhead."
    )
    if ratio > TARGET_RATIO and not args.profile:
        print("The ratio is above target: rerun with --profile for a cProfile of the first ingest.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
