"""Ingest while serving, embedded store: one writer at a time, and a reader that catches up without restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

from config import IngestSettings, Settings, StoreSettings
from index.lock import GenerationMarker, IngestBusy, ingest_lock
from index.store import Store, StoreError
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent
MARKER = "Quillmore"
# Words found only in the releases the concurrent ingest adds: dense and keyword search both point there.
MARKER_QUESTION = f"How many new stops for Brambleton did the {MARKER} Zephyrine tram coalition announce?"

pytestmark = pytest.mark.slow


def write_base(corpus: Path, n: int) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (corpus / f"base-{i:03d}.txt").write_text(
            f"Petition update for group {i}\n\n"
            f"LYON, {1 + i % 28} March 2024 – The Lyon cycling group {i} asks the council for a protected "
            f"cycle lane.\n\n"
            # Not 1200 + i: figures from 1200 to 1239 read as years to the answerer, not as counts.
            f"The petition of the Lyon cycling group {i} has reached {5200 + i} signatures.\n\n"
            f'"We will keep going until the council listens to us," said spokesperson Alex Martin-{i}.',
            encoding="utf-8",
        )


def base_question(i: int) -> str:
    return f"How many signatures has the petition of the Lyon cycling group {i} reached?"


def write_marked(corpus: Path, n: int) -> None:
    for i in range(n):
        (corpus / f"new-{i:03d}.txt").write_text(
            f"{MARKER} coalition update {i}\n\n"
            f"BRAMBLETON, {1 + i % 28} May 2025 – The {MARKER} Zephyrine tram coalition announced {i + 3} "
            f"new stops for Brambleton.\n\n"
            f"The {MARKER} coalition says the Zephyrine line will carry {1000 + i} riders a day from 2027.\n\n"
            f'"Brambleton deserves its tram," said {MARKER} chair Noor Halvard-{i} at the town hall.',
            encoding="utf-8",
        )


def settings_for(corpus: Path, data: Path) -> Settings:
    return Settings(store=StoreSettings(data_dir=data), ingest=IngestSettings(corpus_dir=corpus))


def child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=os.getcwd(),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def read_json(stream: IO[str] | None, what: str) -> dict[str, Any]:
    assert stream is not None
    line = stream.readline()
    assert line, f"the child exited before {what}"
    return dict(json.loads(line))


def wait_for(proc: subprocess.Popen[str], key: str) -> dict[str, Any]:
    """The next JSON line holding `key` (children print one JSON object a line on stdout)."""
    while True:
        record = read_json(proc.stdout, key)
        if key in record:
            return record


def finish(proc: subprocess.Popen[str], timeout: float = 60) -> tuple[str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return out, err


def gate(hold: Path, name: int | str) -> Path:
    path = hold.with_name(f"{hold.name}.{name}")
    path.touch()
    return path


def ask(server: subprocess.Popen[str], question: str) -> dict[str, Any]:
    assert server.stdin is not None
    server.stdin.write(question + "\n")
    server.stdin.flush()
    return read_json(server.stdout, f"the answer to {question!r}")


def test_answers_keep_flowing_while_another_process_ingests(tmp_path: Path) -> None:
    corpus, data, hold = tmp_path / "corpus", tmp_path / "data", tmp_path / "hold"
    start, late = gate(hold, "before"), gate(hold, 840)
    # Started first, so that it imports chromadb meanwhile; it starts ingesting when `start` goes.
    ingest = child("tests.serve_child", "ingest", str(corpus), str(data), str(hold), "840")
    server = None
    try:
        write_base(corpus, 40)
        run_ingest(settings_for(corpus, data), embedder=HashEmbedder())
        write_marked(corpus, 300)  # 900 passages
        server = child("tests.serve_child", "serve", str(corpus), str(data))
        assert wait_for(server, "ready")["releases"] == 40
        # The ingest writes from here on; it stops at the late gate, still holding the lock.
        start.unlink()

        answers: list[dict[str, Any]] = []
        for i in range(200):
            answers.append(ask(server, MARKER_QUESTION if i % 2 else base_question(i // 2 % 40)))
            time.sleep(0.005)
        assert wait_for(ingest, "holding")["holding"] == 840
        assert ingest.poll() is None
        errors = [a for a in answers if a["error"]]
        assert not errors, errors[:3]
        # Each question is about one old release: it is cited, or listed among the closest. (Which of 40
        # releases that differ by one number is quoted first is the fake embedder's noise, not the store's.)
        answered = sum(1 for i, a in enumerate(answers[::2]) if f"base-{i % 40:03d}.txt" in a["found"])
        assert answered >= 80, f"only {answered} of 100 questions on the old releases were answered"

        late.unlink()
        assert wait_for(ingest, "done")["added"] == 300
        _, err = finish(ingest)
        assert ingest.returncode == 0, err

        last = [ask(server, MARKER_QUESTION) for _ in range(3)]
        assert not [a for a in last if a["error"]], last
        for answer in last:
            assert any(p.startswith("new-") for p in answer["found"]), answer
            # Dense search too, not just the keyword index: the embedded store was reopened.
            assert any(p.startswith("new-") for p in answer["dense"]), answer
    finally:
        for path in (start, late):
            path.unlink(missing_ok=True)
        for proc in (server, ingest):
            if proc is not None and proc.poll() is None:
                finish(proc, timeout=30)  # closes the server's stdin: it exits


def test_answers_keep_flowing_while_another_process_rebuilds(tmp_path: Path) -> None:
    corpus, data, hold = tmp_path / "corpus", tmp_path / "data", tmp_path / "hold"
    start, middle = gate(hold, "before"), gate(hold, 64)
    rebuild = child("tests.serve_child", "ingest", str(corpus), str(data), str(hold), "64", "rebuild")
    server = None
    try:
        write_base(corpus, 40)
        run_ingest(settings_for(corpus, data), embedder=HashEmbedder())
        server = child("tests.serve_child", "serve", str(corpus), str(data))
        assert wait_for(server, "ready")["releases"] == 40
        start.unlink()
        # The rebuild has written part of its new build and holds the lock: the old build is served.
        assert wait_for(rebuild, "holding")["holding"] == 64
        during = [ask(server, base_question(i)) for i in range(40)]
        assert not [a for a in during if a["error"]], during[:3]
        answered = sum(1 for i, a in enumerate(during) if f"base-{i:03d}.txt" in a["found"])
        assert answered >= 32, f"only {answered} of 40 questions answered during the rebuild"

        middle.unlink()
        assert wait_for(rebuild, "done")["added"] == 40
        _, err = finish(rebuild)
        assert rebuild.returncode == 0, err
        after = [ask(server, base_question(i)) for i in range(10)]
        assert not [a for a in after if a["error"]], after[:3]
        assert all(a["dense"] for a in after)  # the server reads the new build

        # The replaced build goes at the next ingest, once readers have had the time to move.
        store = Store.open(settings_for(corpus, data).store)
        assert len(store._builds()) == 2
        run_ingest(settings_for(corpus, data), embedder=HashEmbedder())
        assert len(Store.open(settings_for(corpus, data).store, fresh=True)._builds()) == 1
        assert not [a for a in (ask(server, base_question(i)) for i in range(5)) if a["error"]]
    finally:
        for path in (start, middle):
            path.unlink(missing_ok=True)
        for proc in (server, rebuild):
            if proc is not None and proc.poll() is None:
                finish(proc, timeout=30)


def test_a_second_ingest_waits_for_the_first(tmp_path: Path) -> None:
    corpus, data, hold = tmp_path / "corpus", tmp_path / "data", tmp_path / "hold"
    write_base(corpus, 20)
    held = gate(hold, 30)
    first = child("tests.serve_child", "ingest", str(corpus), str(data), str(hold), "30")
    # The second ingest runs here, in a thread: this process has chromadb loaded already, so it reaches
    # the lock at once (flock also excludes two opens of the file within one process).
    second: dict[str, Any] = {}

    def run_second() -> None:
        try:
            second["summary"] = run_ingest(settings_for(corpus, data), embedder=HashEmbedder(), lock_timeout=120)
        except Exception as exc:  # reported by the assertions below
            second["error"] = exc

    thread = threading.Thread(target=run_second)
    try:
        wait_for(first, "holding")  # half-way through its writes, holding the lock
        thread.start()
        thread.join(timeout=2.0)
        assert thread.is_alive(), f"the second ingest did not wait for the first: {second}"
        held.unlink()
        assert wait_for(first, "done")["added"] == 20
        _, err = finish(first)
        assert first.returncode == 0, err
        thread.join(timeout=60)
        assert "error" not in second, second
        # It ran after the first had finished: nothing left for it to add.
        assert not second["summary"].added and second["summary"].chunks_embedded == 0
    finally:
        held.unlink(missing_ok=True)
        if first.poll() is None:
            first.kill()
            finish(first)
        thread.join(timeout=60)
    store = Store.open(StoreSettings(data_dir=data), fresh=True)
    releases = store.releases()
    assert len(releases) == 20
    per_release: dict[str, int] = {}
    for hit in store.iter_chunks():
        per_release[hit.release_id] = per_release.get(hit.release_id, 0) + 1
    assert {rid: rec.chunks for rid, rec in releases.items()} == per_release


def test_a_busy_lock_times_out_with_a_clear_message(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_base(corpus, 2)
    # The wait comes from the setting (PRESSROOM_LOCK_TIMEOUT_S).
    settings = Settings(
        store=StoreSettings(data_dir=data), ingest=IngestSettings(corpus_dir=corpus, lock_timeout_s=0.3)
    )
    with ingest_lock(data), pytest.raises(IngestBusy) as raised:
        run_ingest(settings, embedder=HashEmbedder())
    message = str(raised.value)
    assert "another ingest is writing" in message and "process" in message and "/reindex" in message
    # The lock is released with its holder: the next ingest goes through.
    assert len(run_ingest(settings_for(corpus, data), embedder=HashEmbedder(), lock_timeout=0.3).added) == 2


def test_an_ingest_leaves_a_generation_marker(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_base(corpus, 2)
    marker = GenerationMarker(data)
    run_ingest(settings_for(corpus, data), embedder=HashEmbedder())
    first, content = marker.state(), marker.read()
    assert first is not None and content is not None
    assert content["generation"] == Store.open(StoreSettings(data_dir=data)).generation
    run_ingest(settings_for(corpus, data), embedder=HashEmbedder())
    assert marker.state() != first
    assert not list(data.glob(".generation-*")), "a temporary marker file was left behind"


def test_the_reader_reopens_only_when_it_is_safe_and_keeps_a_working_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.retrieve import Retriever

    corpus, data = tmp_path / "corpus", tmp_path / "data"
    settings = settings_for(corpus, data)
    write_base(corpus, 5)
    run_ingest(settings, embedder=HashEmbedder())
    retriever = Retriever.from_settings(settings, HashEmbedder())
    first = retriever.store
    assert not retriever.refresh()  # nothing changed: no reload

    marker = GenerationMarker(data)
    with ingest_lock(data):  # an ingest is writing: the marker moved (an earlier one ended) but wait
        marker.write(first.generation, settings.store.collection)
        assert not retriever.refresh() and not retriever.refresh()
        assert retriever.store is first
    assert retriever.refresh()  # the lock is free: reopened
    second = retriever.store
    assert second is not first

    def broken(self: Store, probes: int = 5) -> None:
        raise StoreError("the vector index is broken")

    monkeypatch.setattr(Store, "check_index", broken)
    marker.write(second.generation, settings.store.collection)
    retriever.refresh()
    assert retriever.store is second, "a reopened store that fails its check must not replace a working one"
    assert "keeping the previous one" in caplog.text
    assert not retriever.refresh(), "a failed reopen is retried at the next ingest, not at every question"
    assert [p.path for p in retriever.search(base_question(3), 3)][:1] == ["base-003.txt"]
