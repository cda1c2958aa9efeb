"""Child processes for the concurrency and restart tests, over the embedded store with the fake embedder.

usage:
  python -m tests.serve_child serve CORPUS DATA_DIR
      Builds an AnswerEngine, prints {"ready": ...}, then answers each question read from stdin with one
      JSON line: the paths it cites, the paths dense search alone finds, and the error if it raised.
  python -m tests.serve_child ingest CORPUS DATA_DIR HOLD [T1,T2,...] [rebuild]
      Runs one ingest (a --rebuild with the last word), first waiting while the file HOLD.before exists
      (so the test can start it early: importing chromadb takes seconds); then, once Ti passages are
      embedded and written, prints {"holding": Ti} and waits while HOLD.Ti exists: the test decides how
      long the ingest stays in the middle of its writes, holding the ingest lock.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from config import IngestSettings, Settings, StoreSettings
from tests.fakes import HashEmbedder


def _settings(corpus: Path, data: Path) -> Settings:
    return Settings(store=StoreSettings(data_dir=data), ingest=IngestSettings(corpus_dir=corpus, embed_batch=16))


def _emit(record: dict[str, object]) -> None:
    print(json.dumps(record), flush=True)


def serve(corpus: Path, data: Path) -> None:
    from bot.engine import AnswerEngine

    embedder = HashEmbedder()
    engine = AnswerEngine.from_settings(_settings(corpus, data), embedder=embedder)
    _emit({"ready": True, "releases": len(engine.releases())})
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        started = time.perf_counter()
        record: dict[str, object] = {"question": question, "cited": [], "dense": [], "error": None}
        try:
            answer = engine.answer(question)
            record["cited"] = sorted({c.path for c in answer.citations})
            # What the user is pointed to: the cited releases, or the closest ones when it refuses (the
            # fake embedder's similarities are too crude for the selector to answer every question).
            record["found"] = [c.path for c in answer.citations] or [r.path for r in answer.related]
            # Dense search alone, through the store the engine answers from now: the part that goes
            # stale without a reopen (keyword hits would hide it).
            store = engine.retriever.store
            releases = store.releases()
            hits = store.query(embedder.embed_query(question), 5)
            record["dense"] = [releases[h.release_id].path for h in hits if h.release_id in releases]
        except Exception as exc:
            record["error"] = f"{type(exc).__name__}: {exc}"
            record["trace"] = traceback.format_exc(limit=5)
        record["ms"] = round((time.perf_counter() - started) * 1000, 1)
        _emit(record)


class HeldHashEmbedder(HashEmbedder):
    """At each threshold t (passages embedded, hence written, so far), waits while `<hold>.<t>` exists."""

    def __init__(self, hold: Path, thresholds: Sequence[int]) -> None:
        super().__init__()
        self.hold = hold
        self.pending = sorted(thresholds)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        while self.pending and self.passages_embedded >= self.pending[0]:
            threshold = self.pending.pop(0)
            _emit({"holding": threshold, "passages": self.passages_embedded})
            gate = self.hold.with_name(f"{self.hold.name}.{threshold}")
            while gate.exists():
                time.sleep(0.05)
        return super().embed_passages(texts)


def ingest(corpus: Path, data: Path, hold: Path, thresholds: Sequence[int], rebuild: bool = False) -> None:
    from ingest.runner import run_ingest

    before = hold.with_name(f"{hold.name}.before")
    while before.exists():
        time.sleep(0.05)
    summary = run_ingest(_settings(corpus, data), embedder=HeldHashEmbedder(hold, thresholds), rebuild=rebuild)
    _emit({"done": True, "added": len(summary.added), "chunks": summary.chunks_embedded})


def main() -> None:
    mode, corpus, data = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if mode == "serve":
        serve(corpus, data)
    elif mode == "ingest":
        thresholds = [int(t) for t in sys.argv[5].split(",")] if len(sys.argv) > 5 else []
        ingest(corpus, data, Path(sys.argv[4]), thresholds, rebuild=sys.argv[6:] == ["rebuild"])
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
