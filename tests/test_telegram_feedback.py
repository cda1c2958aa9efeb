from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.feedback import DB_NAME, SALT_NAME, FeedbackStore

USER = 531246879


def test_questions_and_votes_add_up_in_stats(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.record_question("water?", answered=True, user_id=USER, mode="extractive", language="en")
    store.record_question("weather?", answered=False, user_id=USER, mode="extractive")
    store.record_question("from a channel", answered=True, user_id=None)
    store.record_vote(answer_id="a1", question="water?", answer="A.", mode="extractive", vote=1, user_id=USER)
    store.record_vote(answer_id="a1", question="water?", answer="A.", mode="extractive", vote=-1, user_id=USER + 1)
    assert store.stats() == {"questions": 3, "unanswered": 1, "up": 1, "down": 1}


def test_a_second_vote_on_the_same_answer_replaces_the_first(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    for vote in (1, -1, -1):
        store.record_vote(answer_id="a1", question="q", answer="a", mode="extractive", vote=vote, user_id=USER)
    assert store.stats() == {"questions": 0, "unanswered": 0, "up": 0, "down": 1}


def test_votes_must_be_plus_or_minus_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="vote"):
        FeedbackStore(tmp_path).record_vote(answer_id="a", question="q", answer="a", mode="m", vote=2, user_id=1)


def test_user_ids_are_stored_only_as_salted_hashes(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.record_question("q", answered=True, user_id=USER)
    store.record_vote(answer_id="a", question="q", answer="a", mode="extractive", vote=1, user_id=USER)
    assert str(USER).encode() not in (tmp_path / DB_NAME).read_bytes()
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        [(stored,)] = db.execute("SELECT user_hash FROM votes").fetchall()
    assert stored == store.user_hash(USER) and len(stored) == 64
    # Same salt on reopening (votes stay attributable to the same user), another salt elsewhere.
    assert FeedbackStore(tmp_path).user_hash(USER) == stored
    assert FeedbackStore(tmp_path / "other").user_hash(USER) != stored


def test_the_salt_is_created_once_and_readable_by_the_owner_only(tmp_path: Path) -> None:
    FeedbackStore(tmp_path / "data")
    salt = tmp_path / "data" / SALT_NAME
    first = salt.read_bytes()
    assert len(first) == 32 and salt.stat().st_mode & 0o777 == 0o600
    FeedbackStore(tmp_path / "data")
    assert salt.read_bytes() == first


def test_concurrent_writers_from_many_threads(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)

    def ask(worker: int) -> None:
        for i in range(20):
            store.record_question(f"q{worker}-{i}", answered=i % 2 == 0, user_id=worker)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.stats() == {"questions": 160, "unanswered": 80, "up": 0, "down": 0}
