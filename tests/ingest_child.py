"""Runs one ingest with the fake embedder in its own process (for kill -9 and permission tests).

usage: python -m tests.ingest_child CORPUS DATA_DIR [SLOW_SECONDS_PER_BATCH]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from config import IngestSettings, Settings, StoreSettings
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder


class SlowHashEmbedder(HashEmbedder):
    """Gives a kill -9 time to land in the middle of the writes."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def embed_passages(self, texts: list[str]) -> np.ndarray:  # type: ignore[override]
        time.sleep(self.delay)
        return super().embed_passages(texts)


def main() -> None:
    corpus, data = Path(sys.argv[1]), Path(sys.argv[2])
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    settings = Settings(store=StoreSettings(data_dir=data), ingest=IngestSettings(corpus_dir=corpus, embed_batch=8))
    summary = run_ingest(settings, embedder=SlowHashEmbedder(delay))
    print(json.dumps(summary.to_dict()), flush=True)


if __name__ == "__main__":
    main()
