"""Word documents: visible text only (hidden, deleted and white text dropped)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from index.records import LoadedFile, SkipFile

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph
from ingest.loaders.common import MIB, author_as_org, paragraphs_to_text, real_title, short_reason

# ---------------------------------------------------------------- Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_SHOWN = {f"{_W}del", f"{_W}moveFrom", _MC_FALLBACK}
_MIN_VISIBLE_PT = 4.0
_NEAR_WHITE = 0xF0
_MAX_DOCX_EXPANSION = 200 * MIB
_PYTHON_DOCX_STAMP = datetime(2013, 12, 23, 23, 15)


def _load_docx(data: bytes) -> LoadedFile:
    document = _open_docx(data)
    paragraphs = list(_docx_blocks(document, document.element.body))
    if not paragraphs:
        raise SkipFile("no visible text in the document")
    return LoadedFile(text=paragraphs_to_text(paragraphs), hints=_docx_hints(document))


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
        raise SkipFile(f"not a valid .docx: {short_reason(exc)}") from exc


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
    if real_title(title):
        hints["title"] = re.sub(r"\s+", " ", title).strip()
    org = author_as_org(author)
    if org:
        hints["organisation"] = org
    # python-docx stamps its template's date on every document it creates: that says nothing.
    if isinstance(created, datetime) and created.replace(tzinfo=None) != _PYTHON_DOCX_STAMP:
        hints["file_date"] = created.date().isoformat()
    return hints
