"""What the bot keeps of its use (the feedback store) and the organisers' digest built from it: counts,
votes, question texts only when asked to keep them, and never anything that identifies a user."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.digest import build_digest, parse_period, render
from bot.feedback import DB_NAME, OLD_SALT_NAME, FeedbackStore
from tests.test_cli import run

USER = 531246879
CHAT = -1001234567


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith(DB_NAME))


def test_questions_and_votes_add_up_in_stats(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.record_question("water?", answered=True, mode="extractive", language="en")
    store.record_question("weather?", answered=False, mode="extractive")
    store.record_question("from a channel", answered=True)
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


def test_nothing_in_the_database_identifies_a_user(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path, keep_questions=True)
    store.record_question("How many signed?", answered=True, chat_type="group", language="en", topic="Petition")
    store.record_vote(answer_id="a", question="q", answer="31,000 people.", mode="extractive", vote=1, user_id=USER)
    stored = _all_bytes(tmp_path)
    assert str(USER).encode() not in stored and str(CHAT).encode() not in stored
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        columns = {row[1] for table in ("asked", "voted") for row in db.execute(f"PRAGMA table_info({table})")}
    assert not {c for c in columns if any(word in c for word in ("user", "chat_id", "hash", "message"))}
    assert not (tmp_path / OLD_SALT_NAME).exists()


def test_question_texts_are_kept_only_when_asked_and_only_for_the_retention_period(tmp_path: Path) -> None:
    clock = Clock()
    off = FeedbackStore(tmp_path / "off", clock=clock)
    off.record_question("Who led the survey?", answered=False)
    assert b"Who led the survey?" not in _all_bytes(tmp_path / "off")
    assert off.stats()["unanswered"] == 1  # the figure is kept without the text

    kept = FeedbackStore(tmp_path / "on", keep_questions=True, retention_days=30, clock=clock)
    kept.record_question("Who led the survey?", answered=False)
    clock.now += timedelta(days=10)
    kept.record_question("When was it published?", answered=False)
    clock.now += timedelta(days=25)
    assert kept.purge() == 1  # the first is 35 days old, the second 25
    texts = [row.question for row in kept.asked_since(clock.now - timedelta(days=365))]
    assert texts == [None, "When was it published?"]
    # Turning the setting off deletes every text still stored on the next start.
    FeedbackStore(tmp_path / "on", keep_questions=False, clock=clock)
    assert b"When was it published?" not in _all_bytes(tmp_path / "on")


def test_an_old_database_loses_its_user_hashes_and_keeps_its_figures(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.executescript(
            """
            CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, user_hash TEXT, chat_type TEXT,
                language TEXT, question TEXT NOT NULL, answered INTEGER NOT NULL, mode TEXT);
            CREATE TABLE votes (id INTEGER PRIMARY KEY, answer_id TEXT NOT NULL, voted_at TEXT NOT NULL,
                user_hash TEXT NOT NULL, vote INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
                mode TEXT NOT NULL, UNIQUE (answer_id, user_hash));
            INSERT INTO questions VALUES (1, '2026-11-01T10:00:00Z', 'deadbeefcafe', 'private', 'en', 'q?', 0, 'x');
            INSERT INTO votes VALUES (1, 'a1', '2026-11-01T10:01:00Z', 'deadbeefcafe', -1, 'q?', 'An answer.', 'x');
            """
        )
    (tmp_path / OLD_SALT_NAME).write_bytes(b"s" * 32)
    store = FeedbackStore(tmp_path)
    assert store.stats() == {"questions": 1, "unanswered": 1, "up": 0, "down": 1}
    assert b"deadbeefcafe" not in _all_bytes(tmp_path) or _vacuumed(tmp_path)
    assert not (tmp_path / OLD_SALT_NAME).exists()


def _vacuumed(folder: Path) -> bool:
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("VACUUM")
    return b"deadbeefcafe" not in _all_bytes(folder)


def test_concurrent_writers_from_many_threads(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)

    def ask(worker: int) -> None:
        for i in range(20):
            store.record_question(f"q{worker}-{i}", answered=i % 2 == 0)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.stats() == {"questions": 160, "unanswered": 80, "up": 0, "down": 0}


def _feedback_of_a_week(folder: Path, clock: Clock) -> FeedbackStore:
    store = FeedbackStore(folder, keep_questions=True, clock=clock)
    start = clock.now
    asked = [
        (0, "Who is the mayor of Lanzac?", False, "Petition handed in"),
        (0, "How many people signed the petition?", True, "Petition handed in"),
        (1, "who is the mayor of lanzac", False, "Petition handed in"),
        (1, "Qui est le maire de Lanzac ?", False, None),
        (2, "How many people signed the petition in June?", True, "Petition handed in"),
        (2, "What will the new trains cost?", False, "Line saved"),
        (9, "Too old for a week", False, None),
    ]
    for days_ago, question, answered, topic in asked:
        clock.now = start - timedelta(days=days_ago)
        store.record_question(question, answered=answered, language="en", chat_type="private", topic=topic)
    clock.now = start
    for user, vote in ((1, -1), (2, -1), (3, 1)):
        store.record_vote(
            answer_id="a1", question="How much?", answer="12 million.", mode="extractive", vote=vote, user_id=user
        )
    return store


def test_the_digest_groups_what_was_not_answered_and_counts_the_rest(tmp_path: Path) -> None:
    clock = Clock()
    store = _feedback_of_a_week(tmp_path, clock)
    digest = build_digest(store, parse_period("7d"))
    assert digest.questions == 6 and digest.unanswered == 4
    [mayor, trains, french] = digest.unanswered_groups
    assert (mayor.count, trains.count, french.count) == (2, 1, 1)
    assert mayor.question == "Who is the mayor of Lanzac?"  # the latest wording
    assert mayor.wordings == ["Who is the mayor of Lanzac?", "who is the mayor of lanzac"]
    [down] = digest.voted_down
    assert (down.answer, down.down, down.up) == ("12 million.", 2, 1)
    assert digest.topics[0] == {"topic": "Petition handed in", "questions": 4, "unanswered": 2}
    assert [(d["questions"], d["unanswered"]) for d in digest.per_day] == [(2, 1), (2, 2), (2, 1)]
    text = render(digest, "en")
    assert "2 × Who is the mayor of Lanzac?" in text and "👎 2 👍 1: 12 million." in text
    assert "Bilan Pressroom" in render(digest, "fr")


def test_pressroom_digest_json_and_csv_from_a_feedback_database(tmp_path: Path) -> None:
    clock = Clock()
    clock.now = datetime.now(UTC)
    _feedback_of_a_week(tmp_path / "data", clock)
    done = run(
        ["digest", "--since", "7d", "--json", "--csv", str(tmp_path / "digest.csv")],
        tmp_path,
        PRESSROOM_KEEP_QUESTIONS="true",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["questions"] == 6 and report["unanswered_groups"][0]["count"] == 2
    rows = list(csv.DictReader(io.StringIO((tmp_path / "digest.csv").read_text(encoding="utf-8"))))
    assert {"day", "unanswered", "voted_down", "topic"} <= {row["section"] for row in rows}
    assert any(row["section"] == "unanswered" and row["count"] == "2" for row in rows)
    # Without kept texts the figures are there and the texts are not.
    done = run(["digest", "--since", "30d"], tmp_path)
    assert done.returncode == 0 and "PRESSROOM_KEEP_QUESTIONS" in done.stdout and "Lanzac" not in done.stdout
    bad = run(["digest", "--since", "a while"], tmp_path)
    assert bad.returncode == 2 and "24h, 7d or 4w" in bad.stderr
