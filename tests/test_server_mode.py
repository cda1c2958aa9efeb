"""Server mode against a real `chroma run`, and the vector index surviving a restart above 1,000 vectors.

chromadb 1.5.9 has an open report (chroma-core/chroma#7090) of the HNSW index failing to load after a
server restart once a collection holds more than ~1,000 embeddings (`sync_threshold` is 1000: the index is
first written to disk at that size). These tests restart a server, and reopen an embedded store in a new
process, above that size; and check that `Store.check_index` turns a damaged index into a clear error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.engine import AnswerEngine
from config import IngestSettings, Settings, StoreSettings
from index.store import Store, StoreError
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder

if TYPE_CHECKING:
    # Only for annotations: pytest_plugins loads the module itself, with assertion rewriting.
    from tests.chroma_server import ChromaServer

pytest_plugins = ["tests.chroma_server"]
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BIG = 120  # releases of 10 passages each: 1,200 vectors, above chromadb's sync_threshold of 1,000
_SYLLABLES = ("ba", "ke", "di", "lo", "mu", "sa", "te", "ri", "no", "vu")


def name(i: int) -> str:
    """A made-up name per release, distinct in its first six letters (all the fake embedder reads)."""
    return (_SYLLABLES[i // 100 % 10] + _SYLLABLES[i // 10 % 10] + _SYLLABLES[i % 10]).capitalize()


def figure_sentence(i: int) -> str:
    return f"The petition of the {name(i)} Association has reached {1200 + i} signatures."


def figure_question(i: int) -> str:
    return f"How many signatures has the petition of the {name(i)} Association reached?"


def write_big_corpus(folder: Path, n: int = BIG) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        c = name(i)
        sentences = [
            f"The {c} Association announced a new campaign for the river district today.",
            figure_sentence(i),
            f"The mayor met the {c} delegation on Tuesday to discuss the proposed cycle lanes.",
            f"A spokesperson for {c} said the group expects a council vote before the summer break.",
            f"The {c} petition asks for safer crossings near the primary schools of the district.",
            f"Local shops supporting {c} will display posters in their windows until the end of May.",
            f"The association {c} was founded in {1990 + i % 30} by a group of parents and teachers.",
            f"Members of {c} will hold a public meeting in the community hall next Thursday evening.",
            f"Funding for the {c} campaign comes entirely from membership fees and small donations.",
            f"Further information about {c} is available from its press office during working hours.",
        ]
        (folder / f"release-{i:03d}.txt").write_text(
            f"{c} campaign update\n\n" + "\n\n".join(sentences), encoding="utf-8"
        )


def found(store: Store, i: int) -> bool:
    """Dense search alone finds release i from one of its sentences."""
    releases = store.releases()
    hits = store.query(HashEmbedder().embed_query(figure_sentence(i)), 5)
    return f"release-{i:03d}.txt" in {releases[h.release_id].path for h in hits if h.release_id in releases}


def cited(engine: AnswerEngine, question: str) -> list[str]:
    return [c.path for c in engine.answer(question).citations]


def retrieved(engine: AnswerEngine, i: int) -> bool:
    """The engine's retrieval (dense and keyword) puts release i among its five passages.

    Not its answer: with the fake embedder the extractive answerer picks a wrong twin now and then.
    """
    engine.retriever.refresh()
    return f"release-{i:03d}.txt" in [p.path for p in engine.retriever.search(figure_question(i), 5)]


# -- server mode ----------------------------------------------------------------------------------------


def server_settings(server: ChromaServer, tmp_path: Path, corpus: Path, collection: str) -> Settings:
    return Settings(
        store=StoreSettings(chroma_url=server.url, data_dir=tmp_path / "data", collection=collection),
        ingest=IngestSettings(corpus_dir=corpus),
    )


def test_ingest_and_answer_through_a_server(chroma_server: ChromaServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_big_corpus(corpus, 5)
    settings = server_settings(chroma_server, tmp_path, corpus, "answers")
    assert len(run_ingest(settings, embedder=HashEmbedder()).added) == 5
    engine = AnswerEngine.from_settings(settings, embedder=HashEmbedder())
    assert engine.retriever.store.location == chroma_server.url
    answer = engine.answer(figure_question(3))
    assert answer.answered and answer.citations[0].path == "release-003.txt", answer.answer
    assert "1203 signatures" in answer.citations[0].quote

    # An ingest from elsewhere (another data folder, as from an ingest container): the engine sees the
    # new release at its next question, without a marker or a restart: the server has one index.
    write_big_corpus(corpus, 6)
    elsewhere = server_settings(chroma_server, tmp_path / "elsewhere", corpus, "answers")
    assert run_ingest(elsewhere, embedder=HashEmbedder()).added == ["release-005.txt"]
    assert cited(engine, figure_question(5))[:1] == ["release-005.txt"]
    assert any(r.path == "release-005.txt" for r in engine.releases())


def test_more_than_1000_vectors_survive_a_server_restart(chroma_server: ChromaServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_big_corpus(corpus)
    settings = server_settings(chroma_server, tmp_path, corpus, "big")
    summary = run_ingest(settings, embedder=HashEmbedder())
    assert summary.chunks_embedded == 10 * BIG > 1000

    chroma_server.restart()
    store = Store.open(settings.store)
    info = store.info()
    assert (info.releases, info.chunks) == (BIG, 10 * BIG)
    store.check_index()
    assert all(found(store, i) for i in (0, 1, 57, 99, BIG - 1))
    engine = AnswerEngine.from_settings(settings, embedder=HashEmbedder())
    assert all(retrieved(engine, i) for i in (2, 38, 73, 111))

    # Writes after the restart (an update replaces 20 releases: 200 deletions, 200 additions), and again.
    for i in range(20):
        path = corpus / f"release-{i:03d}.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("today.", "this morning."), encoding="utf-8")
    assert len(run_ingest(settings, embedder=HashEmbedder()).updated) == 20
    chroma_server.restart()
    store = Store.open(settings.store)
    assert store.info().chunks == 10 * BIG
    store.check_index()
    assert all(found(store, i) for i in (0, 19, 20, BIG - 1))


# -- embedded store -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """1,200 vectors written by another process, which has exited: a restart, for the embedded store."""
    root = tmp_path_factory.mktemp("embedded")
    corpus, data = root / "corpus", root / "data"
    write_big_corpus(corpus)
    done = subprocess.run(
        [sys.executable, "-m", "tests.serve_child", "ingest", str(corpus), str(data), str(root / "hold")],
        cwd=os.getcwd(),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    yield Settings(store=StoreSettings(data_dir=data), ingest=IngestSettings(corpus_dir=corpus))


def test_more_than_1000_vectors_survive_reopening_the_embedded_store(big_embedded: Settings) -> None:
    store = Store.open(big_embedded.store, fresh=True)
    info = store.info()
    assert (info.releases, info.chunks) == (BIG, 10 * BIG)
    store.check_index()
    assert all(found(store, i) for i in (0, 1, 57, 99, BIG - 1))
    engine = AnswerEngine.from_settings(big_embedded, embedder=HashEmbedder())
    assert all(retrieved(engine, i) for i in (2, 38, 42, 111))


def damaged_copy(settings: Settings, tmp_path: Path, damage: str) -> Settings:
    data = tmp_path / "data"
    shutil.copytree(settings.store.data_dir, data)
    pickles = list((data / "chroma").glob("*/index_metadata.pickle"))
    if len(pickles) != 1:
        pytest.skip("chromadb's on-disk HNSW layout is not the one these tests damage (1.5.x)")
    if damage == "lost":
        pickles[0].unlink()  # the index loads without its vectors: count() is right, queries return nothing
    else:
        with pickles[0].open("r+b") as f:  # a torn write: loading the index raises
            f.truncate(100)
    return Settings(store=StoreSettings(data_dir=data), ingest=settings.ingest)


@pytest.mark.parametrize("damage", ["lost", "torn"])
def test_a_damaged_vector_index_is_refused_with_the_fix(big_embedded: Settings, tmp_path: Path, damage: str) -> None:
    settings = damaged_copy(big_embedded, tmp_path, damage)
    store = Store.open(settings.store, fresh=True)
    if damage == "lost":
        assert store.info().chunks == 10 * BIG  # what a count-only check would accept
    with pytest.raises(StoreError) as raised:
        store.check_index()
    assert "pressroom ingest --rebuild" in str(raised.value)
    with pytest.raises(StoreError):
        AnswerEngine.from_settings(settings, embedder=HashEmbedder())
    # The advertised fix works.
    run_ingest(settings, rebuild=True, embedder=HashEmbedder())
    repaired = Store.open(settings.store, fresh=True)
    repaired.check_index()
    assert found(repaired, 7)
