"""Coordination between processes sharing one data folder: one ingest at a time, and a marker for readers.

- `ingest_lock`: every ingest holds an exclusive `flock` on `<data_dir>/index.lock` while it writes, so a
  cron ingest and the bot's /reindex never write at once (chromadb's embedded store is not safe for two
  writing processes, and even against a server the second one's orphan sweep deletes the first one's
  unfinished chunks). Only ingests sharing the data folder are kept apart. The kernel drops the lock when
  its holder exits, kill -9 included: no stale lock to clean up.
- `ingest_idle`: a reader about to reload the vector index holds a shared lock meanwhile, so it never loads
  index files that an ingest is rewriting; it never waits, it tries again at the next question.
- `GenerationMarker`: `<data_dir>/generation`, replaced atomically when an ingest finishes. Readers stat it
  before every answer (cheap) to learn that another process changed the index.

flock works between processes on one host (and between threads that open the file separately); it does not
work across hosts or on most network file systems: there, schedule ingests yourself.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.store import StoreError

log = logging.getLogger("pressroom.ingest")

LOCK_NAME = "index.lock"
MARKER_NAME = "generation"
# An ingest of a large corpus with the local model takes minutes; a waiting one should outlast it.
DEFAULT_LOCK_TIMEOUT_S = 1800.0


class IngestBusy(StoreError):
    """Another ingest held the lock for longer than we were willing to wait."""


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        info = json.loads(os.pread(fd, 512, 0).decode("utf-8") or "{}")
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(info["since"])))
        return f" (process {info['pid']}, since {started})"
    return ""


def _open_lock_file(data_dir: Path) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    return os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o664)


@contextlib.contextmanager
def ingest_lock(data_dir: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT_S, poll: float = 0.2) -> Iterator[None]:
    """Hold the exclusive ingest lock; wait up to `timeout` seconds for it, then raise IngestBusy."""
    fd = _open_lock_file(data_dir)
    try:
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
            if not waiting:
                waiting = True  # said once: whoever started this ingest should know why nothing happens
                log.warning(
                    "another ingest is writing to %s%s; waiting for it (up to %.0f s)", data_dir, _holder(fd), timeout
                )
            if time.monotonic() >= deadline:
                raise IngestBusy(
                    f"another ingest is writing to {data_dir}{_holder(fd)}; gave up after waiting "
                    f"{timeout:.0f} s. Let it finish (an admin's /reindex is an ingest too), then run this again"
                )
            time.sleep(poll)
        # Who holds it, for the message of whoever waits next. Never unlink the file: a waiter may have
        # it open, and would then lock a file nobody else sees.
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": time.time()}).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def ingest_idle(data_dir: Path) -> Iterator[bool]:
    """Yield True, holding a shared lock, when no ingest is writing; False (at once) when one is.

    A data folder we cannot write the lock file into yields True: nobody can ingest there either.
    """
    try:
        fd = _open_lock_file(data_dir)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            yield False
            return
        yield True
    finally:
        os.close(fd)


@dataclass(frozen=True)
class MarkerState:
    """What stat() says about the marker: a new file (new inode) each time an ingest finishes."""

    inode: int
    mtime_ns: int
    size: int


class GenerationMarker:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / MARKER_NAME

    def write(self, generation: int, collection: str) -> None:
        """Replace the marker atomically: a reader sees the old file or the new one, never half of one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"generation": generation, "collection": collection, "finished": time.time()})
        fd, tmp = tempfile.mkstemp(prefix=".generation-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o644)  # mkstemp makes it private; other users' readers stat and read it
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def state(self) -> MarkerState | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return MarkerState(st.st_ino, st.st_mtime_ns, st.st_size)

    def read(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None
