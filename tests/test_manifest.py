"""A rerun reads only files that changed since the last ingest, and never trusts the shortcut blindly."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from config import Settings
from index.layout import manifest_dir
from index.store import Store
from ingest import pipeline
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder


def ingest(settings: Settings, embedder: HashEmbedder, paths: tuple[Path, ...] = (), **kwargs: object):
    return run_ingest(settings, paths, embedder=embedder, store=Store.open(settings.store), **kwargs)  # type: ignore[arg-type]


def settle(folder: Path) -> None:
    """Files written a minute ago: the manifest does not trust a file modified in the last seconds."""
    past = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    load_file = pipeline.load_file

    def counting(path: Path, **kwargs: object):
        read.append(path.name)
        return load_file(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_file", counting)
    return read


def test_a_rerun_reads_only_the_file_that_changed(settings: Settings, embedder: HashEmbedder, reads: list[str]) -> None:
    corpus = settings.ingest.corpus_dir
    settle(corpus)
    ingest(settings, embedder)
    assert len(reads) == 3
    reads.clear()

    summary = ingest(settings, embedder)
    assert reads == [] and len(summary.unchanged) == 3

    path = corpus / "kitchen-survey.md"
    # Same size, new content: the modification time gives it away.
    path.write_text(path.read_text(encoding="utf-8").replace("52 primary", "57 primary"), encoding="utf-8")
    summary = ingest(settings, embedder)
    assert reads == ["kitchen-survey.md"] and summary.updated == ["kitchen-survey.md"]
    texts = Store.open(settings.store).release_texts(list(Store.open(settings.store).releases()))
    assert any("57 primary schools" in t for t in texts.values())


def test_a_file_just_written_is_read_again_until_it_settles(
    settings: Settings, embedder: HashEmbedder, reads: list[str]
) -> None:
    ingest(settings, embedder)  # the fixture's files were written a moment ago
    reads.clear()
    ingest(settings, embedder)
    assert sorted(reads) == sorted(p.name for p in settings.ingest.corpus_dir.iterdir())


def test_a_release_the_store_lost_is_read_again(settings: Settings, embedder: HashEmbedder, reads: list[str]) -> None:
    settle(settings.ingest.corpus_dir)
    ingest(settings, embedder)
    store = Store.open(settings.store)
    (kitchen,) = [r.release_id for r in store.releases().values() if r.path == "kitchen-survey.md"]
    store.remove_release(kitchen)  # e.g. another machine's ingest into a shared Chroma server
    reads.clear()
    summary = ingest(settings, embedder)
    assert reads == ["kitchen-survey.md"] and summary.added == ["kitchen-survey.md"]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"kitchen-survey.md": 3}'])
def test_a_damaged_manifest_means_reading_everything(
    settings: Settings, embedder: HashEmbedder, reads: list[str], damage: bytes
) -> None:
    settle(settings.ingest.corpus_dir)
    ingest(settings, embedder)
    (manifest_dir(settings) / "files.json").write_bytes(damage)
    reads.clear()
    summary = ingest(settings, embedder)
    assert len(reads) == 3 and len(summary.unchanged) == 3 and not summary.removed
    reads.clear()
    ingest(settings, embedder)  # and it is written again
    assert reads == []


def test_files_read_by_older_loaders_are_read_again_once(
    settings: Settings, embedder: HashEmbedder, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An upgrade whose loaders read files differently reaches the releases already ingested; a file whose
    # text comes out the same is not embedded again.
    settle(settings.ingest.corpus_dir)
    ingest(settings, embedder)
    monkeypatch.setattr(pipeline, "READER_VERSION", pipeline.READER_VERSION + 1)
    reads.clear()
    summary = ingest(settings, embedder)
    assert len(reads) == 3 and len(summary.unchanged) == 3 and summary.chunks_embedded == 0
    reads.clear()
    ingest(settings, embedder)
    assert reads == []


def test_ingesting_one_folder_keeps_the_others_entries(
    settings: Settings, embedder: HashEmbedder, reads: list[str]
) -> None:
    corpus = settings.ingest.corpus_dir
    (corpus / "2024").mkdir()
    (corpus / "cp_2024-06-20_handover.txt").rename(corpus / "2024" / "handover.txt")
    settle(corpus)
    ingest(settings, embedder)
    ingest(settings, embedder, (corpus / "2024",))
    reads.clear()
    ingest(settings, embedder)
    assert reads == []


def test_rebuild_reads_everything(settings: Settings, embedder: HashEmbedder, reads: list[str]) -> None:
    settle(settings.ingest.corpus_dir)
    ingest(settings, embedder)
    reads.clear()
    summary = ingest(settings, embedder, rebuild=True)
    assert len(reads) == 3 and len(summary.added) == 3
