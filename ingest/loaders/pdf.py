"""PDF text layers: lines joined into paragraphs, running headers and footers removed."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from index.records import LoadedFile, SkipFile

if TYPE_CHECKING:
    pass
from ingest.loaders.common import author_as_org, paragraphs_to_text, real_title, short_reason

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
        raise SkipFile(f"corrupt PDF: {short_reason(exc)}") from exc
    letters = sum(1 for page in pages for line in page for c in line.text if c.isalpha())
    if letters < 20 * max(1, len(pages)):
        raise SkipFile("no text layer (scanned PDF?)")
    paragraphs = _pdf_paragraphs(_strip_running_lines(pages))
    return LoadedFile(text=paragraphs_to_text(paragraphs), hints=_pdf_hints(reader))


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
    return _top_down([line for line in lines if line.text])


def _top_down(lines: list[_PdfLine]) -> list[_PdfLine]:
    """Lines in reading order when the file draws them from the bottom of the page up (hand-made and some
    generated PDFs do): the last line would otherwise open the text and become the headline. Only a page
    drawn bottom-up for most of its steps is reordered; columns and side boxes keep the file's order."""
    placed = [line.y for line in lines if line.y is not None]
    if len(placed) < 3 or len(placed) < 0.9 * len(lines):
        return lines
    steps = [b - a for a, b in pairwise(placed) if b != a]
    if not steps or sum(step > 0 for step in steps) < 0.8 * len(steps):
        return lines
    return sorted(lines, key=lambda line: -(line.y if line.y is not None else float("-inf")))


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
    if real_title(title):
        hints["title"] = re.sub(r"\s+", " ", str(title)).strip()
    org = author_as_org(str(author)) if author else None
    if org:
        hints["organisation"] = org
    if isinstance(created, datetime):
        hints["file_date"] = created.date().isoformat()
    return hints
