"""Claim check: `pressroom check`, the engine's verdicts over the shipped corpus, and how a claim's facts
are read (figures in any style, dates, people, negation)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.claim_facts import dates, facts, figures, person_names, same_value
from bot.engine import AnswerEngine
from bot.formatting import claim_to_plain_text, claim_to_telegram_html
from config import Settings
from index.embedding import LocalE5Embedder

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "tests" / "data" / "claims.jsonl"


def _values(text: str, language: str) -> list[tuple[float, str]]:
    return [(f.value, f.kind) for f in figures(text, language)]


def test_a_figure_compares_equal_however_it_is_written() -> None:
    assert _values("une pétition signée par 23 615 personnes", "fr") == [(23615.0, "count")]
    assert _values("signed by 23,615 people", "en") == [(23615.0, "count")]
    assert _values("la Région vote 12,6 millions d'euros", "fr") == [(12_600_000.0, "money")]
    assert _values("a £4.2 million repair plan", "en") == [(4_200_000.0, "money")]
    assert _values("Nineteen riverside municipalities", "en") == [(19.0, "count")]
    assert _values("a response rate of 65%", "en") == [(65.0, "percent")]
    # The article is not a figure, nor are the year and the day of a date.
    assert _values("le lundi 20 novembre 2023, une pétition", "fr") == []


def test_a_hedged_figure_allows_its_precision_and_no_more() -> None:
    [claimed] = figures("more than 75,000 people signed", "en")
    [stated] = figures("une pétition signée par plus de 75 000 personnes", "fr")
    assert same_value(claimed, stated)
    [about] = figures("about 28,000 signatures", "en")
    [exact] = figures("27,940 signatures", "en")
    [plain] = figures("28,000 signatures", "en")
    assert same_value(about, exact) and not same_value(plain, exact)


def test_dates_people_and_negation_are_read() -> None:
    [march] = dates("Microsoft divested from AnyVision in March 2020")
    [release] = dates("le 28 mars 2020")
    assert march.within(release) and not march.clashes(release)
    [may] = dates("signed on 14 May 2024")
    [june] = dates("signed on Friday 14 June 2024")
    assert may.clashes(june)
    assert person_names("The survey was designed and led by Dr Femi Adeyinka, a retired officer") == (
        "Dr Femi Adeyinka",
    )
    assert facts("the order does not make Polydrome pay", "en").negated
    assert not facts("the order makes Polydrome pay", "en").negated


@pytest.fixture(scope="module")
def corpus_engine(shipped_corpus: Settings, real_embedder: LocalE5Embedder) -> AnswerEngine:
    return AnswerEngine.from_settings(shipped_corpus, embedder=real_embedder)


@pytest.mark.slow
def test_the_claim_set_over_the_shipped_corpus_meets_its_floor(corpus_engine: AnswerEngine) -> None:
    engine = corpus_engine
    claims = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(claims) >= 40
    right: Counter[str] = Counter()
    false_support = []
    for item in claims:
        result = engine.check(item["claim"])
        right[item["verdict"]] += result.verdict == item["verdict"]
        if result.verdict == "supported" and item["verdict"] != "supported":
            false_support.append(item["claim"])
        if result.verdict != "not_found":
            # Every verdict stands on a quote found verbatim in its release.
            assert result.citations, item["claim"]
            texts = engine.retriever.store.release_texts([c.release_id for c in result.citations])
            assert all(c.quote in texts[c.release_id] for c in result.citations)
    totals = Counter(item["verdict"] for item in claims)
    print({verdict: f"{right[verdict]}/{totals[verdict]}" for verdict in totals})
    assert sum(right.values()) / len(claims) >= 0.85, right
    assert not false_support, false_support
    crosslingual = [item for item in claims if item.get("cross_lingual")]
    assert len(crosslingual) >= 8


@pytest.mark.slow
def test_a_contradicted_claim_says_which_part_is_wrong(corpus_engine: AnswerEngine) -> None:
    engine = corpus_engine

    result = engine.check("418 households took part in the Damp and Mould Survey, a response rate of 80%.")
    assert result.verdict == "contradicted"
    assert "65%, not 80%" in result.explanation and "418 is right" in result.explanation
    text = claim_to_plain_text(result)
    assert "a response rate of 65%" in text and "Two in three Fennick Park homes" in text

    # In French, about an English release: the figures are written the French way.
    result = engine.check("Castlereach a adopté un plan de 2,5 millions de livres pour Fennick Park.")
    assert result.verdict == "contradicted", result.explanation
    assert "4,2 millions" in result.explanation
    [html] = claim_to_telegram_html(result)
    assert html.startswith("❌") and "<blockquote" in html

    # An old figure is right for its date, and the newer one follows.
    result = engine.check("The Train des Combes petition has 18,950 signatures.")
    assert result.verdict == "supported"
    assert "26,400" in result.explanation and len(result.citations) == 2
