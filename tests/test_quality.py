"""CI guard on answer quality: the team's question set over the shipped corpus, real model, no network.

The floors are issue #3's acceptance thresholds (85% answerable, 75% cross-lingual, 60% of unanswerable
questions refused, no trap quoted); a change that answers fewer questions, or quotes a trap, fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import AnswerEngine
from bot.evaluation import load_questions, run_eval
from config import IngestSettings, Settings, StoreSettings
from ingest.embedding import LocalE5Embedder
from ingest.runner import run_ingest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_corpus_question_set_meets_the_quality_floor(tmp_path: Path) -> None:
    settings = Settings(
        store=StoreSettings(data_dir=tmp_path / "data"), ingest=IngestSettings(corpus_dir=ROOT / "corpus")
    )
    embedder = LocalE5Embedder()
    summary = run_ingest(settings, embedder=embedder)
    assert not summary.skipped, summary.skipped
    engine = AnswerEngine.from_settings(settings, embedder=embedder)
    report = run_eval(engine, load_questions(ROOT / "tests" / "data" / "corpus_questions.jsonl"))
    print("\n".join(report.lines()))
    # The thresholds issue #3 sets for the development set, held on the team's own set.
    ok, n = report.answerable
    assert ok / n >= 0.85, report.lines()
    ok, n = report.crosslingual
    assert ok / n >= 0.75, report.lines()
    ok, n = report.refused
    assert ok / n >= 0.60, report.lines()
    assert report.violations == 0, report.lines()
