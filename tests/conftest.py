from __future__ import annotations

import os
from pathlib import Path

import pytest

from config import IngestSettings, Settings, StoreSettings
from index.embedding import LocalE5Embedder
from tests.fakes import HashEmbedder

RELEASES = {
    "cp_2024-03-12_petition.txt": """Petition for the Vaucenne line reaches 12,400 signatures

FOR IMMEDIATE RELEASE

LORMEUIL, 12 March 2024 – The Friends of the Vaucenne Line said today that their petition to keep the
regional railway open has reached 12,400 signatures in six weeks.

"People here depend on this train to reach work and hospital," said spokesperson Amira Castell.

The petition asks the regional council to fund track repairs before the autumn timetable.

About the Friends of the Vaucenne Line: a volunteer association of rail users founded in 2019.

###
Contact: press@vaucenne.example.org | +33 1 99 00 12 34
""",
    "cp_2024-06-20_handover.txt": """Vaucenne line petition handed to the regional council with 31,000 signatures

FOR IMMEDIATE RELEASE

LORMEUIL, 20 June 2024 – The Friends of the Vaucenne Line handed their petition, now signed by 31,000
people, to council vice-president Odile Marchetti on Thursday.

The council promised a decision on the track repairs by September.

"This is the largest petition our region has seen," said Amira Castell.
""",
    "kitchen-survey.md": """---
title: Kitchen survey finds 19 schools without a kitchen
date: 2023-09-12
organisation: Fennick Hot Meals Network
url: https://www.example.org/kitchen-survey
---

# Kitchen survey finds 19 schools without a kitchen

The Fennick Hot Meals Network surveyed 52 primary schools and found that 19 have no kitchen on site.

The survey was coordinated by Dr Nadia Oyelaran, a nutritionist, with 40 volunteer parents.
""",
}


_DEVELOPER_PREFIXES = ("PRESSROOM_", "OPENAI_", "TELEGRAM_")


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Nothing of the developer's shell or `.env` reaches a test: with OPENAI_API_KEY set there, the
    engine would build the LLM answerer and call the real API. Child processes start in this working
    folder too (with the project on PYTHONPATH), never in the checkout, where a `.env` may be."""
    for name in list(os.environ):
        if name.upper().startswith(_DEVELOPER_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def write_corpus(folder: Path, releases: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (releases or RELEASES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings(
        store=StoreSettings(data_dir=tmp_path / "data"),
        ingest=IngestSettings(corpus_dir=corpus),
    )


@pytest.fixture(scope="session")
def real_embedder() -> LocalE5Embedder:
    """The shipped model, loaded once per test session: it is CPU-bound, and most tests use HashEmbedder."""
    return LocalE5Embedder()


@pytest.fixture(scope="session")
def shipped_corpus(tmp_path_factory: pytest.TempPathFactory, real_embedder: LocalE5Embedder) -> Settings:
    """The project's corpus/ ingested once per test session with the real model (read-only for tests)."""
    from ingest.runner import run_ingest

    root = Path(__file__).resolve().parent.parent
    settings = Settings(
        store=StoreSettings(data_dir=tmp_path_factory.mktemp("shipped") / "data"),
        ingest=IngestSettings(corpus_dir=root / "corpus"),
    )
    summary = run_ingest(settings, embedder=real_embedder)
    assert not summary.skipped, summary.skipped
    return settings


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()
