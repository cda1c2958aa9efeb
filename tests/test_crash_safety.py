"""kill -9 in the middle of an ingest: the store still opens and answers, and a rerun converges."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import StoreSettings
from index.store import Store
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def generate_corpus(folder: Path, n: int, *, variant: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"release-{i:03d}.txt").write_text(
            f"Campaign update number {i}{variant}\n\n"
            f"LYON, {1 + i % 28} March 2024 – Group {i} announced that {100 + i} people signed its petition.\n\n"
            f"The petition for cause {i} asks the council to act before the summer.{variant}\n\n"
            f'"We will keep going," said spokesperson Alex Martin-{i}.',
            encoding="utf-8",
        )


def run_child(corpus: Path, data: Path, delay: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ingest_child", str(corpus), str(data), str(delay)],
        cwd=os.getcwd(),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def snapshot(data: Path) -> dict[str, object]:
    store = Store.open(StoreSettings(data_dir=data))
    releases = store.releases()
    chunks = sorted((h.chunk_id, h.start, h.end) for h in store.iter_chunks())
    return {"releases": sorted((r.release_id, r.paths) for r in releases.values()), "chunks": chunks}


def check_consistent(data: Path) -> None:
    """Opens, answers a query, and every visible release has all of its chunks."""
    store = Store.open(StoreSettings(data_dir=data))
    releases = store.releases()
    per_release: dict[str, int] = {}
    for hit in store.iter_chunks():
        per_release[hit.release_id] = per_release.get(hit.release_id, 0) + 1
    for rid, rec in releases.items():
        assert per_release.get(rid) == rec.chunks, f"release {rec.path} is half-present"
    if releases:
        hits = store.query(HashEmbedder().embed_query("petition signed council"), 5)
        assert hits


@pytest.mark.parametrize("kill_after", [0.8, 1.6])
def test_kill_9_leaves_a_consistent_store_and_a_rerun_converges(tmp_path: Path, kill_after: float) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 120)
    data = tmp_path / "data"
    # A first complete ingest, then a changed corpus, so the kill lands in an update, not just an add.
    first = run_child(corpus, data)
    assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    generate_corpus(corpus, 120, variant=" (revised)")
    child = run_child(corpus, data, delay=0.05)
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    check_consistent(data)

    rerun = run_child(corpus, data)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    json.loads(out.strip().splitlines()[-1])
    check_consistent(data)

    clean = tmp_path / "clean"
    done = run_child(corpus, clean)
    assert done.wait(timeout=300) == 0
    assert snapshot(data) == snapshot(clean)
