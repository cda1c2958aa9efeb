"""The keyword index after adds, removals and damage finds what a fresh build finds, re-reading only news."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings
from index.keyword_index import KeywordIndex, Tokenizer
from index.keyword_tokens import TokenCache
from index.layout import keyword_dir
from index.store import Store
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder

QUERIES = ["Marchetti vice-president", "pétition signatures", "kitchen survey schools", "audit cantines"]

EXTRA = """COMMUNIQUÉ DE PRESSE — 2 septembre 2024

Le collectif Cantines Ouvertes publie un audit indépendant des cantines de Lyon, réalisé par le cabinet
Nutrimétrie. Sur 40 cantines visitées, 31 servent un menu végétarien chaque semaine.
"""


def ingest(settings: Settings, embedder: HashEmbedder) -> None:
    run_ingest(settings, embedder=embedder, store=Store.open(settings.store))  # type: ignore[arg-type]


def results(index: KeywordIndex) -> dict[str, list[tuple[str, float]]]:
    return {q: [(cid, round(score, 4)) for cid, score in index.search(q, 5)] for q in QUERIES}


def fresh(settings: Settings) -> KeywordIndex:
    return KeywordIndex.build(Store.open(settings.store))


def test_adding_a_release_reads_only_that_release(
    settings: Settings, embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(settings, embedder)
    before = set(Store.open(settings.store).releases())
    read: list[str] = []
    chunks_of = Store.chunks_of

    def recording(self: Store, chunk_counts: dict[str, int]) -> list:
        read.extend(chunk_counts)
        return chunks_of(self, chunk_counts)

    monkeypatch.setattr(Store, "chunks_of", recording)
    (settings.ingest.corpus_dir / "cp_2024-09-02_audit.txt").write_text(EXTRA, encoding="utf-8")
    ingest(settings, embedder)

    store = Store.open(settings.store)
    assert read == list(set(store.releases()) - before)
    cache = TokenCache.load(keyword_dir(settings))
    assert set(cache.releases) == set(store.releases())
    assert cache.update(store, store.releases(), Tokenizer()) == 0

    index = KeywordIndex.load(keyword_dir(settings))
    assert index is not None
    assert results(index) == results(fresh(settings))
    (top,) = store.chunks_by_id([index.search("audit cantines Nutrimétrie", 1)[0][0]])
    text = store.release_texts([top.release_id])[top.release_id]
    assert "Nutrimétrie" in text[top.start : top.end]


def test_a_removed_release_leaves_no_trace_in_the_scores(settings: Settings, embedder: HashEmbedder) -> None:
    ingest(settings, embedder)
    (gone,) = [r.release_id for r in Store.open(settings.store).releases().values() if "handover" in r.path]
    (settings.ingest.corpus_dir / "cp_2024-06-20_handover.txt").unlink()
    ingest(settings, embedder)
    index = KeywordIndex.load(keyword_dir(settings))
    assert index is not None
    # Same chunks, same scores (idf and average length included) as an index built from scratch.
    assert results(index) == results(fresh(settings))
    assert not [cid for cid in index.chunk_ids if cid.startswith(gone)]
    assert gone not in TokenCache.load(keyword_dir(settings)).releases


@pytest.mark.parametrize("damage", ["truncate", "format"])
def test_damaged_saved_tokens_are_read_again(settings: Settings, embedder: HashEmbedder, damage: str) -> None:
    ingest(settings, embedder)
    folder = keyword_dir(settings)
    if damage == "truncate":
        tokens = folder / "tokens.npy"
        tokens.write_bytes(tokens.read_bytes()[:100])
    else:
        meta = folder / "tokens.json"
        meta.write_text(meta.read_text(encoding="utf-8").replace('"format": 1', '"format": 0'), encoding="utf-8")
    assert TokenCache.load(folder).releases == {}
    (settings.ingest.corpus_dir / "cp_2024-09-02_audit.txt").write_text(EXTRA, encoding="utf-8")
    ingest(settings, embedder)
    index = KeywordIndex.load(folder)
    assert index is not None and results(index) == results(fresh(settings))


def test_words_only_removed_releases_used_are_forgotten(tmp_path: Path) -> None:
    cache = TokenCache()
    cache._add("a", ["a:0"], [["petit", "audit"]])
    cache._add("b", ["b:0", "b:1"], [["cantin", "lyon", "menu"], ["vegetarien", "semain", "menu"]])
    ids, tokens, lengths = cache.documents()
    assert ids == ["a:0", "b:0", "b:1"] and list(lengths) == [2, 3, 3] and len(tokens) == 8
    cache.releases.pop("b")
    cache._compact()
    assert cache.vocab == {"petit": 0, "audit": 1}
    cache.save(tmp_path)
    again = TokenCache.load(tmp_path)
    assert again.vocab == cache.vocab and list(again.releases["a"].tokens) == [0, 1]


def test_the_flat_build_scores_exactly_as_bm25s_own() -> None:
    import bm25s
    import numpy as np

    from index.keyword_index import FlatBM25, FlatCorpus

    tokenizer = Tokenizer()
    texts = [
        "La pétition a recueilli 12 500 signatures en trois semaines.",
        "The petition reached 12,500 signatures; the council will debate it in March.",
        "Le cabinet Nutrimétrie a réalisé l'audit des cantines de Lyon.",
        "",
        "Signatures, signatures, signatures: the audit counted every one of them.",
    ]
    docs = [tokenizer.document(t, "fr" if i % 2 == 0 else "en") or ["∅"] for i, t in enumerate(texts)]
    cache = TokenCache()
    cache._add("r", [f"r:{i}" for i in range(len(docs))], docs)
    _, tokens, lengths = cache.documents()
    flat = FlatBM25()
    flat.index(FlatCorpus((tokens, lengths), dict(cache.vocab)), show_progress=False)
    reference = bm25s.BM25()
    reference.index(docs, show_progress=False)
    for query in ("pétition signatures", "audit cantines Lyon", "council debate March", "signatures"):
        words = [w for w in tokenizer.query(query) if w in cache.vocab]
        assert np.allclose(flat.get_scores(words), reference.get_scores(words), atol=1e-6), query
        assert flat.get_scores(words).max() > 0
