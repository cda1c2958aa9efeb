"""Links that open a release at the quoted passage (URL text fragments)."""

from __future__ import annotations

import re
from urllib.parse import quote

# Long quotes are addressed as textStart,textEnd: browsers match fragments literally, and a long exact
# fragment breaks on the first whitespace or punctuation difference in the rendered page.
_MAX_EXACT_WORDS = 8
_EDGE_WORDS = 4


def _encode(text: str) -> str:
    # The fragment syntax gives '-', ',' and '&' a meaning, so they are always percent-encoded.
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(quote_text: str) -> str:
    """`:~:text=` directive for a quote, or "" when the quote has no words."""
    words = re.sub(r"\s+", " ", quote_text).strip().split(" ")
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) <= _MAX_EXACT_WORDS:
        return ":~:text=" + _encode(" ".join(words))
    start = " ".join(words[:_EDGE_WORDS])
    end = " ".join(words[-_EDGE_WORDS:])
    return f":~:text={_encode(start)},{_encode(end)}"


def fragment_link(url: str | None, quote_text: str) -> str | None:
    """The release URL opening at the quote; None when the release has no URL."""
    if not url:
        return None
    directive = text_fragment(quote_text)
    if not directive:
        return url
    base, _, existing = url.partition("#")
    # A fragment the page already had is kept in front of the directive, as the spec allows.
    return f"{base}#{existing}{directive}"
