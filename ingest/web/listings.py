"""The page URLs a feed (RSS or Atom, read by feedparser) or a sitemap (or sitemap index) lists."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from lxml import etree

_MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit, uncompressed


class ListingError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Listed:
    url: str
    lastmod: str | None = None


def feed_entries(body: bytes, base: str) -> list[Listed]:
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise ListingError("not an RSS or Atom feed")
    found: list[Listed] = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (alt.get("href") for alt in entry.get("links", []) if alt.get("rel", "alternate") == "alternate"), None
        )
        if link:
            # A feed's dates are not trusted to say a page changed: its pages are asked conditionally.
            found.append(Listed(urljoin(base, link.strip())))
    return found


@dataclass(frozen=True)
class Sitemap:
    pages: list[Listed]
    children: list[str]  # a sitemap index's sitemaps


def sitemap_entries(body: bytes, base: str) -> Sitemap:
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, served as a file rather than with Content-Encoding
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as packed:
                body = packed.read(_MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise ListingError(f"broken gzip sitemap ({exc})") from None
        if len(body) > _MAX_SITEMAP_BYTES:
            raise ListingError("sitemap larger than 50 MB uncompressed")
    # No entities, no network: a sitemap is data from another host.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not a sitemap (XML error: {exc})") from None
    if root is None:
        raise ListingError("not a sitemap (empty document)")
    name = etree.QName(root).localname
    if name == "sitemapindex":
        locs = root.xpath("./*[local-name()='sitemap']/*[local-name()='loc']/text()")
        return Sitemap([], [urljoin(base, loc.strip()) for loc in locs])
    if name != "urlset":
        raise ListingError(f"not a sitemap (its root element is <{name}>)")
    pages: list[Listed] = []
    for url in root.xpath("./*[local-name()='url']"):
        loc = url.xpath("./*[local-name()='loc']/text()")
        if not loc:
            continue
        lastmod = url.xpath("./*[local-name()='lastmod']/text()")
        pages.append(Listed(urljoin(base, loc[0].strip()), lastmod[0].strip() if lastmod else None))
    return Sitemap(pages, [])
