"""Format loaders: one corpus file in, clean text plus the metadata its format carries out.

Every loader returns text whose paragraphs are separated by exactly one blank line, because that is
what the chunker splits on and what quotes are checked against. Anything unusable becomes a SkipFile
with a reason an organiser understands; no other exception escapes for a bad file, so one broken file
never stops an ingest.
"""

from __future__ import annotations

import codecs
import copy
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from index.reading import parse_date
from index.records import LoadedFile, SkipFile
from ingest.metadata import normalise_language

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph
    from lxml.etree import _Element
    from lxml.html import HtmlElement

_MIB = 1024 * 1024


# ---------------------------------------------------------------- entry point


def load_file(path: Path, *, max_bytes: int) -> LoadedFile:
    """Read one corpus file into clean text and hints; raise SkipFile(reason) if it cannot be used."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise SkipFile(_unsupported(suffix))
    data = _read_bytes(path, max_bytes)
    try:
        loaded = loader(data)
    except SkipFile:
        raise
    except Exception as exc:  # a library choking on a malformed file must not stop the whole ingest
        raise SkipFile(f"unreadable {suffix} file: {_short(exc)}") from exc
    text = finish_text(loaded.text)
    if not text:
        raise SkipFile("no text found")
    return LoadedFile(text=text, hints={k: v for k, v in loaded.hints.items() if v})


def finish_text(text: str) -> str:
    """The shared clean-up: NFC, LF line ends, no trailing spaces, paragraphs one blank line apart."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Control characters have no business in a release; NUL and friends come from broken exports.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe]")


