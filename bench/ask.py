"""Question latency against its floor, and the cold start of `pressroom ask`.

    python -m bench.ask [--releases 1000] [--questions 200] [--data DIR] [--seed 0] [--profile]

1. Generates and ingests the corpus (bench.corpus_gen + run_ingest), or reuses DIR when it holds the same
   corpus (a folder made by `python -m bench.ingest --keep DIR`, or by an earlier `bench.ask --data DIR`).
2. Builds AnswerEngine.from_settings once (extractive answers, the local model) and asks N generated
   questions whose answers are known ("How many people signed the petition of <org>?", "Qui est le
   porte-parole de <org> ?", ...): warm latency p50/p95 per question.
3. In the same run, interleaved with the questions, measures the floor: one query embedding and one
   Chroma query (embed_query + store.query(vector, 40)) for the same question.
   The target: question p95 <= 3 x floor p95.
4. Cold start: `pressroom ask "question"` as a subprocess on the bench data, 3 times (median from process
   start to the printed answer), `python -c "import bot.engine"`, and the same steps as `pressroom ask`
   timed one by one in a fresh process.
5. With --profile, or when p95 is above target, cProfile over 50 questions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.corpus_gen import Question, generate, questions
from bench.ingest import (
    PhaseTimer,
    bench_settings,
    is_empty,
    load_average,
    marker_matches,
    percentile,
    print_table,
    profile_report,
    write_marker,
)

if TYPE_CHECKING:
    from bot.engine import AnswerEngine
    from bot.types import Answer
    from config import Settings
    from index.embedding import Embedder
    from index.store import Store

TARGET_FACTOR = 3.0
CANDIDATES = 40  # what Retriever asks Chroma for (its `candidates` default)


# ---------------------------------------------------------------- data


def prepare(root: Path, releases: int, seed: int) -> tuple[Settings, str]:
    """The bench folder with this corpus ingested: reused when its marker matches, else built."""
    if marker_matches(root, releases, seed):
        return bench_settings(root), "reused"
    if not is_empty(root):
        raise SystemExit(f"bench.ask: {root} holds another corpus (or an unfinished one); use an empty folder")
    from ingest.runner import run_ingest

    root.mkdir(parents=True, exist_ok=True)
    generate(root / "corpus", releases, seed)
    settings = bench_settings(root)
    print(f"ingesting {releases} generated releases (this embeds every sentence: minutes) ...", file=sys.stderr)
    started = time.perf_counter()
    summary = run_ingest(settings)
    write_marker(root, releases, seed, settings)
    return settings, f"ingested {summary.chunks_embedded} chunks in {time.perf_counter() - started:.0f} s"


# ---------------------------------------------------------------- answers


_NUMBER = re.compile(r"\d(?:[\d\u00a0\u202f ,.]*\d)?")


def found(answer: Answer, question: Question) -> bool:
    """Whether the expected figure or name is in the answer text (a sanity check, not a quality score)."""
    if question.expected.isdigit():
        numbers = {re.sub(r"\D", "", m) for m in _NUMBER.findall(answer.answer)}
        return question.expected in numbers
    return question.expected.casefold() in answer.answer.casefold()


# Components of one question, timed around the calls the engine makes; they overlap (search contains the
# embedding and the Chroma query), so they are not meant to add up.
def _wrap_components(timer: PhaseTimer) -> None:
    import bot.engine as engine_module
    from bot.extractive import ExtractiveAnswerer
    from bot.retrieve import Retriever
    from index.embedding import LocalE5Embedder
    from index.keyword_index import KeywordIndex
    from index.store import Store

    timer.wrap(engine_module, "analyse", "analyse (question)")
    timer.wrap(Retriever, "refresh", "Retriever.refresh (generation check)")
    timer.wrap(Retriever, "search", "Retriever.search")
    timer.wrap(LocalE5Embedder, "embed_query", "  embed_query", nested=True)
    timer.wrap(Store, "query", "  Store.query (Chroma, 40)", nested=True)
    timer.wrap(KeywordIndex, "search", "  KeywordIndex.search (BM25)", nested=True)
    timer.wrap(Store, "chunks_by_id", "  Store.chunks_by_id", nested=True)
    if hasattr(Store, "nodes_of"):
        timer.wrap(Store, "nodes_of", "  Store.nodes_of", nested=True)
    timer.wrap(Store, "release_texts", "  Store.release_texts (search + verify)", nested=True)
    timer.wrap(ExtractiveAnswerer, "answer", "ExtractiveAnswerer.answer")
    timer.wrap(engine_module, "verify_citations", "verify_citations")


@contextmanager
def components() -> Iterator[PhaseTimer]:
    timer = PhaseTimer()
    _wrap_components(timer)
    try:
        yield timer
    finally:
        timer.restore()


@dataclass
class Warm:
    latency: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    embed: list[float] = field(default_factory=list)
    chroma: list[float] = field(default_factory=list)
    found: int = 0
    answered: int = 0
    per_component: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def floor_once(embedder: Embedder, store: Store, text: str) -> tuple[float, float]:
    started = time.perf_counter()
    vector = embedder.embed_query(text)
    embedded = time.perf_counter()
    store.query(vector, CANDIDATES)
    return embedded - started, time.perf_counter() - embedded


def warm_run(engine: AnswerEngine, embedder: Embedder, store: Store, qs: Sequence[Question]) -> Warm:
    warm = Warm()
    with components() as timer:
        for i, question in enumerate(qs):
            # Alternate which goes first, so that neither always runs right after the other.
            floor_first = i % 2 == 1
            if floor_first:
                embed_s, chroma_s = floor_once(embedder, store, question.text)
            before = {name: (p.seconds, p.calls) for name, p in timer.phases.items()}
            started = time.perf_counter()
            answer = engine.answer(question.text)
            warm.latency.append(time.perf_counter() - started)
            for name, phase in timer.phases.items():
                seconds, calls = before[name]
                warm.per_component[name] += phase.seconds - seconds
                warm.calls[name] += phase.calls - calls
            if not floor_first:
                embed_s, chroma_s = floor_once(embedder, store, question.text)
            warm.embed.append(embed_s)
            warm.chroma.append(chroma_s)
            warm.floor.append(embed_s + chroma_s)
            warm.answered += answer.answered
            warm.found += found(answer, question)
    return warm


def profile_questions(engine: AnswerEngine, qs: Sequence[Question]) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for question in qs:
        engine.answer(question.text)
    profiler.disable()
    return profile_report(profiler, limit=30)


# ---------------------------------------------------------------- cold start


def _child_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PRESSROOM_CHROMA_PATH", "PRESSROOM_CHROMA_URL")}
    env.update(
        {
            "PRESSROOM_DATA_DIR": str(settings.store.data_dir),
            "PRESSROOM_CORPUS_DIR": str(settings.ingest.corpus_dir),
            "PRESSROOM_ANSWER_MODE": "extractive",
            "PRESSROOM_EMBEDDING_BACKEND": "local",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _pressroom_command() -> list[str]:
    script = Path(sys.executable).with_name("pressroom")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def time_process(command: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds to the first byte on stdout, seconds to exit, stdout)."""
    started = time.perf_counter()
    # Unbuffered, so that reading the first byte does not swallow output that communicate() then misses.
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, bufsize=0)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(1)
    first_at = time.perf_counter() - started
    rest, err = proc.communicate()
    exit_at = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed ({proc.returncode}): {err.decode(errors='replace')}")
    return first_at, exit_at, (first + rest).decode("utf-8", errors="replace")


