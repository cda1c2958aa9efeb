"""What sources.toml asks the ingest to follow: feeds, sitemaps and single pages."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

SOURCES_TOML = "sources.toml"

Kind = Literal["feed", "sitemap", "page"]


class SourcesError(Exception):
    """sources.toml cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Source:
    kind: Kind
    url: str
    # Only URLs whose path contains this are followed (sitemaps and feeds).
    include: str | None = None

    def wants(self, url: str) -> bool:
        return self.include is None or self.include in urlsplit(url).path


def sources_path(configured: Path | None, corpus_dir: Path) -> Path:
    return configured if configured is not None else corpus_dir / SOURCES_TOML


def load_sources_toml(path: Path) -> list[Source]:
    """The entries of a sources.toml; [] when there is no such file. Raises SourcesError on a bad file:
    following half of a misspelt list would prune what the other half fed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SourcesError(f"{path.name}: cannot read it ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"{path.name}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"feed", "sitemap", "page"})
    if unknown:
        raise SourcesError(f"{path.name}: unknown section [[{unknown[0]}]] (use [[feed]], [[sitemap]] or [[page]])")
    sources: list[Source] = []
    seen: set[tuple[str, str]] = set()
    for kind in ("feed", "sitemap", "page"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise SourcesError(f"{path.name}: write each {kind} as [[{kind}]], not [{kind}]")
        for number, entry in enumerate(entries, 1):
            where = f"{path.name}: [[{kind}]] number {number}"
            if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                raise SourcesError(f"{where} has no url")
            url = entry["url"].strip()
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise SourcesError(f"{where}: {url!r} is not an http(s) URL")
            include = entry.get("include")
            if include is not None and (not isinstance(include, str) or not include.strip()):
                raise SourcesError(f'{where}: include must be a non-empty text such as "/press/"')
            extra = sorted(set(entry) - {"url", "include"})
            if extra:
                raise SourcesError(f"{where}: unknown key {extra[0]!r}")
            if (kind, url) in seen:
                continue
            seen.add((kind, url))
            sources.append(Source(kind, url, include.strip() if include else None))  # type: ignore[arg-type]
    return sources
