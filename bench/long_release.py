"""Question latency over long releases, against its floor (one query embedding and one Chroma query).

    python -m bench.long_release CORPUS_DIR QUESTIONS.jsonl [--data DIR] [--questions 200]

A 40-page report ingested as one file gives every retrieved release hundreds of sentences; the answer
engine must not score them all. CORPUS_DIR is ingested into DIR (a temporary folder unless given; an
existing DIR is reused, the ingest being incremental), then each question of QUESTIONS.jsonl (the
development set's format) is asked once, interleaved with the floor for the same question. Prints p50 and
p95 of both and their ratio; the target is p95 <= 3 x the floor's p95. The peer benchmark's `squad2`
corpus (about 40 paragraphs a file) is the reference run in docs/quality.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

TARGET_FACTOR = 3.0
CANDIDATES = 40


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("questions", type=Path)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--questions-limit", type=int, default=200)
    args = ap.parse_args(argv)

    from bot.engine import AnswerEngine
    from config import AnswerSettings, IngestSettings, Settings, StoreSettings
    from index.embedding import LocalE5Embedder
    from ingest.runner import run_ingest

    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[: args.questions_limit]
    with tempfile.TemporaryDirectory(prefix="pressroom-long-") as tmp:
        data = args.data or Path(tmp)
        settings = Settings(
            store=StoreSettings(data_dir=data),
            ingest=IngestSettings(corpus_dir=args.corpus),
            answer=AnswerSettings(answer_mode="extractive"),
        )
        embedder = LocalE5Embedder()
        started = time.perf_counter()
        summary = run_ingest(settings, embedder=embedder)
        print(f"ingest: {summary.chunks_embedded} sentences embedded, {time.perf_counter() - started:.0f} s")
        engine = AnswerEngine.from_settings(settings, embedder=embedder)
        store = engine.retriever.store
        sizes = [r.chunks for r in store.releases().values()]
        for row in rows[:5]:  # warm-up
            engine.answer(row["question"])
        latency, floor = [], []
        for i, row in enumerate(rows):

            def floor_once(text: str = row["question"]) -> float:
                t0 = time.perf_counter()
                store.query(embedder.embed_query(text), CANDIDATES)
                return time.perf_counter() - t0

            if i % 2:
                floor.append(floor_once())
            t0 = time.perf_counter()
            engine.answer(row["question"])
            latency.append(time.perf_counter() - t0)
            if not i % 2:
                floor.append(floor_once())
    p95, f95 = percentile(latency, 0.95), percentile(floor, 0.95)
    print(
        f"{len(sizes)} releases, {sum(sizes) / max(len(sizes), 1):.0f} sentences each on average; {len(rows)} questions"
    )
    print(f"question p50 {percentile(latency, 0.5) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    print(f"floor    p50 {percentile(floor, 0.5) * 1000:.1f} ms, p95 {f95 * 1000:.1f} ms")
    print(f"p95 / floor p95: {p95 / f95:.2f} (target <= {TARGET_FACTOR:g})")
    return 0 if p95 <= TARGET_FACTOR * f95 else 1


if __name__ == "__main__":
    sys.exit(main())
