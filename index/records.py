"""The records that flow through the ingest: a loaded release and its chunks."""

from __future__ import annotations

from dataclasses import dataclass, field


class SkipFile(Exception):
    """This file cannot be ingested; `reason` says why in words an organiser understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LoadedFile:
    """What a format loader read: clean text plus whatever metadata the format itself carries."""

    text: str
    # Hints from front matter, HTML tags or document properties: title, date, organisation, url, language,
    # and embargo and audience as written (the metadata step reads and checks them).
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Release:
    """One press release, ready to chunk. `text` is what quotes are verified against."""

    path: str  # relative to the corpus folder, with forward slashes
    text: str
    content_hash: str
    title: str
    date: str | None = None  # ISO 8601, YYYY-MM-DD
    organisation: str | None = None
    language: str | None = None  # "fr", "en", ...
    url: str | None = None
    # Not to be used before this instant (UTC, ISO 8601 "2026-12-03T08:00:00Z"); None: no embargo.
    embargo: str | None = None
    audience: str | None = None  # "press": only the press ids see it; None: everyone


@dataclass(frozen=True)
class Chunk:
    """A passage of a release; `text == release.text[start:end]` always holds."""

    text: str
    paragraph: int  # index of the first paragraph it covers
    start: int
    end: int


@dataclass(frozen=True)
class Node:
    """The unit that is embedded and searched: a sentence (short ones joined), inside its chunk.

    This is llama-index's sentence-window pattern: a sentence is matched on its own (measured on the eval
    set, sentence vectors find the answering sentence far more often than chunk vectors), and its chunk is
    the window shown around it. `text == release.text[start:end]`; the window is
    `release.text[window_start:window_end]`.
    """

    text: str
    start: int
    end: int
    window_start: int
    window_end: int
    paragraph: int
