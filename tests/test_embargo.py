"""Embargoes and press-only releases: set at ingest, decided when answering against a clock the tests set.

Real components throughout (the ingest, embedded Chroma, the keyword index, the answer engine, the claim
checker); only the embedder is the small fake one, as in the other engine tests.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.engine import AnswerEngine
from bot.retrieve import Retriever
from bot.types import Answer
from bot.visibility import Viewer, Visibility
from config import Settings
from index.layout import keyword_dir
from index.store import Store
from ingest.metadata import load_source_rows, load_sources
from ingest.runner import run_ingest
from tests.conftest import RELEASES
from tests.embargo_fixtures import (
    AFTER,
    AT,
    BEFORE,
    EMBARGO,
    EMBARGOED,
    EMBARGOED_CLAIM,
    EMBARGOED_FACTS,
    EMBARGOED_QUESTION,
    EMBARGOED_TITLE,
    PRESS_FACT,
    PRESS_ONLY,
    PRESS_QUESTION,
    PRESS_TITLE,
    SetClock,
    ingested,
)
from tests.fakes import HashEmbedder

PRESS_USER = 7
OTHER_USER = 8
PRESS_GROUP = -1001
OTHER_GROUP = -1002


def engine_for(settings: Settings, clock: SetClock) -> AnswerEngine:
    return AnswerEngine.from_settings(settings, embedder=HashEmbedder(), clock=clock)


def everything_shown(answer: Answer) -> str:
    """All an answer puts in front of a user: its text, its quotes and passages, its related releases."""
    parts = [answer.answer]
    for c in answer.citations:
        parts += [c.title, c.quote, c.passage, c.source, c.path]
    for r in answer.related:
        parts += [r.title, r.path, r.source]
    return "\n".join(p for p in parts if p)


def assert_nothing_of(shown: str, title: str, *facts: str) -> None:
    assert title not in shown
    for fact in facts:
        assert fact not in shown


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return ingested(tmp_path, press_ids=(PRESS_USER, PRESS_GROUP))


# -- at ingest ----------------------------------------------------------------------------------


def test_an_embargo_without_a_time_zone_is_refused_with_its_reason_and_nothing_is_stored(tmp_path: Path) -> None:
    settings = ingested(tmp_path / "first", {"ok.txt": "A plain release\n\nNothing to hide here at all."})
    corpus = settings.ingest.corpus_dir
    (corpus / "naive.md").write_text(
        "---\ntitle: Naive embargo\nembargo: 2026-12-03T09:00\n---\n\nThe secret figure is 77 lanterns.\n",
        encoding="utf-8",
    )
    (corpus / "dated.md").write_text("---\nembargo: 2026-12-03\n---\n\nThe date-only figure is 12 owls.\n")
    (corpus / "nonsense.html").write_text(
        '<html><head><meta name="embargo" content="next Tuesday"><title>Page</title></head>'
        "<body><article><p>" + "The html figure is 99 kites. " * 12 + "</p></article></body></html>",
        encoding="utf-8",
    )
    (corpus / "who.md").write_text("---\naudience: journalists\n---\n\nThe audience figure is 31 foxes.\n")
    summary = run_ingest(settings, embedder=HashEmbedder())
    reasons = {s.path: s.reason for s in summary.skipped}
    assert reasons == {
        "naive.md": "embargo 2026-12-03T09:00 has no time zone: write it as 2026-12-03T09:00+01:00",
        "dated.md": "embargo 2026-12-03 has no time nor time zone: write it as 2026-12-03T09:00+01:00",
        "nonsense.html": "embargo 'next Tuesday' is not a date and time: write it as 2026-12-03T09:00+01:00",
        "who.md": "audience 'journalists' is unknown: write press (press ids only) or public",
    }
    stored = Store.open(settings.store).releases().values()
    assert sorted(p for r in stored for p in r.paths) == ["ok.txt"]
    answer = engine_for(settings, SetClock(AFTER)).answer("What is the secret figure of lanterns?")
    assert "77 lanterns" not in everything_shown(answer)


def test_the_three_ways_to_set_an_embargo_hold_until_the_instant(tmp_path: Path) -> None:
    html = (
        '<html><head><meta name="embargo" content="2026-12-03 09:00 +01:00"><title>Lido reopening</title></head>'
        "<body><article><h1>Lido reopening date set</h1><p>"
        + "The Wexcombe lido reopens to swimmers on 1 May 2027. " * 6
        + "</p></article></body></html>"
    )
    settings = ingested(
        tmp_path,
        {
            "front.md": f"---\ntitle: Front matter embargo\nembargo: {EMBARGO}\n---\n\nThe owls number 12 in all.\n",
            "front.txt": f"---\nembargo: {EMBARGO}\n---\nPlain text embargo\n\nThe foxes number 31 in all.\n",
            "page.html": html,
            "listed.txt": "Listed embargo\n\nThe kites number 99 in all.\n",
            "open.txt": "Open release\n\nThe swans number 5 in all.\n",
            "sources.csv": f"file,url,embargo\nlisted.txt,https://example.org/listed,{EMBARGO}\n",
        },
    )
    stored = {r.path: r for r in Store.open(settings.store).releases().values()}
    assert {p: stored[p].embargo for p in stored} == {
        "front.md": "2026-12-03T08:00:00Z",
        "front.txt": "2026-12-03T08:00:00Z",
        "page.html": "2026-12-03T08:00:00Z",
        "listed.txt": "2026-12-03T08:00:00Z",
        "open.txt": None,
    }
    store = Store.open(settings.store)
    # The front matter of a text file is read, not kept as part of its text.
    assert (store.release_text(stored["front.txt"].release_id) or "").startswith("Plain text embargo")
    assert stored["listed.txt"].url == "https://example.org/listed"
    clock = SetClock(BEFORE)
    engine = engine_for(settings, clock)
    assert [r.path for r in engine.releases()] == ["open.txt"]
    assert "12 in all" not in everything_shown(engine.answer("How many owls are there in all?"))
    clock.now = AT
    assert sorted(r.path for r in engine.releases()) == sorted(stored)
    assert "12 in all" in engine.answer("How many owls are there in all?").answer


def test_where_two_sources_disagree_the_later_embargo_and_press_hold(tmp_path: Path) -> None:
    settings = ingested(
        tmp_path,
        {
            "both.md": "---\nembargo: 2026-12-03T09:00+01:00\naudience: public\n---\n\nThe otters number 8.\n",
            "sources.csv": "file;embargo;audience\nboth.md;2026-12-04T09:00Z;press\n",
        },
    )
    [release] = Store.open(settings.store).releases().values()
    assert (release.embargo, release.audience) == ("2026-12-04T09:00:00Z", "press")


def test_sources_csv_reads_a_header_row_and_headerless_rows_as_before(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text(
        f"Audience,Embargo,File,URL\npress,,brief.md,\n,{EMBARGO},cp.txt,https://example.org/cp\n"
        ",,plain.txt,not a link\n",
        encoding="utf-8",
    )
    rows = load_source_rows(tmp_path)
    assert {name: (r.url, r.embargo, r.audience) for name, r in rows.items()} == {
        "brief.md": (None, None, "press"),
        "cp.txt": ("https://example.org/cp", EMBARGO, None),
    }
    assert load_sources(tmp_path) == {"cp.txt": "https://example.org/cp"}
    (tmp_path / "sources.csv").write_text("cp.txt,https://example.org/cp,2026-12-03T09:00\n", encoding="utf-8")
    # A headerless file is `file,url` as it always was: a third column is not an embargo.
    assert {n: (r.url, r.embargo) for n, r in load_source_rows(tmp_path).items()} == {
        "cp.txt": ("https://example.org/cp", None)
    }


def _settle(folder: Path) -> None:
    """Files written a minute ago: the manifest trusts only files that have been still for a while."""
    past = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


def test_an_embargo_added_in_sources_csv_alone_takes_effect_at_the_next_ingest(tmp_path: Path) -> None:
    release = "Council vote announced\n\nThe council votes on the Vaucenne repairs on 9 January 2027.\n"
    settings = ingested(tmp_path, {"vote.txt": release, "other.txt": "Other news\n\nThe choir sings at noon.\n"})
    corpus = settings.ingest.corpus_dir
    _settle(corpus)
    assert run_ingest(settings, embedder=HashEmbedder()).unchanged == ["other.txt", "vote.txt"]  # manifest trusted
    clock = SetClock(BEFORE)
    question = "When does the council vote on the Vaucenne repairs?"
    assert "9 January 2027" in engine_for(settings, clock).answer(question).answer

    (corpus / "sources.csv").write_text(f"file,embargo\nvote.txt,{EMBARGO}\n", encoding="utf-8")
    _settle(corpus)
    summary = run_ingest(settings, embedder=HashEmbedder())
    assert summary.updated == ["vote.txt"] and summary.unchanged == ["other.txt"]
    engine = engine_for(settings, clock)
    assert "9 January 2027" not in everything_shown(engine.answer(question))
    clock.now = AFTER
    assert "9 January 2027" in engine.answer(question).answer

    (corpus / "sources.csv").unlink()
    _settle(corpus)
    assert run_ingest(settings, embedder=HashEmbedder()).updated == ["vote.txt"]
    clock.now = BEFORE
    assert "9 January 2027" in engine_for(settings, clock).answer(question).answer


# -- when answering -------------------------------------------------------------------------------


def test_an_embargoed_release_is_never_used_before_its_instant_and_answers_from_it(settings: Settings) -> None:
    clock = SetClock(BEFORE)
    engine = engine_for(settings, clock)
    for viewer in (None, Viewer.terminal(press=True), Viewer.in_chat(PRESS_USER, PRESS_USER, private=True)):
        before = engine.answer(EMBARGOED_QUESTION, viewer=viewer)
        assert_nothing_of(everything_shown(before), EMBARGOED_TITLE, *EMBARGOED_FACTS)
        assert EMBARGOED not in [r.path for r in engine.releases(viewer)]
        assert_nothing_of(everything_shown(engine.answer("How much do the track repairs cost?", viewer=viewer)),
                          EMBARGOED_TITLE, *EMBARGOED_FACTS)  # fmt: skip
    assert engine.embargoed() == 1

    for now in (AT, AFTER):  # no re-ingest: the same engine, the clock moved on
        clock.now = now
        answer = engine.answer(EMBARGOED_QUESTION)
        assert answer.answered and "14 March 2027" in answer.answer
        assert answer.citations[0].path == EMBARGOED
        assert EMBARGOED in [r.path for r in engine.releases()]
        assert engine.embargoed() == 0


def test_a_claim_is_not_checked_against_an_embargoed_release_before_its_instant(settings: Settings) -> None:
    clock = SetClock(BEFORE)
    engine = engine_for(settings, clock)
    before = engine.check(EMBARGOED_CLAIM)
    assert before.verdict != "supported"
    assert all(c.path != EMBARGOED for c in before.citations)
    assert_nothing_of(before.explanation + "".join(c.quote for c in before.citations), EMBARGOED_TITLE)
    clock.now = AT
    after = engine.check(EMBARGOED_CLAIM)
    assert after.verdict == "supported" and after.citations[0].path == EMBARGOED


def test_a_press_release_is_given_to_press_ids_only_never_to_anyone_else(settings: Settings) -> None:
    engine = engine_for(settings, SetClock(AFTER))
    sees = [
        Viewer.in_chat(PRESS_USER, PRESS_USER, private=True),
        Viewer.in_chat(OTHER_USER, PRESS_GROUP, private=False),  # everyone in a press group
        Viewer.terminal(press=True),
    ]
    never = [
        None,
        Viewer.in_chat(OTHER_USER, OTHER_USER, private=True),
        Viewer.in_chat(PRESS_USER, OTHER_GROUP, private=False),  # the group reads the answer too
        Viewer.terminal(),
    ]
    for viewer in sees:
        answer = engine.answer(PRESS_QUESTION, viewer=viewer)
        assert PRESS_FACT in answer.answer and answer.citations[0].path == PRESS_ONLY, viewer
        assert PRESS_ONLY in [r.path for r in engine.releases(viewer)]
    for viewer in never:
        answer = engine.answer(PRESS_QUESTION, viewer=viewer)
        assert_nothing_of(everything_shown(answer), PRESS_TITLE, PRESS_FACT)
        assert PRESS_ONLY not in [r.path for r in engine.releases(viewer)]
        check = engine.check("The state pays 3.1 million euros of the Vaucenne repairs budget.", viewer=viewer)
        assert check.verdict != "supported" and all(c.path != PRESS_ONLY for c in check.citations)


def test_hiding_releases_costs_the_visible_ones_no_passage(settings: Settings, tmp_path: Path) -> None:
    """Searches over-fetch by the hidden releases' chunks: before the embargo lifts, the public finds the
    same passages as in a corpus that never held the hidden releases (the order may differ a little:
    the keyword index's word statistics count every release)."""
    without = ingested(tmp_path / "without", dict(RELEASES))
    clock = SetClock(BEFORE)

    def retriever(of: Settings) -> Retriever:
        # Few candidates, so that hidden passages would crowd visible ones out of them.
        store = Store.open(of.store)
        return Retriever(store, HashEmbedder(), keyword_dir(of), candidates=4, visibility=Visibility(clock=clock))

    hiding, never_held = retriever(settings), retriever(without)
    questions = [
        "How many signatures did the Vaucenne petition reach?",
        "Who is the spokesperson of the Friends of the Vaucenne Line?",
        "When will the council decide on the track repairs?",
        "How many schools have no kitchen?",
        "Vaucenne line repairs council petition",
        "trains Vaucenne line repairs euros",
        "state region budget briefing journalists",
    ]
    for question in questions:
        public = hiding.search(question, 5)
        assert not {p.path for p in public} & {EMBARGOED, PRESS_ONLY}
        assert {p.chunk_id for p in public} == {p.chunk_id for p in never_held.search(question, 5)}, question