# The steps of `pressroom ask`, timed one by one in a fresh process (same calls as bot.cli.ask).
_STEPS = r"""
import json, sys, time
t0 = time.perf_counter(); marks = {}
import bot.cli
from bot.engine import AnswerEngine
from bot.formatting import to_plain_text
marks["imports (bot.cli, bot.engine, bot.formatting)"] = time.perf_counter()
from config import load_settings
settings = load_settings()
marks["load_settings"] = time.perf_counter()
import chromadb
marks["import chromadb (lazy in Store.open)"] = time.perf_counter()
engine = AnswerEngine.from_settings(settings)
marks["AnswerEngine.from_settings (Chroma open, keyword index load)"] = time.perf_counter()
engine.releases()
marks["engine.releases() (the CLI's empty-index check)"] = time.perf_counter()
engine.retriever._embedder.embed_query("warm")  if hasattr(engine.retriever, "_embedder") else None
marks["model load + first query embedding"] = time.perf_counter()
text = to_plain_text(engine.answer(sys.argv[1]))
marks["engine.answer (first question)"] = time.perf_counter()
prev = t0; out = {}
for name, at in marks.items():
    out[name] = at - prev; prev = at
print(json.dumps(out))
"""


@dataclass
class Cold:
    ask_first_byte: list[float]
    ask_exit: list[float]
    python_bare: list[float]
    import_engine: list[float]
    import_cli: list[float]
    steps: dict[str, float]
    top_imports: list[tuple[str, float]]
    sample_output: str


