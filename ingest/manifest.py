"""Each corpus file's size and modification time at the last ingest, and the release it gave.

Knowing whether a file changed otherwise means reading, cleaning and hashing it again: at 10,000
releases that is most of the time an ingest of a few new ones takes. A file whose size and modification
time (nanoseconds) are those recorded is taken to hold what it held, as make, rsync and git's index do;
`pressroom ingest --rebuild` reads everything again. The manifest is a hint, never the truth: a release
it names that the store no longer holds means the file is read again. So does a file whose embargo or
audience in sources.csv changed (its `access`): what it gave depends on that row too. And so does every
file when the loaders read files differently than the ones that wrote the manifest (`reader`): an upgrade
that keeps a front matter's byline, say, reaches releases already ingested; a file whose text comes out the
same is read and hashed, not embedded again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FILE_NAME = "files.json"
_SETTLED_NS = 2_000_000_000


Entry = tuple[int, int, str, str]  # size, mtime (ns), release id, the sources.csv access it was read with


class Manifest:
    def __init__(self, entries: dict[str, Entry] | None = None, *, reader: int) -> None:
        self._entries = entries if entries is not None else {}
        self._reader = reader

    @staticmethod
    def _stat(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def release_of(self, name: str, path: Path, access: str = "") -> str | None:
        """The release this file gave last time, if neither it nor its sources.csv access changed since."""
        entry = self._entries.get(name)
        if entry is None or entry[3] != access:
            return None
        return entry[2] if self._stat(path) == entry[:2] else None

    def record(self, name: str, path: Path, release_id: str, access: str = "") -> None:
        stat = self._stat(path)
        # A file modified in the last seconds could change again within the clock's resolution and keep
        # its size: not trusted until it has been still for a while ("racy git" has the same guard).
        if stat is not None and time.time_ns() - stat[1] > _SETTLED_NS:
            self._entries[name] = (*stat, release_id, access)

    def forget(self, which: Callable[[str], bool]) -> None:
        self._entries = {name: entry for name, entry in self._entries.items() if not which(name)}

    @classmethod
    def load(cls, folder: Path, *, reader: int) -> Manifest:
        """The manifest in `folder`, empty unless written by loaders of this `reader` version."""
        try:
            raw = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            # A manifest without a reader version predates it: its files were read by older loaders.
            if raw.get("reader") != reader:
                return cls(reader=reader)
            entries = {str(name): _entry(*fields) for name, fields in raw["files"].items()}
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return cls(reader=reader)  # missing or damaged: every file is read, as on a first ingest
        return cls(entries, reader=reader)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".files-", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                files = {name: list(entry) for name, entry in self._entries.items()}
                json.dump({"reader": self._reader, "files": files}, out, ensure_ascii=False)
            os.replace(tmp, folder / FILE_NAME)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _entry(size: object, mtime: object, release_id: object, access: object) -> Entry:
    return int(size), int(mtime), str(release_id), str(access)  # type: ignore[call-overload]
