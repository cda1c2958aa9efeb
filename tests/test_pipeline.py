"""Ingest behaviour an organiser notices: incremental, idempotent, nothing lost to a bad file."""

from __future__ import annotations

import os
from pathlib import Path

from config import Settings
from index.store import ModelMismatch, Store
from ingest.runner import run_ingest
from tests.conftest import write_corpus
from tests.fakes import HashEmbedder

RETRACTED = """Orvanne pellets: the prefect is asked to act

The Healthy River Network found plastic pellets at 14 sites on the Orvanne. The release was retracted.
"""
KEPT = """Tenants of Fennick Park publish their damp survey

The Fennick Park tenants' union surveyed 212 households about damp and mould this winter.
"""


def ingest(settings: Settings, embedder: HashEmbedder, **kwargs: object):
    return run_ingest(settings, embedder=embedder, store=Store.open(settings.store), **kwargs)  # type: ignore[arg-type]


def search_paths(settings: Settings, embedder: HashEmbedder, text: str) -> set[str]:
    store = Store.open(settings.store)
    releases = store.releases()
    return {
        releases[h.release_id].path for h in store.query(embedder.embed_query(text), 10) if h.release_id in releases
    }


def test_second_run_embeds_nothing(settings: Settings, embedder: HashEmbedder) -> None:
    first = ingest(settings, embedder)
    assert sorted(first.added) == sorted(os.listdir(settings.ingest.corpus_dir))
    assert first.chunks_embedded > 0
    calls = embedder.passages_embedded
    second = ingest(settings, embedder)
    assert second.chunks_embedded == 0
    assert embedder.passages_embedded == calls
    assert len(second.unchanged) == 3 and not second.added and not second.updated


def test_a_rerun_over_an_unchanged_corpus_leaves_the_index_as_it_was(
    settings: Settings, embedder: HashEmbedder
) -> None:
    from index.keyword_index import KeywordIndex
    from index.layout import keyword_dir

    ingest(settings, embedder)
    generation = Store.open(settings.store).generation
    index_files = {p: p.stat().st_mtime_ns for p in keyword_dir(settings).rglob("*") if p.is_file()}
    ingest(settings, embedder)
    # Serving processes reopen on a new generation and the keyword index is rebuilt for it: neither is
    # needed when nothing changed.
    assert Store.open(settings.store).generation == generation
    assert {p: p.stat().st_mtime_ns for p in keyword_dir(settings).rglob("*") if p.is_file()} == index_files
    assert KeywordIndex.load(keyword_dir(settings)) is not None
    (settings.ingest.corpus_dir / "cp_2024-06-20_handover.txt").unlink()
    ingest(settings, embedder)
    assert Store.open(settings.store).generation == generation + 1