def _unsupported(suffix: str) -> str:
    if not suffix:
        return "unsupported format (no file extension)"
    if suffix == ".doc":
        return "unsupported format .doc (save it as .docx)"
    return f"unsupported format {suffix}"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.exists():
            raise SkipFile("file not found")
        if not path.is_file():
            raise SkipFile("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise SkipFile(_too_large(size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise SkipFile("permission denied") from None
    except FileNotFoundError:
        raise SkipFile("file not found") from None
    except OSError as exc:
        raise SkipFile(f"unreadable: {exc.strerror or _short(exc)}") from None
    if len(data) > max_bytes:  # it grew while we looked at it
        raise SkipFile(_too_large(len(data), max_bytes))
    if not data.strip():
        raise SkipFile("empty file")
    return data


def _too_large(size: int, max_bytes: int) -> str:
    limit = f"{max_bytes / _MIB:.1f}".removesuffix(".0")
    return f"too large: {size / _MIB:.1f} MB > {limit} MB limit"


def _short(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message if len(message) <= 100 else message[:97] + "..."


def _paragraphs_to_text(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _iso_date(value: object) -> str | None:
    """A YAML/docx date, datetime or date string as YYYY-MM-DD."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        return parse_date(value)
    return None


def _http_url(value: object) -> str | None:
    if isinstance(value, str) and re.match(r"https?://\S+$", value.strip()):
        return value.strip()
    return None


# ---------------------------------------------------------------- plain text and encodings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters a French, English, German or Spanish legacy text plausibly contains beyond ASCII. A
# Windows-1252 reading that stays inside this set is right; one that needs "ŕ" or "ð" is not.
_WESTERN = frozenset(
    "àâäáãçéèêëíìîïñóòôöõúùûüÿœæßÀÂÄÁÃÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜŸŒÆ’‘“”„«»‹›–—…•€£¥¢§°©®™·×±µ¿¡ªº½¼¾²³¹\u00a0\u202f\u2009"
)
_TEXT_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str; the encoding is detected, never assumed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise SkipFile(f"undecodable text: starts with a {encoding} marker but is not {encoding}") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        return utf16
    if _looks_binary(data):
        raise SkipFile("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # UTF-8 with a few stray Windows-1252 bytes (a pasted "é"): read each stray byte as cp1252.
        return data.decode("utf-8", errors=_STRAY_BYTES)
    return _decode_legacy(data)


def _stray_bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return bytes(stray).decode("cp1252", errors="replace"), error.end


_STRAY_BYTES = "pressroom-stray-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_bytes_as_cp1252)


def _mostly_utf8(data: bytes) -> bool:
    """True when real multi-byte UTF-8 characters outnumber the bytes that are not UTF-8."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for c in text if ord(c) > 127) - invalid
    return valid > invalid


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(data) < 8 or len(data) % 2:
        return None
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd > 0.4 * half and even < 0.05 * half else None
    if even > 0.4 * half and odd < 0.05 * half:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[: 1 << 20]
    controls = len(sample) - len(sample.translate(None, _TEXT_CONTROL_BYTES))
    return controls > 0.02 * len(sample)


def _western_share(text: str) -> float:
    extended = [c for c in text if ord(c) > 127]
    if not extended:
        return 1.0
    return sum(1 for c in extended if c in _WESTERN) / len(extended)


def _decode_legacy(data: bytes) -> str:
    """Not UTF-8: Windows-1252 when it reads as Western text, else what charset-normalizer finds."""
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    # charset-normalizer alone misreads short French cp1252 as cp1250 ("à" -> "ŕ"), hence cp1252 first.
    if cp1252 is not None and _western_share(cp1252) >= 0.98:
        return cp1252
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.3:
        return str(best)
    raise SkipFile("undecodable text: could not tell its encoding")


def _load_txt(data: bytes) -> LoadedFile:
    return LoadedFile(text=decode_text(data))


# ---------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "date",
    "published": "date",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "url": "url",
    "link": "url",
    "language": "language",
    "lang": "language",
}
_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|=+)\s*$")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_BULLET = re.compile(r"^(\s*)[*+-]\s+")
_MD_ORDERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), ""),  # images: a reader sees a picture
    (re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+[\"'][^\"']*[\"'])?\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^>\s@]+@[^>\s]+)>"), r"\1"),
    (re.compile(r"`{1,2}([^`]+)`{1,2}"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


def _load_md(data: bytes) -> LoadedFile:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    hints: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        hints = _front_matter_hints(match.group(1))
        text = text[match.end() :]
    return LoadedFile(text=strip_markdown(text), hints=hints)


def _front_matter_hints(block: str) -> dict[str, str]:
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError:
        return {}
    if not isinstance(meta, dict):
        return {}
    hints: dict[str, str] = {}
    for key, value in meta.items():
        target = _FRONT_MATTER_KEYS.get(str(key).strip().casefold())
        if target is None or target in hints or value is None or isinstance(value, list | dict):
            continue
        if target == "date":
            iso = _iso_date(value)
            if iso:
                hints["date"] = iso
        elif target == "url":
            url = _http_url(str(value))
            if url:
                hints["url"] = url
        elif target == "language":
            lang = normalise_language(str(value))
            if lang:
                hints["language"] = lang
        elif str(value).strip():
            hints[target] = str(value).strip()
    return hints


def strip_markdown(text: str) -> str:
    """Markdown as a reader sees it rendered: no #, *, _, link or image syntax, no comments."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    lines: list[tuple[str, str]] = []  # (kind, text): kind is "text", "item", "keep", "break" or "blank"
    fence: str | None = None
    for line in text.split("\n"):
        marker = _MD_FENCE.match(line)
        if marker and (fence is None or marker.group(1)[0] == fence):
            fence = marker.group(1)[0] if fence is None else None
            lines.append(("blank", ""))
        elif fence is not None:
            lines.append(("keep", line))
        else:
            lines.extend(_markdown_line(line))
    return _join_markdown_lines(lines)


def _markdown_line(line: str) -> list[tuple[str, str]]:
    if not line.strip() or _MD_RULE.match(line) or _MD_REF_DEF.match(line) or _MD_TABLE_RULE.match(line):
        return [("blank", "")]
    heading = _MD_HEADING.match(line)
    if heading:
        return [("blank", ""), ("keep", _markdown_inline(heading.group(1) or "")), ("blank", "")]
    while re.match(r"^\s{0,3}>", line):
        line = re.sub(r"^\s{0,3}>\s?", "", line, count=1)
    if line.strip().startswith("|") and line.strip().endswith("|"):
        cells = [_markdown_inline(c.strip()) for c in line.strip().strip("|").split("|")]
        return [("keep", " | ".join(cells))]
    hard_break = line.endswith("  ") or line.endswith("\\")
    bullet = _MD_BULLET.match(line)
    if bullet:
        return [("item", bullet.group(1) + "- " + _markdown_inline(line[bullet.end() :]))]
    kind = "item" if _MD_ORDERED.match(line) else "text"
    inline = _markdown_inline(line.rstrip("\\").strip())
    return [(kind, inline)] + ([("break", "")] if hard_break else [])


def _markdown_inline(text: str) -> str:
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\ue000{len(escaped) - 1}\ue001"

    text = _MD_ESCAPE.sub(hide, text)
    for pattern, replacement in _MD_INLINE:
        previous = None
        while previous != text:  # nested emphasis: ***x*** takes two passes
            previous, text = text, pattern.sub(replacement, text)
    text = re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)  # a removed image leaves two spaces; HTML shows one
    return re.sub("\ue000(\\d+)\ue001", lambda m: escaped[int(m.group(1))], text)


def _join_markdown_lines(lines: list[tuple[str, str]]) -> str:
    """Soft-wrapped lines become one paragraph, as a Markdown reader renders them."""
    out: list[str] = []
    joinable = False
    for kind, line in lines:
        if kind == "blank":
            out.append("")
            joinable = False
        elif kind == "break":
            joinable = False
        elif kind == "text" and joinable and out:
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
            joinable = kind in ("text", "item")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML

# Classes and ids of page furniture around an article: menus, share buttons, comment threads...
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|share|sharing|social|related|comments?|respond|reply|"
    r"cookies?|consent|banner|newsletter|subscribe|sidebar|widget|footer|tags|tags-links|meta|byline|"
    r"author-bio|ads?|advert|promo|popup|modal|also-like|recommended|pagination|skip-link)(?:$|[\s_-])",
    re.I,
)
# For dates: only the parts of a page that belong to other posts or to readers.
_OTHER_POSTS = re.compile(
    r"(?:^|[\s_-])(?:comments?|respond|reply|related|sidebar|widget|also-like|recommended|archives?)(?:$|[\s_-])",
    re.I,
)
_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "aside", "form", "footer", "button", "select",
              "iframe", "svg", "canvas", "input", "textarea", "label"}  # fmt: skip
_CHROME_ROLES = {"navigation", "complementary", "contentinfo", "dialog", "alertdialog", "banner", "search"}
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dt", "dd", "figcaption",
               "caption", "tr", "address"}  # fmt: skip
_CONTAINER_TAGS = _BLOCK_TAGS | {"div", "section", "article", "main", "header", "ul", "ol", "dl", "table",
                                 "tbody", "thead", "tfoot", "figure", "center", "body", "hgroup"}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:[a-z%]+)?\s*(?:;|$)",
                           re.I)  # fmt: skip
_FRAME_TAGS = {"html", "head", "body", "main", "article"}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_DECLARED_CHARSET = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?\s*|<\?xml[^>]+encoding=["'])([\w.:-]+)""", re.I)
# Browsers read pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG); so do we, or "’" is lost.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _load_html(data: bytes) -> LoadedFile:
    from trafilatura import load_html

    source = _html_source(data)
    tree = load_html(source)
    if tree is None:
        raise SkipFile("not a readable HTML page")
    _drop_hidden(tree)
    article = _main_article(tree)
    paragraphs = _html_paragraphs(tree, article)
    headline = _headline(tree, article)
    if headline and not any(_squash(headline) in _squash(p) for p in paragraphs[:3]):
        # trafilatura leaves the <h1> out of the body; the headline belongs to what was published.
        paragraphs.insert(0, headline)
    _add_dateline(paragraphs, _published_time(tree, article), article, headline)
    if not paragraphs:
        raise SkipFile("no article text found")
    return LoadedFile(text=_paragraphs_to_text(paragraphs), hints=_html_hints(source, tree, article, headline))


def _html_source(data: bytes) -> str:
    """The page as text: its declared charset if it has one, else the same detection as plain text.

    Left to guess, the HTML parser reads an undeclared Windows-1252 page as cp1250 ("à" -> "ŕ").
    """
    declared = _DECLARED_CHARSET.search(data[:4096])
    text = None
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        try:
            text = data.decode("cp1252" if charset in _AS_CP1252 else charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(data)
    # lxml refuses a str that still carries an XML encoding declaration.
    return _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)


def _drop_hidden(tree: HtmlElement) -> None:
    """Remove what a browser does not show: hidden text is an injection vector, not content.

    The page's frame (<body>, <main>, <article>) stays even if hidden: some sites hide the whole body
    until a script has run, and it is what the reader ends up seeing.
    """
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in _FRAME_TAGS or element.getparent() is None:
            continue
        if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
            element.drop_tree()


def _main_article(tree: HtmlElement) -> HtmlElement | None:
    """The page's own <article>: the biggest one not sitting among related posts or comments."""
    candidates = [a for a in tree.iter("article") if not _inside(a, _OTHER_POSTS, stop=None)]
    if not candidates:
        return None
    best = max(candidates, key=lambda a: len(a.text_content()))
    return best if len(best.text_content().strip()) >= 200 else None


def _inside(element: HtmlElement, pattern: re.Pattern[str], stop: HtmlElement | None) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag in ("aside", "nav") or pattern.search(_class_id(node)):
            return True
        node = node.getparent()
    return False


def _class_id(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _html_paragraphs(tree: HtmlElement, article: HtmlElement | None) -> list[str]:
    extracted = _trafilatura_paragraphs(tree)
    if article is None:
        if extracted:
            return extracted
        body = tree.find("body")
        return _element_paragraphs(body if body is not None else tree, root=True)
    own = _element_paragraphs(article, root=True)
    if not extracted or _leaks_chrome(extracted, article) or _coverage(own, extracted) < 0.6:
        return own
    return extracted


def _trafilatura_paragraphs(tree: HtmlElement) -> list[str]:
    from lxml import etree
    from trafilatura import extract

    xml = extract(copy.deepcopy(tree), output_format="xml", include_comments=False, favor_precision=True,
                  include_tables=True, with_metadata=False)  # fmt: skip
    if not xml:
        return []
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    return [] if main is None else list(_xml_blocks(main))


def _xml_blocks(main: _Element) -> Iterator[str]:
    for child in main:
        if child.tag == "list":
            for item in child.iter("item"):
                yield "- " + _xml_text(item)
        elif child.tag == "table":
            for row in child.iter("row"):
                yield " | ".join(_xml_text(cell) for cell in row.iter("cell"))
        else:
            yield _xml_text(child)


def _xml_text(element: _Element) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in ("list", "table"):
            parts.append(_xml_text(child))
        parts.append(child.tail or "")
    return _tidy_inline("".join(parts))


def _tidy_inline(text: str) -> str:
    """Collapse HTML source whitespace but keep <br> line breaks and non-breaking spaces."""
    lines = (re.sub(r"[ \t\r\n\f]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _leaks_chrome(extracted: list[str], article: HtmlElement) -> bool:
    inside = _squash(article.text_content())
    return any(len(p) >= 20 and _squash(p.removeprefix("- ")) not in inside for p in extracted)


def _coverage(own: list[str], extracted: list[str]) -> float:
    """Share of the article's text that the extraction kept."""
    kept = _squash(" ".join(extracted))
    total = sum(len(p) for p in own)
    found = sum(len(p) for p in own if _squash(p.removeprefix("- ")) in kept)
    return found / total if total else 1.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _element_paragraphs(element: HtmlElement, *, root: bool = False) -> list[str]:
    """Readable blocks of an element, skipping page furniture inside it."""
    if not isinstance(element.tag, str) or (not root and _is_chrome(element)):
        return []
    if element.tag in _BLOCK_TAGS or not any(
        isinstance(d.tag, str) and d.tag in _CONTAINER_TAGS for d in element.iterdescendants()
    ):
        return _block_text(element)
    paragraphs: list[str] = []
    loose = [element.text or ""]  # text sitting directly in a container, between its blocks
    for child in element:
        if isinstance(child.tag, str) and child.tag in _CONTAINER_TAGS | _SKIP_TAGS:
            paragraphs.extend(_flush(loose))
            paragraphs.extend(_element_paragraphs(child))
        elif isinstance(child.tag, str) and not _is_chrome(child):
            loose.append(_inline_text(child))
        loose.append(child.tail or "")
    paragraphs.extend(_flush(loose))
    return paragraphs


def _flush(loose: list[str]) -> list[str]:
    text = _tidy_inline("".join(loose))
    loose.clear()
    return [text] if text else []


def _block_text(element: HtmlElement) -> list[str]:
    if element.tag == "tr":
        cells = [_inline_text(c) for c in element if isinstance(c.tag, str) and c.tag in ("td", "th")]
        text = " | ".join(_tidy_inline(c) for c in cells if _tidy_inline(c))
    else:
        text = _tidy_inline(_inline_text(element))
    if text and element.tag == "li":
        text = "- " + text
    return [text] if text else []


def _inline_text(element: HtmlElement) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str) and not _is_chrome(child):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_chrome(element: HtmlElement) -> bool:
    return (
        element.tag in _SKIP_TAGS
        or (element.get("role") or "").lower() in _CHROME_ROLES
        or bool(_CHROME.search(_class_id(element)))
    )


def _headline(tree: HtmlElement, article: HtmlElement | None) -> str | None:
    """The article's <h1>, or the page's only <h1> (several <h1> means a listing page, not a post)."""
    if article is not None:
        first = next(iter(article.iter("h1")), None)
        if first is not None:
            return _tidy_inline(first.text_content()).replace("\n", " ") or None
    headings = [h for h in tree.iter("h1") if not _inside(h, _OTHER_POSTS, stop=None) and not _is_chrome(h)]
    if len(headings) != 1:
        return None
    return _tidy_inline(headings[0].text_content()).replace("\n", " ") or None


def _html_hints(source: str, tree: HtmlElement, article: HtmlElement | None, headline: str | None) -> dict[str, str]:
    site_name = _meta(tree, "og:site_name")
    hints = {
        "title": _meta(tree, "og:title") or headline or _page_title(tree, site_name),
        "date": _html_date(tree, article, source),
        "url": _html_url(tree, source),
        "organisation": site_name or _author_as_org(_meta(tree, "author")) or _json_ld(source, "publisher"),
        "language": normalise_language(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
                                       or _meta(tree, "og:locale") or ""),
    }  # fmt: skip
    return {k: v for k, v in hints.items() if v}


def _meta(tree: HtmlElement, name: str) -> str | None:
    for element in tree.iter("meta"):
        if name in ((element.get("property") or "").lower(), (element.get("name") or "").lower(),
                    (element.get("itemprop") or "").lower()):  # fmt: skip
            content = re.sub(r"\s+", " ", element.get("content") or "").strip()
            if content:
                return content
    return None


def _page_title(tree: HtmlElement, site_name: str | None) -> str | None:
    element = tree.find(".//title")
    title = re.sub(r"\s+", " ", element.text_content()).strip() if element is not None else ""
    for separator in (" | ", " – ", " — ", " - ", " · "):
        head, sep, tail = title.rpartition(separator)
        # "Headline | Site name": the site name is not part of the headline.
        named = bool(site_name) and tail.strip().casefold() == (site_name or "").casefold()
        if sep and head and (named or (separator in (" | ", " · ") and len(tail.split()) <= 5)):
            return head.strip()
    return title or None


def _html_date(tree: HtmlElement, article: HtmlElement | None, source: str) -> str | None:
    for name in ("article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "pubdate"):
        iso = _iso_date(_meta(tree, name))
        if iso:
            return iso
    iso = _time_element_date(tree, article) or _iso_date(_json_ld(source, "datePublished"))
    if iso:
        return iso
    return _trafilatura_date(tree)


def _time_element_date(tree: HtmlElement, article: HtmlElement | None) -> str | None:
    element = _published_time(tree, article)
    return _time_iso(element) if element is not None else None


def _published_time(tree: HtmlElement, article: HtmlElement | None) -> HtmlElement | None:
    """The post's own <time>, not a comment's or a related post's."""
    times = [t for t in tree.iter("time") if not _inside(t, _OTHER_POSTS, stop=None)]
    if article is not None:
        times = [t for t in times if article in t.iterancestors()] or times
    preferred = [t for t in times if "publish" in _class_id(t).lower() or t.get("itemprop") == "datePublished"]
    return next((t for t in preferred + times if _time_iso(t)), None)


def _time_iso(element: HtmlElement) -> str | None:
    return _iso_date(element.get("datetime") or "") or _iso_date(element.text_content())


def _add_dateline(
    paragraphs: list[str], published: HtmlElement | None, article: HtmlElement | None, headline: str | None
) -> None:
    """Keep the visible "Posted on 23 January 2024" under the headline: the extractor drops it as page
    furniture, but it is the only place the page states its date, and answers must quote the text."""
    if published is None:
        return
    shown = _tidy_inline(published.text_content()).replace("\n", " ")
    if not shown or parse_date(shown) != _time_iso(published):
        return  # "3 days ago" or a date the page does not show
    if any(_squash(shown) in _squash(p) for p in paragraphs[:4]):
        return
    line = shown
    parent = published.getparent()
    if parent is not None and parent is not article and parent.tag not in ("body", "html"):
        around = _tidy_inline(_inline_text(parent)).replace("\n", " ")
        line = around if shown in around and len(around) <= 160 else shown
    after = next((i + 1 for i, p in enumerate(paragraphs[:3]) if headline and _squash(headline) in _squash(p)), 0)
    paragraphs.insert(after, line)


def _trafilatura_date(tree: HtmlElement) -> str | None:
    from trafilatura import extract_metadata
    from trafilatura.settings import set_date_params

    try:
        # Without the "extensive" search: guessing from any date in the body is worse than no date.
        meta = extract_metadata(copy.deepcopy(tree), date_config=set_date_params(False))
    except Exception:  # metadata is a bonus: a page it cannot date is still a page
        return None
    return _iso_date(getattr(meta, "date", None) or "") if meta is not None else None


def _html_url(tree: HtmlElement, source: str) -> str | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            url = _http_url(element.get("href"))
            if url:
                return url
    url = _http_url(_meta(tree, "og:url"))
    if url:
        return url
    # Browsers stamp "saved from url=(0097)https://..." at the top of pages saved to disk.
    saved = _SAVED_FROM.search(source[:4096])
    return _http_url(saved.group(1)) if saved else None


def _json_ld(source: str, key: str) -> str | None:
    for block in re.findall(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", source, re.S | re.I):
        try:
            found = _find_key(json.loads(block), key)
        except ValueError:
            continue
        if isinstance(found, dict):
            found = found.get("name")
        if isinstance(found, str) and found.strip():
            return found.strip()
    return None


def _find_key(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        if key in node:
            return node[key]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = _find_key(item, key)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------- authors as organisations

_SOFTWARE_AUTHORS = {
    "python-docx", "administrator", "admin", "user", "owner", "author", "unknown", "microsoft office user",
    "windows user", "utilisateur", "utilisateur windows", "auteur", "root", "default", "anonymous",
}  # fmt: skip
_ORG_WORDS = re.compile(
    r"\b(?:alliance|collective|collectif|coalition|association|foundation|fondation|network|réseau|union|"
    r"syndicat|federation|fédération|campaign|campagne|trust|society|société|institute|institut|ligue|"
    r"league|council|conseil|committee|comité|ngo|ong|group|groupe|movement|mouvement|inc|ltd|llc|"
    r"gmbh|press|presse|media|médias|office|bureau|agency|agence|ministry|ministère|university|université|"
    r"centre|center|club|fund|fonds|lab|laboratoire|project|projet|initiative|team|équipe)\b",
    re.I,
)


def _author_as_org(author: str | None) -> str | None:
    """An author field names the organisation only when it is not a person or a software default."""
    if not author:
        return None
    author = re.sub(r"\s+", " ", author).strip()
    if author.casefold() in _SOFTWARE_AUTHORS or "@" in author or not author[:1].isupper():
        return None
    words = author.split()
    if _ORG_WORDS.search(author) or len(words) >= 4 or re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", author):
        return author
    return None  # "Félix Marchand-Ouellet", "Jane Smith": people, not organisations


# ---------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?|seite|página)\s*\d+(?:\s*(?:of|/|sur|de|von)\s*\d+)?$|^\d+\s*(?:/|of|sur)\s*\d+$",
    re.I,
)
_BARE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,4}\s*[-–—]?$")
_EDGE_LINES = 4
_BULLET_START = re.compile(r"^(?:[•▪◦●■□➢►‣⁃·*]|[-–](?=\s)|\d{1,2}[.)](?=\s))")


@dataclass
class _PdfLine:
    text: str
    y: float | None = None  # baseline height on the page, from the text matrix
    size: float | None = None  # font size in points, as drawn


def _load_pdf(data: bytes) -> LoadedFile:
    if b"%PDF-" not in data[:1024]:
        raise SkipFile("not a valid PDF (corrupt or mislabelled file)")
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SkipFile("password-protected PDF")
        pages = _pdf_pages(reader)
    except SkipFile:
        raise
    except Exception as exc:
        raise SkipFile(f"corrupt PDF: {_short(exc)}") from exc
    letters = sum(1 for page in pages for line in page for c in line.text if c.isalpha())
    if letters < 20 * max(1, len(pages)):
        raise SkipFile("no text layer (scanned PDF?)")
    paragraphs = _pdf_paragraphs(_strip_running_lines(pages))
    return LoadedFile(text=_paragraphs_to_text(paragraphs), hints=_pdf_hints(reader))


def _pdf_pages(reader: Any) -> list[list[_PdfLine]]:
    pages: list[list[_PdfLine]] = []
    failures = 0
    for page in reader.pages:
        try:
            pages.append(_page_lines(page))
        except Exception:  # one broken page should not cost the rest of the document
            failures += 1
            pages.append([])
    if pages and failures == len(pages):
        raise SkipFile("corrupt PDF: no page could be read")
    return pages


def _page_lines(page: Any) -> list[_PdfLine]:
    """The page's text lines with where they sit: pypdf's own text, split where it breaks lines."""
    lines = [_PdfLine("")]

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, font_size: float) -> None:
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append(_PdfLine(""))
            line = lines[-1]
            if piece.strip() and line.y is None:
                matrix = _matrix_product(tm, cm)
                line.y = matrix[5]
                line.size = font_size * abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5
            line.text += piece

    page.extract_text(visitor_text=visit)
    for line in lines:
        # Justified text comes out with runs of spaces; a reader sees one.
        line.text = re.sub(r"[ \t]+", " ", line.text).strip()
    return [line for line in lines if line.text]


def _matrix_product(m: list[float], n: list[float]) -> tuple[float, ...]:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.casefold())).strip()


def _is_edge(index: int, count: int) -> bool:
    return index < _EDGE_LINES or index >= count - _EDGE_LINES


def _strip_running_lines(pages: list[list[_PdfLine]]) -> list[list[_PdfLine]]:
    """Drop running headers and footers (the same line at the top or bottom of most pages) and page numbers."""
    edge_keys = [{_line_key(line.text) for i, line in enumerate(page) if _is_edge(i, len(page))} for page in pages]
    counts = Counter(key for keys in edge_keys for key in keys)
    repeated = {key for key, n in counts.items() if key and n >= 2 and 2 * n > len(pages)}
    cleaned: list[list[_PdfLine]] = []
    for page in pages:
        kept = []
        for index, line in enumerate(page):
            edge = _is_edge(index, len(page))
            running = _line_key(line.text) in repeated or _BARE_NUMBER.match(line.text)
            if _PAGE_NUMBER.match(line.text) or (edge and running):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def _pdf_paragraphs(pages: list[list[_PdfLine]]) -> list[str]:
    """Rebuild paragraphs: from the spacing between lines when the layout has paragraph spacing,
    else from the text (a short line before a capital ends a paragraph)."""
    lines = [line for page in pages for line in page]
    page_of = [number for number, page in enumerate(pages) for _ in page]
    width = _typical_width([line.text for line in lines])
    pitch = _line_pitch(pages)
    vocabulary = {w.casefold() for line in lines for w in re.findall(r"[^\W\d_][\w-]*", line.text)}
    paragraphs: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        if paragraphs[-1] and _BULLET_START.match(line.text):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        if index + 1 == len(lines):
            break
        following = lines[index + 1]
        ratio = _gap_ratio(line, following) if page_of[index] == page_of[index + 1] else None
        if pitch is not None and ratio is not None:
            ends = ratio > 1.25 * pitch or _new_style(line, following) or _BULLET_START.match(following.text)
            # A heading set in bold at body size has no extra space after it but is a short line.
            ends = ends or (len(line.text) < 0.6 * width and _ends_paragraph(line.text, following.text, width))
        else:
            ends = _ends_paragraph(line.text, following.text, width)
        if ends:
            paragraphs.append([])
    return [_join_lines(p, vocabulary) for p in paragraphs if p]


def _new_style(line: _PdfLine, following: _PdfLine) -> bool:
    """A change of font size: headline to body, body to small print."""
    if not line.size or not following.size:
        return False
    return abs(line.size - following.size) > 0.1 * max(line.size, following.size)


def _gap_ratio(line: _PdfLine, following: _PdfLine) -> float | None:
    """Distance between two baselines in units of the font size; None if the layout says nothing."""
    if line.y is None or following.y is None or not following.size:
        return None
    gap = line.y - following.y
    return gap / following.size if gap > 0 else None


def _line_pitch(pages: list[list[_PdfLine]]) -> float | None:
    """The usual spacing of lines within a paragraph, if the layout also has wider paragraph gaps."""
    ratios = sorted(
        ratio for page in pages for a, b in pairwise(page)
        if (ratio := _gap_ratio(a, b)) is not None
    )  # fmt: skip
    if len(ratios) < 3:
        return None
    pitch = ratios[len(ratios) // 2]
    return pitch if any(r > 1.25 * pitch for r in ratios) else None


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


def _ends_paragraph(line: str, following: str, width: int) -> bool:
    if _BULLET_START.match(following):
        return True
    if line.endswith(("-", "\u00ad")) or following[:1].islower():
        return False
    if len(line) < 0.8 * width:
        return True
    # Nearly full but ending a sentence, with the next line starting a new one.
    return len(line) < 0.9 * width and line.endswith((".", "!", "?", '"', "”", "»", ":"))


def _join_lines(lines: list[str], vocabulary: set[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("\u00ad"):
            text = text[:-1] + line
        elif re.search(r"[^\W\d_]-$", text) and line[:1].islower():
            text = _dehyphenate(text, line, vocabulary)
        elif re.search(r"\w-$", text):
            text += line  # "21,060-" + "signature", "Jean-" + "Pierre": the hyphen is real
        else:
            text = f"{text} {line}"
    return text


def _dehyphenate(text: str, line: str, vocabulary: set[str]) -> str:
    """ "sub-" + "munitions": drop the hyphen unless the document spells the word with one."""
    head = re.search(r"([^\W\d_][\w-]*)-$", text)
    tail = re.match(r"[\w-]+", line)
    if head and tail and f"{head.group(1)}-{tail.group(0)}".casefold() in vocabulary:
        return text + line
    return text[:-1] + line


def _pdf_hints(reader: Any) -> dict[str, str]:
    try:
        info = reader.metadata
        title, author = (info.title, info.author) if info is not None else (None, None)
        created = info.creation_date if info is not None else None
    except Exception:  # a malformed info dictionary only costs the hints
        return {}
    hints: dict[str, str] = {}
    if _real_title(title):
        hints["title"] = re.sub(r"\s+", " ", str(title)).strip()
    org = _author_as_org(str(author)) if author else None
    if org:
        hints["organisation"] = org
    if isinstance(created, datetime):
        hints["file_date"] = created.date().isoformat()
    return hints


def _real_title(title: object) -> bool:
    """Document titles are often left as "Microsoft Word - CP_final2.docx" or "Untitled"."""
    if not isinstance(title, str):
        return False
    title = title.strip()
    if len(title) < 4 or not re.search(r"[^\W\d_]{2}", title):
        return False
    if re.match(r"^(?:(?:untitled|sans titre|document\s*\d*)$|microsoft (?:word|powerpoint) -)", title, re.I):
        return False
    if re.search(r"\.(?:docx?|pdf|odt|rtf|txt|indd|pages|html?)$", title, re.I):
        return False
    return " " in title or not re.search(r"[_\d]", title)


# ---------------------------------------------------------------- Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_SHOWN = {f"{_W}del", f"{_W}moveFrom", _MC_FALLBACK}
_MIN_VISIBLE_PT = 4.0
_NEAR_WHITE = 0xF0
_MAX_DOCX_EXPANSION = 200 * _MIB
_PYTHON_DOCX_STAMP = datetime(2013, 12, 23, 23, 15)


def _load_docx(data: bytes) -> LoadedFile:
    document = _open_docx(data)
    paragraphs = list(_docx_blocks(document, document.element.body))
    if not paragraphs:
        raise SkipFile("no visible text in the document")
    return LoadedFile(text=_paragraphs_to_text(paragraphs), hints=_docx_hints(document))


def _open_docx(data: bytes) -> DocxDocument:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SkipFile("not a valid .docx: an old .doc or a password-protected file (save it as .docx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_DOCX_EXPANSION:
                raise SkipFile("not a valid .docx: it unpacks to more than 200 MB")
            if "word/document.xml" not in archive.namelist():
                raise SkipFile("not a valid .docx: no document inside the archive")
    except zipfile.BadZipFile:
        raise SkipFile("not a valid .docx: not a zip archive") from None
    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception as exc:
        raise SkipFile(f"not a valid .docx: {_short(exc)}") from exc


def _docx_blocks(document: DocxDocument, container: Any) -> Iterator[str]:
    """Paragraphs and tables in reading order; content controls are looked into."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            text = _docx_paragraph(document, Paragraph(child, document._body))
            if text:
                yield text
        elif child.tag == f"{_W}tbl":
            yield from _docx_table(document, Table(child, document._body))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_blocks(document, content)


def _docx_table(document: DocxDocument, table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if all(cell._tc is not c._tc for c in cells):  # a merged cell repeats in row.cells
                cells.append(cell)
        if len(cells) == 1:
            # A one-cell row is a box of text laid out with a table: keep its paragraphs.
            yield from _docx_blocks(document, cells[0]._tc)
            continue
        texts = [" ".join(_docx_blocks(document, c._tc)) for c in cells]
        line = " | ".join(t for t in texts if t)
        if line:
            yield line


def _docx_paragraph(document: DocxDocument, paragraph: Paragraph) -> str:
    from docx.text.run import Run

    parts: list[str] = []
    for element in paragraph._p.iter(f"{_W}r"):
        if any(a.tag in _NOT_SHOWN for a in element.iterancestors()):
            continue
        run = Run(element, paragraph)
        if _run_is_visible(document, paragraph, run):
            parts.append(run.text)
    text = "".join(parts).strip()
    if text and _is_list_paragraph(paragraph):
        text = "- " + text
    return text


def _is_list_paragraph(paragraph: Paragraph) -> bool:
    p_pr = paragraph._p.pPr
    style = paragraph.style.name if paragraph.style is not None else ""
    return (p_pr is not None and p_pr.numPr is not None) or "List" in (style or "")


def _run_is_visible(document: DocxDocument, paragraph: Paragraph, run: Any) -> bool:
    """False for text no reader sees: hidden, microscopic, or near-white on a white page.

    A line of tiny near-white text is a known prompt-injection vector: invisible to the person who
    reviews the release, but read by the model. If no human reader can see it, it is not the release.
    """
    fonts = _font_chain(document, paragraph, run)
    if _first(fonts, lambda f: f.hidden) is True:
        return False
    size = _first(fonts, lambda f: f.size)
    if size is not None and size.pt < _MIN_VISIBLE_PT:
        return False
    return not (_near_white(fonts) and not _dark_background(run, paragraph))


def _font_chain(document: DocxDocument, paragraph: Paragraph, run: Any) -> list[Any]:
    """Fonts in the order Word resolves a property: the run, its character style, the paragraph style."""
    fonts = [run.font]
    fonts.extend(style.font for style in _style_chain(run.style if run._r.rPr is not None else None))
    fonts.extend(style.font for style in _style_chain(paragraph.style))
    return fonts


def _style_chain(style: BaseStyle | None) -> Iterator[Any]:
    seen = 0
    while style is not None and seen < 10:
        yield style
        style = style.base_style
        seen += 1


def _first(fonts: list[Any], getter: Callable[[Any], Any]) -> Any:
    for font in fonts:
        try:
            value = getter(font)
        except (ValueError, KeyError, AttributeError):  # a malformed attribute is as good as absent
            continue
        if value is not None:
            return value
    return None


def _near_white(fonts: list[Any]) -> bool:
    from docx.enum.dml import MSO_THEME_COLOR

    for font in fonts:
        try:
            color = font.color
            if color.type is None:
                continue
            if color.theme_color in (MSO_THEME_COLOR.BACKGROUND_1, MSO_THEME_COLOR.LIGHT_1):
                return True
            rgb = color.rgb
        except (ValueError, KeyError, AttributeError):
            continue
        if rgb is not None:
            return all(channel >= _NEAR_WHITE for channel in rgb)
        return False
    return False


def _dark_background(run: Any, paragraph: Paragraph) -> bool:
    """White text on a dark highlight or shading is visible: keep it."""
    r_pr = run._r.rPr
    highlight = r_pr.find(f"{_W}highlight") if r_pr is not None else None
    if highlight is not None and highlight.get(f"{_W}val") not in (None, "none", "white", "lightGray", "yellow"):
        return True
    for props in (r_pr, paragraph._p.pPr):
        shading = props.find(f"{_W}shd") if props is not None else None
        fill = shading.get(f"{_W}fill") if shading is not None else None
        if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
            channels = [int(fill[i : i + 2], 16) for i in (0, 2, 4)]
            if sum(channels) / 3 < 0x90:
                return True
    return False


def _docx_hints(document: DocxDocument) -> dict[str, str]:
    try:
        props = document.core_properties
        title, author, created = props.title, props.author, props.created
    except Exception:  # broken docProps only cost the hints
        return {}
    hints: dict[str, str] = {}
    if _real_title(title):
        hints["title"] = re.sub(r"\s+", " ", title).strip()
    org = _author_as_org(author)
    if org:
        hints["organisation"] = org
    # python-docx stamps its template's date on every document it creates: that says nothing.
    if isinstance(created, datetime) and created.replace(tzinfo=None) != _PYTHON_DOCX_STAMP:
        hints["file_date"] = created.date().isoformat()
    return hints


_LOADERS: dict[str, Callable[[bytes], LoadedFile]] = {
    ".txt": _load_txt,
    ".text": _load_txt,
    ".md": _load_md,
    ".markdown": _load_md,
    ".html": _load_html,
    ".htm": _load_html,
    ".xhtml": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}

SUPPORTED_SUFFIXES = frozenset(_LOADERS)
