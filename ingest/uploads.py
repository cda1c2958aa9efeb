"""Releases sent to the bot: saved into the corpus folder under a safe name (never over another file),
then ingested like any other. A file the ingest cannot read is removed again, with the ingest's reason.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config import Settings
from index.embedding import Embedder
from ingest.runner import run_ingest

# What an organiser sends: the formats the ingest reads.
ACCEPTED = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"})
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)
_MAX_NAME = 120


class UploadRefused(Exception):
    """The file is not saved; the message says why, for the sender."""


@dataclass
class Received:
    name: str  # as saved, relative to the corpus folder
    renamed: bool = False  # another file already had the name it was sent with
    already_there: bool = False  # the very same file was in the corpus: nothing was written
    reason: str | None = None  # why the ingest could not use it (the file is then removed)
    summary: Mapping[str, Any] = field(default_factory=dict)


def safe_name(name: str) -> str:
    """The sent name without any folder, with only letters, digits, dots, dashes and underscores, not
    hidden: "../../etc/passwd" -> "passwd", "CP 12 mars (final).pdf" -> "CP-12-mars-final-.pdf"."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:_MAX_NAME] or "release"
    suffix = _UNSAFE.sub("", suffix).lower()
    return f"{stem}.{suffix}" if suffix else stem


def save(folder: Path, name: str, content: bytes, *, max_bytes: int) -> Received:
    """Write the file into `folder` under a safe name; an existing file is never overwritten: the same
    bytes are left as they are, other bytes go under "name-2.ext", "name-3.ext"…"""
    wanted = safe_name(name)
    suffix = Path(wanted).suffix.lower()
    if suffix not in ACCEPTED:
        shown = ", ".join(sorted(ACCEPTED))
        raise UploadRefused(f"{wanted}: not a format the ingest reads ({shown})")
    if len(content) > max_bytes:
        raise UploadRefused(f"{wanted}: {len(content) / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB")
    if not content:
        raise UploadRefused(f"{wanted}: the file is empty")
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(wanted).stem
    for n in range(1, 1000):
        candidate = wanted if n == 1 else f"{stem}-{n}{suffix}"
        path = folder / candidate
        try:
            # O_EXCL: two uploads of one name at once cannot both get it.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if path.read_bytes() == content:
                return Received(candidate, renamed=n > 1, already_there=True)
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        return Received(candidate, renamed=n > 1)
    raise UploadRefused(f"{wanted}: too many files of that name already")


def receive(
    settings: Settings, name: str, content: bytes, *, max_bytes: int, embedder: Embedder | None = None
) -> Received:
    """Save a sent release into the corpus folder and ingest; an unreadable file is removed again."""
    folder = settings.ingest.corpus_dir
    received = save(folder, name, content, max_bytes=max_bytes)
    summary = run_ingest(settings, embedder=embedder)
    received.summary = summary.to_dict()
    reason = next((s.reason for s in summary.skipped if Path(s.path).name == received.name), None)
    if reason is not None and not received.already_there:
        (folder / received.name).unlink(missing_ok=True)
        received.reason = reason
    return received
