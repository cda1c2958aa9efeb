"""The pages fetched from followed websites, kept in the data folder as the ingest reads them, with what
the last fetch of each returned (validators, sitemap lastmod, content hash).

A page's file is named after its URL and its content: a changed page is a new file, so the ingest's
manifest (size and modification time) can never take a changed page for the one it stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATE_FILE = "state.json"
_PAGES = "pages"


@dataclass
class PageState:
    source: str  # the sources.toml entry (its URL) that led to this page
    file: str | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None  # the sitemap's, when it gave one
    sha256: str | None = None


@dataclass
class ListingState:
    etag: str | None = None
    last_modified: str | None = None
    # Every URL the feed or sitemap listed last time, with its lastmod (None when it gave none).
    urls: dict[str, str | None] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)  # a sitemap index's sitemaps


class WebCache:
    def __init__(self, folder: Path, pages: dict[str, PageState], listings: dict[str, ListingState]) -> None:
        self.folder = folder
        self.pages = pages
        self.listings = listings

    @classmethod
    def load(cls, folder: Path) -> WebCache:
        try:
            raw = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
            pages = {str(url): PageState(**entry) for url, entry in raw.get("pages", {}).items()}
            listings = {str(url): ListingState(**entry) for url, entry in raw.get("listings", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            # Missing or damaged: every page is fetched again in full, as on a first run.
            return cls(folder, {}, {})
        return cls(folder, pages, listings)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "pages": {url: asdict(state) for url, state in self.pages.items()},
            "listings": {url: asdict(state) for url, state in self.listings.items()},
        }
        fd, tmp = tempfile.mkstemp(prefix=".state-", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(tmp, self.folder / STATE_FILE)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def path_of(self, url: str) -> Path | None:
        """The cached file of a page, if it has one on disk."""
        state = self.pages.get(url)
        if state is None or state.file is None:
            return None
        path = self.folder / _PAGES / state.file
        return path if path.is_file() else None

    def keep(self, url: str, state: PageState, body: bytes, suffix: str) -> bool:
        """Store a page's new body; False when it is the content already stored (nothing written)."""
        digest = hashlib.sha256(body).hexdigest()
        if digest == state.sha256 and self.path_of(url) is not None:
            return False
        name = f"{hashlib.sha256(url.encode()).hexdigest()[:16]}-{digest[:12]}{suffix}"
        pages = self.folder / _PAGES
        pages.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".page-", dir=pages)
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        # Dated in the past: the file never changes under this name, so the manifest may trust it at once.
        past = time.time_ns() - 10_000_000_000
        os.utime(tmp, ns=(past, past))
        os.replace(tmp, pages / name)
        old = state.file
        state.file, state.sha256 = name, digest
        if old and old != name:
            with contextlib.suppress(OSError):
                (pages / old).unlink()
        self.pages[url] = state
        return True

    def drop(self, url: str) -> None:
        state = self.pages.pop(url, None)
        if state is not None and state.file:
            with contextlib.suppress(OSError):
                (self.folder / _PAGES / state.file).unlink()

    def files(self) -> dict[str, Path]:
        """Every cached page by URL: what the ingest reads."""
        found = {url: self.path_of(url) for url in self.pages}
        return {url: path for url, path in found.items() if path is not None}

    def sweep(self) -> None:
        """Files no page names any more (left by a run that stopped between writing and saving)."""
        named = {state.file for state in self.pages.values() if state.file}
        with contextlib.suppress(OSError):
            for path in (self.folder / _PAGES).iterdir():
                if path.name not in named:
                    with contextlib.suppress(OSError):
                        path.unlink()