def test_changed_file_reembeds_only_itself(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    path = settings.ingest.corpus_dir / "kitchen-survey.md"
    path.write_text(path.read_text().replace("52 primary schools", "58 primary schools"))
    before = embedder.passages_embedded
    summary = ingest(settings, embedder)
    assert summary.updated == ["kitchen-survey.md"]
    assert sorted(summary.unchanged) == ["cp_2024-03-12_petition.txt", "cp_2024-06-20_handover.txt"]
    stored = Store.open(settings.store).releases()
    (kitchen,) = [r for r in stored.values() if r.path == "kitchen-survey.md"]
    assert summary.chunks_embedded == kitchen.chunks == embedder.passages_embedded - before
    texts = Store.open(settings.store).release_texts([kitchen.release_id])
    assert "58 primary schools" in texts[kitchen.release_id]
    assert len(stored) == 3  # the old version is gone


def test_deleted_file_disappears_from_search(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    assert "kitchen-survey.md" in search_paths(settings, embedder, "kitchen survey schools nutritionist")
    (settings.ingest.corpus_dir / "kitchen-survey.md").unlink()
    summary = ingest(settings, embedder)
    assert summary.removed == ["kitchen-survey.md"]
    assert "kitchen-survey.md" not in search_paths(settings, embedder, "kitchen survey schools nutritionist")


def test_a_folder_outside_the_corpus_is_pruned_by_its_own_ingest(
    settings: Settings, embedder: HashEmbedder, tmp_path: Path
) -> None:
    outside = write_corpus(tmp_path / "elsewhere", {"retracted.txt": RETRACTED, "kept.txt": KEPT})
    first = ingest(settings, embedder, paths=[outside])
    assert len(first.added) == 2
    (outside / "retracted.txt").unlink()
    summary = ingest(settings, embedder, paths=[outside])
    assert [Path(p).name for p in summary.removed] == ["retracted.txt"]
    found = {Path(p).name for p in search_paths(settings, embedder, "Orvanne pellets prefect retracted")}
    assert "retracted.txt" not in found


def test_a_plain_ingest_keeps_releases_added_from_another_folder(
    settings: Settings, embedder: HashEmbedder, tmp_path: Path
) -> None:
    outside = write_corpus(tmp_path / "elsewhere", {"kept.txt": KEPT})
    ingest(settings, embedder, paths=[outside])
    summary = ingest(settings, embedder)
    assert summary.removed == []
    assert "kept.txt" in {Path(p).name for p in Store.open(settings.store).releases().values() for p in [p.path]}


def test_several_configured_folders_are_one_corpus(settings: Settings, embedder: HashEmbedder, tmp_path: Path) -> None:
    second = write_corpus(tmp_path / "second", {"retracted.txt": RETRACTED, "kept.txt": KEPT})
    drafts = write_corpus(tmp_path / "drafts", {"draft.txt": KEPT.replace("212", "230")})
    both = settings.model_copy(
        update={"ingest": settings.ingest.model_copy(update={"corpus_dirs": [settings.ingest.corpus_dir, second]})}
    )
    first = ingest(both, embedder)
    assert len(first.added) == 5
    ingest(both, embedder, paths=[drafts])
    (second / "retracted.txt").unlink()
    summary = ingest(both, embedder)
    # Gone from a configured folder: removed. From a folder ingested by hand: not this run's business.
    assert [Path(p).name for p in summary.removed] == ["retracted.txt"]
    names = {Path(r.path).name for r in Store.open(both.store).releases().values()}
    assert {"kept.txt", "draft.txt", "kitchen-survey.md"} <= names and "retracted.txt" not in names


def test_no_prune_keeps_deleted_files(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    (settings.ingest.corpus_dir / "kitchen-survey.md").unlink()
    summary = ingest(settings, embedder, prune=False)
    assert summary.removed == []
    assert "kitchen-survey.md" in search_paths(settings, embedder, "kitchen survey schools nutritionist")


def test_same_content_under_two_names_is_stored_once(settings: Settings, embedder: HashEmbedder) -> None:
    corpus = settings.ingest.corpus_dir
    (corpus / "copy of petition.txt").write_bytes((corpus / "cp_2024-03-12_petition.txt").read_bytes())
    summary = ingest(settings, embedder)
    stored = Store.open(settings.store).releases()
    assert len(stored) == 3
    (petition,) = [r for r in stored.values() if "copy of petition.txt" in r.paths]
    assert set(petition.paths) == {"copy of petition.txt", "cp_2024-03-12_petition.txt"}
    assert summary.chunks_embedded == sum(r.chunks for r in stored.values())


def test_renamed_file_is_not_reembedded(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    corpus = settings.ingest.corpus_dir
    (corpus / "kitchen-survey.md").rename(corpus / "2023-kitchen-survey.md")
    summary = ingest(settings, embedder)
    assert summary.chunks_embedded == 0
    paths = {r.path for r in Store.open(settings.store).releases().values()}
    assert "2023-kitchen-survey.md" in paths and "kitchen-survey.md" not in paths


def test_a_file_that_breaks_keeps_its_previous_version(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    (settings.ingest.corpus_dir / "kitchen-survey.md").write_bytes(b"")
    summary = ingest(settings, embedder)
    assert [s.path for s in summary.skipped] == ["kitchen-survey.md"]
    assert "kitchen-survey.md" in search_paths(settings, embedder, "kitchen survey schools nutritionist")


def test_another_model_is_refused_with_rebuild_hint(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    other = HashEmbedder(name="test/other-model")
    try:
        ingest(settings, other)
    except ModelMismatch as exc:
        assert "pressroom ingest --rebuild" in str(exc)
    else:
        raise AssertionError("mixing embedding models was not refused")
    rebuilt = ingest(settings, other, rebuild=True)
    assert len(rebuilt.added) == 3
    assert Store.open(settings.store).embedding_model == "test/other-model"


def test_subfolders_are_walked(settings: Settings, embedder: HashEmbedder) -> None:
    sub = settings.ingest.corpus_dir / "2024" / "june"
    sub.mkdir(parents=True)
    (settings.ingest.corpus_dir / "cp_2024-06-20_handover.txt").rename(sub / "handover.txt")
    summary = ingest(settings, embedder)
    assert "2024/june/handover.txt" in summary.added


def test_keyword_index_follows_the_store(settings: Settings, embedder: HashEmbedder, tmp_path: Path) -> None:
    from index.keyword_index import KeywordIndex
    from index.layout import keyword_dir

    ingest(settings, embedder)
    index = KeywordIndex.load(keyword_dir(settings))
    assert index is not None and index.generation == Store.open(settings.store).generation
    hits = index.search("Marchetti vice-president", 3)
    store = Store.open(settings.store)
    (top,) = store.chunks_by_id([hits[0][0]])
    text = store.release_texts([top.release_id])[top.release_id]
    assert "Odile Marchetti" in text[top.start : top.end]


def test_a_store_written_before_the_offsets_were_packed_still_answers(
    settings: Settings, embedder: HashEmbedder
) -> None:
    ingest(settings, embedder)
    store = Store.open(settings.store)
    hits = list(store.iter_chunks())
    # Rewrite every chunk's metadata as the previous version did: one key per offset.
    store._chunks.update(
        ids=[h.chunk_id for h in hits],
        metadatas=[
            {
                "pos": None,
                "release": h.release_id,
                "paragraph": h.paragraph,
                "start": h.start,
                "end": h.end,
                "wstart": h.window_start,
                "wend": h.window_end,
                "date": 20240312,
            }
            for h in hits
        ],
    )
    (meta,) = store._chunks.get(ids=[hits[0].chunk_id], include=["metadatas"])["metadatas"]
    assert "pos" not in meta and meta["wend"] == hits[0].window_end
    again = Store.open(settings.store, fresh=True)
    assert sorted(again.iter_chunks(), key=lambda h: h.chunk_id) == sorted(hits, key=lambda h: h.chunk_id)
    assert "kitchen-survey.md" in search_paths(settings, embedder, "kitchen survey schools nutritionist")
