"""What the bot keeps of its use, in SQLite in the data directory: for the organisers' digest and /stats.

Stored, per question: when (to the minute, UTC), the chat type (private, group, inline), the language,
whether it was answered, the answer mode, and the title of the release the answer drew on most. Per
vote or reaction: when, +1 or -1, the first 300 characters of the bot's answer, that release title.
The text of a question is stored only when PRESSROOM_KEEP_QUESTIONS is on, and deleted after
PRESSROOM_RETENTION_DAYS; the figures stay.

Never stored: a user id, a chat id, a name, a hash of any of them, a message id. One vote per person per
answer is enforced in memory (the vote buttons only work while the answer is in memory anyway), so the
database holds nothing that tells who asked or voted.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from config import Settings

DB_NAME = "feedback.sqlite3"
# Left by the versions that stored a keyed hash of user ids: removed on open, with those hashes.
OLD_SALT_NAME = "feedback.salt"
_ANSWER_CHARS = 300
# How many (answer, person) pairs are remembered to make a second vote replace the first.
_VOTERS = 65_536
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS asked (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    chat_type TEXT,
    language TEXT,
    answered INTEGER NOT NULL,
    mode TEXT,
    topic TEXT,
    question TEXT
);
CREATE INDEX IF NOT EXISTS asked_at ON asked (asked_at);
CREATE TABLE IF NOT EXISTS voted (
    id INTEGER PRIMARY KEY,
    voted_at TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    how TEXT NOT NULL,
    mode TEXT,
    topic TEXT,
    answer TEXT NOT NULL,
    question TEXT
);
CREATE INDEX IF NOT EXISTS voted_at ON voted (voted_at);
"""


class FeedbackStats(TypedDict):
    questions: int
    unanswered: int
    up: int
    down: int


@dataclass(frozen=True)
class AskedRow:
    asked_at: str
    chat_type: str | None
    language: str | None
    answered: bool
    mode: str | None
    topic: str | None
    question: str | None


@dataclass(frozen=True)
class VotedRow:
    voted_at: str
    vote: int
    how: str
    topic: str | None
    answer: str
    question: str | None


def _stamp(moment: datetime) -> str:
    # To the minute: enough for counts per day, too coarse to match a row to one message.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


