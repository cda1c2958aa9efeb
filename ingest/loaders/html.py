"""Saved web pages: the article only, its metadata from the page."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from index.reading import parse_date
from index.records import LoadedFile, SkipFile
from ingest.metadata import normalise_language

if TYPE_CHECKING:
    from lxml.etree import _Element
    from lxml.html import HtmlElement
from ingest.loaders.common import author_as_org, http_url, iso_date, paragraphs_to_text
from ingest.loaders.text import decode_text

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
    return LoadedFile(text=paragraphs_to_text(paragraphs), hints=_html_hints(source, tree, article, headline))


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
    """trafilatura's metadata, after the page's own markup where that measured better: on the 13 saved
    pages at hand, the visible headline and og: tags gave the same titles, the canonical link one URL it
    missed, and og:site_name / the author / JSON-LD's publisher the organisation where its site name was a
    URL or the headline (3 pages). Its date search runs without the "extensive" guess from body dates."""
    site_name = _meta(tree, "og:site_name")
    found = _trafilatura_metadata(tree)
    title = _meta(tree, "og:title") or headline or _page_title(tree, site_name) or found.get("title")
    organisation = site_name or author_as_org(_meta(tree, "author")) or _json_ld(source, "publisher")
    if not organisation and _plausible_site_name(found.get("sitename"), title):
        organisation = found.get("sitename")
    hints = {
        "title": title,
        "date": _html_date(tree, article, source) or iso_date(found.get("date") or ""),
        "url": _html_url(tree, source) or http_url(found.get("url") or ""),
        "organisation": organisation,
        "language": normalise_language(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
                                       or _meta(tree, "og:locale") or found.get("language") or ""),
        # As written: the metadata step checks them, and refuses the page if they cannot be honoured.
        "embargo": _meta(tree, "embargo"),
        "audience": _meta(tree, "audience"),
    }  # fmt: skip
    return {k: v for k, v in hints.items() if v}


def _plausible_site_name(name: str | None, title: str | None) -> bool:
    """trafilatura falls back on the host name or the headline when a page names no site."""
    if not name or "/" in name or "." in name.split()[-1]:
        return False
    return not title or name.casefold() not in title.casefold()


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
        iso = iso_date(_meta(tree, name))
        if iso:
            return iso
    return _time_element_date(tree, article) or iso_date(_json_ld(source, "datePublished"))


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
    return iso_date(element.get("datetime") or "") or iso_date(element.text_content())


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
    if line != shown:
        # The extractor kept the words around the date ("Communiqué publié le") and dropped the date: that
        # stub goes, the whole line comes back.
        stub = _squash(line.replace(shown, ""))
        paragraphs[:5] = [p for p in paragraphs[:5] if not stub or _squash(p) != stub]
    after = next((i + 1 for i, p in enumerate(paragraphs[:3]) if headline and _squash(headline) in _squash(p)), 0)
    paragraphs.insert(after, line)


def _trafilatura_metadata(tree: HtmlElement) -> dict[str, str]:
    from trafilatura import extract_metadata
    from trafilatura.settings import set_date_params

    try:
        # Without the "extensive" search: guessing from any date in the body is worse than no date.
        meta = extract_metadata(copy.deepcopy(tree), date_config=set_date_params(False))
    except Exception:  # metadata is a bonus: a page it cannot read is still a page
        return {}
    if meta is None:
        return {}
    fields = ("title", "date", "url", "sitename", "language")
    return {key: str(value) for key in fields if (value := getattr(meta, key, None))}


def _html_url(tree: HtmlElement, source: str) -> str | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            url = http_url(element.get("href"))
            if url:
                return url
    url = http_url(_meta(tree, "og:url"))
    if url:
        return url
    # Browsers stamp "saved from url=(0097)https://..." at the top of pages saved to disk.
    saved = _SAVED_FROM.search(source[:4096])
    return http_url(saved.group(1)) if saved else None


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
