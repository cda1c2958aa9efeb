"""The bot over the real answer engine (real model, real Chroma) against the Bot API stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import AnswerEngine
from config import IngestSettings, Settings, StoreSettings
from index.embedding import LocalE5Embedder
from ingest.runner import run_ingest
from tests.botapi_standin import running_standin
from tests.conftest import write_corpus
from tests.telegram_fakes import TOKEN, make_settings, private, run, running_bot, until

pytestmark = pytest.mark.slow


def test_a_supporter_asks_in_private_and_gets_the_cited_fact(tmp_path: Path, real_embedder: LocalE5Embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    ingest_settings = Settings(
        store=StoreSettings(data_dir=tmp_path / "data"), ingest=IngestSettings(corpus_dir=corpus)
    )
    embedder = real_embedder
    run_ingest(ingest_settings, embedder=embedder)
    engine = AnswerEngine.from_settings(ingest_settings, embedder=embedder)

    with running_standin(TOKEN) as standin:
        settings = make_settings(standin.base_url, tmp_path / "data")

        async def scenario() -> None:
            async with running_bot(settings, engine):
                standin.push_update(private(21, "How many people signed the Vaucenne petition in June?"))
                await until(lambda: standin.sent_to(21), timeout=20, what="the answer")

        run(scenario(), timeout=60)
        [call] = standin.sent_to(21)
    text = call.params["text"]
    assert "31,000" in text
    assert "cp_2024-06-20_handover.txt" in text  # no URL known: the source path is shown
    assert call.params["parse_mode"] == "HTML"