def _importtime(env: dict[str, str], modules: str) -> list[tuple[str, float]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {modules}"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows: list[tuple[int, str, float]] = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()
        rows.append((len(name) - len(name.lstrip()), name.strip(), int(parts[1]) / 1e6))
    top = min((depth for depth, _, _ in rows), default=0)
    tops = [(name, seconds) for depth, name, seconds in rows if depth == top]
    return sorted(tops, key=lambda item: item[1], reverse=True)[:10]


def cold_start(settings: Settings, question: str, runs: int) -> Cold:
    env = _child_env(settings)
    command = [*_pressroom_command(), "ask", question]
    firsts, exits = [], []
    output = ""
    for _ in range(runs):
        first, exit_s, output = time_process(command, env)
        firsts.append(first)
        exits.append(exit_s)

    def timed(code: str) -> list[float]:
        return [time_process([sys.executable, "-c", code], env)[1] for _ in range(runs)]

    python_bare = timed("print()")
    import_engine = timed("import bot.engine; print()")
    import_cli = timed("import bot.cli, bot.engine, bot.formatting, chromadb; print()")
    _, _, steps_out = time_process([sys.executable, "-c", _STEPS, question], env)
    steps = json.loads(steps_out.strip().splitlines()[-1])
    top = _importtime(env, "bot.cli, bot.engine, bot.formatting, chromadb")
    return Cold(firsts, exits, python_bare, import_engine, import_cli, steps, top, output)


# ---------------------------------------------------------------- main


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ask", description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--data", type=Path, help="bench folder to reuse (or to fill, when empty)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warmup", type=int, default=5, help="questions asked before measuring")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile 50 questions even if on target")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start measurements")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as tmp:
        root = (args.data or Path(tmp)).absolute()
        settings, how = prepare(root, args.releases, args.seed)
        print(f"data: {how}", file=sys.stderr)

        from bot.engine import AnswerEngine
        from index.embedding import build_embedder

        embedder = build_embedder(settings.embedding)
        started = time.perf_counter()
        engine = AnswerEngine.from_settings(settings, embedder=embedder)
        build_s = time.perf_counter() - started
        store = engine.retriever.store
        qs = questions(args.releases, args.questions + args.warmup + 1, args.seed)
        started = time.perf_counter()
        engine.answer(qs[0].text)
        first_s = time.perf_counter() - started
        for q in qs[1 : args.warmup + 1]:
            engine.answer(q.text)
            floor_once(embedder, store, q.text)
        measured = qs[args.warmup + 1 :]
        print(f"asking {len(measured)} questions ...", file=sys.stderr)
        loads = [load_average()]
        warm = warm_run(engine, embedder, store, measured)
        loads.append(load_average())

        p95, floor_p95 = percentile(warm.latency, 0.95), percentile(warm.floor, 0.95)
        factor = p95 / floor_p95
        profile = ""
        if args.profile or factor > TARGET_FACTOR:
            print("profiling 50 questions ...", file=sys.stderr)
            profile = profile_questions(engine, measured[:50])

        cold = None
        if not args.no_cold:
            print("cold start ...", file=sys.stderr)
            cold = cold_start(settings, measured[0].text, args.cold_runs)

    n = len(measured)
    if profile:
        print(profile)
    print_table(
        "Per-question components (mean ms per question; indented rows are inside Retriever.search)",
        [("component", "mean ms", "calls/question")]
        + [
            (name, f"{warm.per_component[name] / n * 1000:.1f}", f"{warm.calls[name] / n:.1f}")
            for name in warm.per_component
        ],
    )
    print_table(
        f"Warm question latency vs floor, {args.releases} generated releases, {n} questions",
        [
            ("figure", "p50 ms", "p95 ms", "mean ms"),
            ("engine.answer (warm)", _ms(percentile(warm.latency, 0.5)), _ms(p95), _ms(statistics.mean(warm.latency))),
            (
                "floor: embed_query + store.query(40)",
                _ms(percentile(warm.floor, 0.5)),
                _ms(floor_p95),
                _ms(statistics.mean(warm.floor)),
            ),
            (
                "  embed_query",
                _ms(percentile(warm.embed, 0.5)),
                _ms(percentile(warm.embed, 0.95)),
                _ms(statistics.mean(warm.embed)),
            ),
            (
                "  store.query",
                _ms(percentile(warm.chroma, 0.5)),
                _ms(percentile(warm.chroma, 0.95)),
                _ms(statistics.mean(warm.chroma)),
            ),
        ],
    )
    print_table(
        "Summary",
        [
            ("figure", "value"),
            ("p95 / floor p95 (target <= 3)", f"{factor:.2f}" + ("" if factor <= TARGET_FACTOR else "  ABOVE")),
            ("p50 / floor p50", f"{percentile(warm.latency, 0.5) / percentile(warm.floor, 0.5):.2f}"),
            ("AnswerEngine.from_settings s (in process)", f"{build_s:.2f}"),
            ("first question s (model load, caches)", f"{first_s:.2f}"),
            ("answered / expected fact in the answer", f"{warm.answered}/{n} / {warm.found}/{n}"),
            ("load average (1 min) before / after the questions", " / ".join(loads)),
        ],
    )
    if cold is not None:
        print_table(
            f"Cold start ({args.cold_runs} runs each, median s; page cache warm)",
            [
                ("command", "median s", "runs"),
                *(
                    (command, f"{statistics.median(runs):.2f}", " ".join(f"{x:.2f}" for x in runs))
                    for command, runs in (
                        ("pressroom ask: start -> answer printed", cold.ask_first_byte),
                        ("pressroom ask: start -> exit", cold.ask_exit),
                        ("python -c 'print()'", cold.python_bare),
                        ("python -c 'import bot.engine'", cold.import_engine),
                        ("python -c 'import bot.cli, bot.engine, bot.formatting, chromadb'", cold.import_cli),
                    )
                ),
            ],
        )
        print_table(
            "The steps of `pressroom ask`, one fresh process (s)",
            [
                ("step", "s"),
                *((name, f"{s:.2f}") for name, s in cold.steps.items()),
                ("total", f"{sum(cold.steps.values()):.2f}"),
            ],
        )
        print_table(
            "Slowest top-level imports (python -X importtime, cumulative s)",
            [("module", "s"), *((name, f"{s:.2f}") for name, s in cold.top_imports)],
        )
        print(f"\nsample answer ({measured[0].text!r}):\n{cold.sample_output.strip()[:600]}")
    print("\nTimings are wall clock on a shared 2-core machine with other processes running: expect noise.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