class FeedbackStore:
    """Thread-safe: every call opens its own short-lived connection."""

    def __init__(
        self,
        data_dir: Path,
        *,
        keep_questions: bool = False,
        retention_days: int = 30,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self.keep_questions = keep_questions
        self.retention = timedelta(days=retention_days)
        self._clock = clock
        self._voters: dict[tuple[str, int], int] = {}
        self._voters_lock = threading.Lock()
        with self._connect() as db:
            # WAL lets /stats and the digest read while answers are being logged.
            db.execute("PRAGMA journal_mode=WAL")
            self._migrate(db)
            db.executescript(_SCHEMA)
        (data_dir / OLD_SALT_NAME).unlink(missing_ok=True)
        self.purge()

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(
            settings.store.data_dir,
            keep_questions=settings.feedback.keep_questions,
            retention_days=settings.feedback.retention_days,
        )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        # No fsync per row: losing the last rows of a usage log to a power cut is acceptable.
        db.execute("PRAGMA synchronous=NORMAL")
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Databases of earlier versions held a keyed hash of user ids: their rows are carried over
        without it (and without question texts unless they are kept), then the old tables are dropped."""
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version >= SCHEMA_VERSION:
            return
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        db.executescript(_SCHEMA)
        keep = "question" if self.keep_questions else "NULL"
        if "questions" in tables:
            db.execute(
                "INSERT INTO asked (asked_at, chat_type, language, answered, mode, topic, question)"
                f" SELECT substr(asked_at, 1, 16) || 'Z', chat_type, language, answered, mode, NULL, {keep}"
                " FROM questions"
            )
            db.execute("DROP TABLE questions")
        if "votes" in tables:
            db.execute(
                "INSERT INTO voted (voted_at, vote, how, mode, topic, answer, question)"
                " SELECT substr(voted_at, 1, 16) || 'Z', vote, 'button', mode, NULL,"
                f" substr(answer, 1, {_ANSWER_CHARS}), {keep} FROM votes"
            )
            db.execute("DROP TABLE votes")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _text(self, question: str | None) -> str | None:
        return " ".join(question.split()) if question and self.keep_questions else None

    def purge(self) -> int:
        """Delete question texts older than the retention period (or all of them when they are no longer
        kept); the rows' figures stay. Returns how many texts went."""
        cutoff = _stamp(self._clock() - self.retention)
        with self._connect() as db:
            if self.keep_questions:
                done = db.execute(
                    "UPDATE asked SET question = NULL WHERE question IS NOT NULL AND asked_at < ?", (cutoff,)
                )
                done_votes = db.execute(
                    "UPDATE voted SET question = NULL WHERE question IS NOT NULL AND voted_at < ?", (cutoff,)
                )
            else:
                done = db.execute("UPDATE asked SET question = NULL WHERE question IS NOT NULL")
                done_votes = db.execute("UPDATE voted SET question = NULL WHERE question IS NOT NULL")
            return done.rowcount + done_votes.rowcount

    def record_question(
        self,
        question: str,
        *,
        answered: bool,
        mode: str | None = None,
        language: str | None = None,
        chat_type: str | None = None,
        topic: str | None = None,
    ) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO asked (asked_at, chat_type, language, answered, mode, topic, question)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_stamp(self._clock()), chat_type, language, int(answered), mode, topic, self._text(question)),
            )

    def record_vote(
        self,
        *,
        answer_id: str,
        question: str,
        answer: str,
        mode: str,
        vote: int,
        user_id: int,
        how: str = "button",
        topic: str | None = None,
    ) -> None:
        """Store +1 or -1 for an answer. The same person voting again on the same answer (with the other
        button, or a reaction) changes their vote; who they are is only held in memory to know that."""
        if vote not in (-1, 1):
            raise ValueError(f"vote must be +1 or -1, got {vote!r}")
        # One lock around the read and the write: a 👎 then a 👍 arriving together must make one vote.
        with self._voters_lock, self._connect() as db:
            row = self._voters.get((answer_id, user_id))
            if row is not None:
                db.execute(
                    "UPDATE voted SET vote = ?, how = ?, voted_at = ? WHERE id = ?",
                    (vote, how, _stamp(self._clock()), row),
                )
                return
            cursor = db.execute(
                "INSERT INTO voted (voted_at, vote, how, mode, topic, answer, question) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_stamp(self._clock()), vote, how, mode, topic, answer[:_ANSWER_CHARS], self._text(question)),
            )
            self._voters[(answer_id, user_id)] = int(cursor.lastrowid or 0)
            while len(self._voters) > _VOTERS:
                self._voters.pop(next(iter(self._voters)))

    def stats(self) -> FeedbackStats:
        with self._connect() as db:
            questions, unanswered = db.execute("SELECT COUNT(*), COALESCE(SUM(answered = 0), 0) FROM asked").fetchone()
            up, down = db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM voted"
            ).fetchone()
        return FeedbackStats(questions=questions, unanswered=unanswered, up=up, down=down)

    def asked_since(self, since: datetime) -> list[AskedRow]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT asked_at, chat_type, language, answered, mode, topic, question FROM asked"
                " WHERE asked_at >= ? ORDER BY asked_at",
                (_stamp(since),),
            ).fetchall()
        return [AskedRow(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6]) for r in rows]

    def voted_since(self, since: datetime) -> list[VotedRow]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT voted_at, vote, how, topic, answer, question FROM voted WHERE voted_at >= ? ORDER BY voted_at",
                (_stamp(since),),
            ).fetchall()
        return [VotedRow(*r) for r in rows]

    def now(self) -> datetime:
        return self._clock()
