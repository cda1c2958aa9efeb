"""Questions asked and 👍/👎 votes, kept in SQLite in the data directory.

User ids are never stored: each is replaced by a keyed SHA-256 (HMAC) with a random secret that is
created once, next to the database, readable by the owner only. The same user always gets the same
hash (so a second vote replaces the first), but the hash cannot be turned back into an id without
the secret, and a copied database alone does not identify anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

DB_NAME = "feedback.sqlite3"
SALT_NAME = "feedback.salt"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    user_hash TEXT,
    chat_type TEXT,
    language TEXT,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    mode TEXT
);
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY,
    answer_id TEXT NOT NULL,
    voted_at TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    mode TEXT NOT NULL,
    UNIQUE (answer_id, user_hash)
);
"""


class FeedbackStats(TypedDict):
    questions: int
    unanswered: int
    up: int
    down: int


def _now() -> str:
    # ISO text rather than a float timestamp: readable in `sqlite3` and it never contains a stray id.
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _load_or_create_salt(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    salt = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(salt)
    return salt


class FeedbackStore:
    """Thread-safe: every call opens its own short-lived connection, so handlers running in worker
    threads never share a sqlite3 connection."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self._salt = _load_or_create_salt(data_dir / SALT_NAME)
        with self._connect() as db:
            # WAL lets /stats read while answers are being logged, and stays that way in the file.
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        # No fsync per row: a burst of questions would otherwise queue behind the disk, and losing the
        # last rows of a usage log to a power cut is acceptable.
        db.execute("PRAGMA synchronous=NORMAL")
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def user_hash(self, user_id: int) -> str:
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()

    def record_question(
        self,
        question: str,
        *,
        answered: bool,
        user_id: int | None,
        mode: str | None = None,
        language: str | None = None,
        chat_type: str | None = None,
    ) -> None:
        user_hash = self.user_hash(user_id) if user_id is not None else None
        with self._connect() as db:
            db.execute(
                "INSERT INTO questions (asked_at, user_hash, chat_type, language, question, answered, mode)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_now(), user_hash, chat_type, language, question, int(answered), mode),
            )

    def record_vote(self, *, answer_id: str, question: str, answer: str, mode: str, vote: int, user_id: int) -> None:
        """Store +1 or -1 for an answer; a user voting again on the same answer changes their vote."""
        if vote not in (-1, 1):
            raise ValueError(f"vote must be +1 or -1, got {vote!r}")
        with self._connect() as db:
            db.execute(
                "INSERT INTO votes (answer_id, voted_at, user_hash, vote, question, answer, mode)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote,"
                " voted_at = excluded.voted_at",
                (answer_id, _now(), self.user_hash(user_id), vote, question, answer, mode),
            )

    def stats(self) -> FeedbackStats:
        with self._connect() as db:
            questions, unanswered = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(answered = 0), 0) FROM questions"
            ).fetchone()
            up, down = db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
            ).fetchone()
        return FeedbackStats(questions=questions, unanswered=unanswered, up=up, down=down)
