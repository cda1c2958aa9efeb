"""One pass over the followed websites: list what the feeds and sitemaps name, fetch what is new or
changed, keep the previous copy of what fails, forget what is gone (404/410) or no longer followed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.web.cache import ListingState, PageState, WebCache
from ingest.web.client import FetchError, PoliteClient
from ingest.web.listings import Listed, ListingError, feed_entries, sitemap_entries
from ingest.web.sources import Source

_SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}
_GONE = frozenset({404, 410})
_MAX_SITEMAP_DEPTH = 3
_MAX_LISTED = 50_000


@dataclass(frozen=True)
class Failed:
    url: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "reason": self.reason}


@dataclass
class WebReport:
    fetched: list[str] = field(default_factory=list)  # new or changed content
    not_modified: list[str] = field(default_factory=list)  # 304, the same content, or an unchanged lastmod
    failed: list[Failed] = field(default_factory=list)  # kept their previous version, if they had one
    gone: list[str] = field(default_factory=list)  # 404 or 410: their release is removed
    requests: int = 0


@dataclass(frozen=True)
class WebPage:
    path: Path  # the cached copy the ingest reads
    link: str  # where it was fetched from, after redirects: the citation link when it names no canonical one


class WebSync:
    def __init__(self, cache: WebCache, client: PoliteClient) -> None:
        self._cache = cache
        self._client = client

    def run(self, sources: list[Source]) -> WebReport:
        report = WebReport()
        followed: dict[str, tuple[str, str | None]] = {}  # page URL -> (its source's URL, sitemap lastmod)
        for source in sources:
            if source.kind == "page":
                followed.setdefault(source.url, (source.url, None))
                continue
            for item in self._listed(source, report):
                if source.wants(item.url):
                    followed.setdefault(item.url, (source.url, item.lastmod if source.kind == "sitemap" else None))
            # A feed shows only its latest items: a page it listed before is still followed until it is gone.
            for url, state in self._cache.pages.items():
                if state.source == source.url:
                    followed.setdefault(url, (source.url, None))
        for url in [u for u in self._cache.pages if u not in followed]:
            self._cache.drop(url)  # no longer followed: pruned like a file deleted from the corpus
        wanted = {s.url for s in sources if s.kind != "page"}
        for url in [u for u in self._cache.listings if u not in wanted and not self._is_child(u)]:
            del self._cache.listings[url]
        for url, (source, lastmod) in followed.items():
            self._page(url, source, lastmod, report)
        report.requests = self._client.requests
        self._cache.save()
        self._cache.sweep()
        return report

    def pages(self) -> dict[str, WebPage]:
        found: dict[str, WebPage] = {}
        for url, path in self._cache.files().items():
            state = self._cache.pages[url]
            found[url] = WebPage(path, state.final_url or url)
        return found

    def _is_child(self, url: str) -> bool:
        return any(url in state.children for state in self._cache.listings.values())

    def _listed(self, source: Source, report: WebReport) -> list[Listed]:
        if source.kind == "feed":
            return self._listing(source.url, report, feed=True)[0]
        pages: list[Listed] = []
        queue, seen = [(source.url, 0)], set()
        while queue and len(pages) < _MAX_LISTED:
            url, depth = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            found, children = self._listing(url, report, feed=False)
            pages.extend(found)
            if depth < _MAX_SITEMAP_DEPTH:
                queue.extend((child, depth + 1) for child in children)
        return pages[:_MAX_LISTED]

    def _listing(self, url: str, report: WebReport, *, feed: bool) -> tuple[list[Listed], list[str]]:
        """A feed's or sitemap's entries; on failure, those it had last time (and the failure reported)."""
        state = self._cache.listings.get(url) or ListingState()
        previous = [Listed(u, m) for u, m in state.urls.items()], list(state.children)
        try:
            got = self._client.get(url, etag=state.etag, last_modified=state.last_modified)
        except FetchError as exc:
            report.failed.append(Failed(url, exc.reason))
            return previous
        if got.status == 304 and (state.urls or state.children):
            report.not_modified.append(url)
            return previous
        if got.status != 200:
            report.failed.append(Failed(url, f"HTTP {got.status}"))
            return previous
        try:
            if feed:
                found, children = feed_entries(got.body, got.final_url), []
            else:
                sitemap = sitemap_entries(got.body, got.final_url)
                found, children = sitemap.pages, sitemap.children
        except ListingError as exc:
            report.failed.append(Failed(url, exc.reason))
            return previous
        self._cache.listings[url] = ListingState(
            got.etag, got.last_modified, {item.url: item.lastmod for item in found}, children
        )
        report.fetched.append(url)
        return found, children

    def _page(self, url: str, source: str, lastmod: str | None, report: WebReport) -> None:
        cache = self._cache
        state = cache.pages.get(url) or PageState(source=source)
        state.source = source
        have = cache.path_of(url) is not None
        if have and lastmod is not None and lastmod == state.lastmod:
            report.not_modified.append(url)  # the sitemap says it has not changed: not even asked
            return
        try:
            got = self._client.get(
                url, etag=state.etag if have else None, last_modified=state.last_modified if have else None
            )
        except FetchError as exc:
            report.failed.append(Failed(url, exc.reason))
            return
        if got.status in _GONE:
            cache.drop(url)
            report.gone.append(url)
            return
        if got.status == 304 and have:
            state.lastmod = lastmod
            report.not_modified.append(url)
            return
        if got.status != 200:
            report.failed.append(Failed(url, f"HTTP {got.status}"))
            return
        suffix = _suffix(got.content_type, got.final_url)
        if suffix is None:
            kind = got.content_type.split(";")[0].strip() or "no content type"
            report.failed.append(Failed(url, f"not a document the ingest reads ({kind})"))
            return
        state.etag, state.last_modified, state.lastmod = got.etag, got.last_modified, lastmod
        state.final_url = got.final_url
        body = _with_charset(got.body, got.content_type) if suffix == ".html" else got.body
        if cache.keep(url, state, body, suffix):
            report.fetched.append(url)
        else:
            cache.pages[url] = state
            report.not_modified.append(url)


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_DECLARED = re.compile(rb"<meta[^>]+charset|<\?xml[^>]+encoding", re.I)


def _with_charset(body: bytes, content_type: str) -> bytes:
    """The cached copy is read like a saved file, which has no HTTP header: a charset only the header
    gave is written into the page, else an undeclared page would be left to guessing."""
    found = _CHARSET.search(content_type)
    if not found or _DECLARED.search(body[:4096]):
        return body
    return f'<meta charset="{found.group(1)}">\n'.encode("ascii") + body


def _suffix(content_type: str, url: str) -> str | None:
    media = content_type.split(";")[0].strip().lower()
    if media in _SUFFIXES:
        return _SUFFIXES[media]
    # A server that labels everything application/octet-stream: the URL's extension says what it is.
    path = urlsplit(url).path.lower()
    suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
    return suffix if suffix in SUPPORTED_SUFFIXES and media in ("", "application/octet-stream") else None
