"""Cut a release's text into citable chunks: whole paragraphs, or sentence-aligned pieces of long ones.

Every chunk is a slice of the release text (`text[chunk.start:chunk.end] == chunk.text`), because answers
quote chunks verbatim and citations point at the exact passage. Paragraph indices count every paragraph
returned by `split_paragraphs`, boilerplate included, so a paragraph keeps its number whatever is dropped.

Paragraphs and sentences come from index.sentences, the splitter the bot quotes with too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.records import Chunk
from index.sentences import sentence_spans, split_paragraphs, split_sentences, strip_span

# A paragraph shorter than this (a heading, a dateline, a byline) is not worth a chunk of its own.
SHORT_PARAGRAPH_CHARS = 80

__all__ = ["SHORT_PARAGRAPH_CHARS", "chunk_release", "is_boilerplate", "split_paragraphs", "split_sentences"]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        span = strip_span(text, pos, line_end)
        if span:
            spans.append(span)
        pos = line_end + 1
    return spans


# ---------------------------------------------------------------------------------------------------
# Boilerplate
# ---------------------------------------------------------------------------------------------------


def _fold(line: str) -> str:
    """Lowercase, strip accents and Markdown emphasis, squeeze spaces: one form for FR/EN, md/plain."""
    decomposed = unicodedata.normalize("NFKD", line.casefold())
    no_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    no_accents = no_accents.replace("’", "'")
    return " ".join(no_accents.strip().strip("*_#> \t").split())


# End-of-release markers once dashes, hashes and stars are gone: "###", "-30-", "– FIN –", "ENDS".
_END_MARKERS = {"", "fin", "end", "ends", "30", "fin du communique", "end of release", "end of press release"}
_MARKER_PUNCT = re.compile(r"[\s\-–—#*_=~.·•|]+")

# Labels printed above the headline; a line made only of these (and separators) carries no content.
_RELEASE_LABELS = re.compile(
    r"pour (?:diffusion|publication) immediate|diffusion immediate|for immediate release|immediate release"
    r"|communiques? de presse|communiques?|press releases?|news releases?|media releases?|a diffuser"
)
_LABEL_SEPARATORS = re.compile(r"[\s\-–—|:•·/,]+")

_PAGE_NUMBER = re.compile(
    r"(?:(?:page|p\.?)\s*\d{1,4}(?:\s*(?:/|sur|of|de)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|sur|of)\s*\d{1,4}"
    r"|[-–—]?\s*\d{1,3}\s*[-–—]?)"
)

# "Contact:" needs its colon (or an email/phone on the line) so that "Contact was made with..." survives.
_CONTACT_LABEL = re.compile(
    r"(?:(?:media|press|medias?|presse) contacts?|contacts?(?: (?:presse|de presse|medias?|media|press))?"
    r"|relations? (?:presse|medias)|(?:media|press) (?:enquiries|inquiries)"
    r"|pour (?:plus d'informations?|toute information)|for (?:more|further) information)\s*:"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d .\-()\u00a0]{6,}\d")
_CONTACT_WORDS = re.compile(
    r"\b(?:tel|tél|phone|telephone|téléphone|mobile|portable|cell|fax|e-?mail|courriel|contact)\b\.?",
    re.IGNORECASE,
)

_SHARE_LINE = re.compile(
    r"(?:share|partager|partagez|partage)"
    r"(?: (?:this|on|sur|cet|cette|ceci|via|l'article|article|page|post|la page|le communique))*\s*:?"
    r"(?:\s*(?:facebook|twitter|x|linkedin|e-?mail|courriel|whatsapp|bluesky|mastodon|telegram|reddit"
    r"|imprimer|print)\s*[,|]?)*"
)
# Widget headings that are the whole line; capped in length so a sentence starting alike is kept.
_WIDGET_PREFIXES = (
    "vous aimerez aussi",
    "vous pourriez aussi aimer",
    "vous pourriez egalement aimer",
    "you may also like",
    "you might also like",
    "related posts",
    "related articles",
    "articles similaires",
    "articles connexes",
    "sur le meme sujet",
    "laisser un commentaire",
    "laisser une reponse",
    "leave a comment",
    "leave a reply",
)
_COMMENT_FORM_PREFIXES = (
    "votre adresse e-mail ne sera pas publiee",
    "votre adresse email ne sera pas publiee",
    "votre adresse de messagerie ne sera pas publiee",
    "your email address will not be published",
    "les champs obligatoires sont indiques",
    "required fields are marked",
)
_COMMENT_COUNT = re.compile(r"\d+ (?:comments?|commentaires?|reponses?|replies)")
_TRANSLATION_CREDIT = re.compile(
    r"traduction\b.{0,60}\bpour\b.*|traduction ?:.*|traduit(?:e)? (?:de l'?\S+ )?par\b.*"
    r"|translat(?:ed|ion) (?:from \S+ )?by\b.*"
)


def _phones(line: str) -> list[str]:
    # Phone numbers have 9+ digits; "4 600 000" or "2011-2016" are figures, not phones.
    return [m for m in _PHONE_LIKE.findall(line) if sum(c.isdigit() for c in m) >= 9]


def _is_contact_line(folded: str, raw: str) -> bool:
    if _CONTACT_LABEL.match(folded):
        return True
    emails, phones = _EMAIL.findall(raw), _phones(raw)
    if not emails and not phones:
        return False
    # "mostly an email/phone": what is left once addresses, numbers and their labels go is a name at most.
    rest = _EMAIL.sub("", raw)
    for phone in phones:
        rest = rest.replace(phone, "")
    rest = _CONTACT_WORDS.sub("", rest)
    rest_chars = sum(c.isalnum() for c in rest)
    all_chars = sum(c.isalnum() for c in raw)
    return rest_chars <= 0.5 * all_chars


def is_boilerplate_line(line: str) -> bool:
    """True for a single line that carries no content of the release (end marker, label, contact, widget)."""
    folded = _fold(line)
    if _MARKER_PUNCT.sub(" ", folded).strip() in _END_MARKERS:
        return True
    if not _LABEL_SEPARATORS.sub("", _RELEASE_LABELS.sub("", folded)):
        return True
    if _PAGE_NUMBER.fullmatch(folded):
        return True
    if _is_contact_line(folded, line):
        return True
    if len(folded) <= 80 and (
        _SHARE_LINE.fullmatch(folded)
        or folded.startswith(_WIDGET_PREFIXES)
        or _COMMENT_COUNT.fullmatch(folded)
        or _TRANSLATION_CREDIT.fullmatch(folded)
    ):
        return True
    return len(folded) <= 250 and folded.startswith(_COMMENT_FORM_PREFIXES)


def is_boilerplate(paragraph: str) -> bool:
    """True when a paragraph is only boilerplate: end marker, release label, contact block, page number,
    share/comment widget or translation credit. "About <org>" paragraphs and quotes are never boilerplate.
    """
    lines = [line for line in paragraph.splitlines() if line.strip()]
    if not lines:
        return True
    # A contact block: "Media contact:" then a few short lines of name, role, email, phone.
    if _CONTACT_LABEL.match(_fold(lines[0])) and len(lines) <= 6 and all(len(x) <= 120 for x in lines):
        return True
    return all(is_boilerplate_line(line) for line in lines)


def _content_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The paragraph minus boilerplate lines at its edges ("28 MARS 2020\\nContact: ..." keeps the date)."""
    if is_boilerplate(text[start:end]):
        return None
    lines = _line_spans(text, start, end)
    while lines and is_boilerplate_line(text[lines[0][0] : lines[0][1]]):
        lines.pop(0)
    while lines and is_boilerplate_line(text[lines[-1][0] : lines[-1][1]]):
        lines.pop()
    return (lines[0][0], lines[-1][1]) if lines else None


# ---------------------------------------------------------------------------------------------------
# Chunks
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    start: int
    end: int
    paragraph: int
    short: bool  # a whole short paragraph, still looking for a neighbour to join


_CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|\s[–—-](?=\s)")


def _cap_length(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than max_chars at clause breaks, else at spaces, else anywhere."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        limit = start + max_chars
        floor = start + max_chars // 3  # avoid slivers: a break too near the start is not worth it
        cut = None
        for m in _CLAUSE_BREAK.finditer(text, floor, limit):
            cut = m.start() + 1 if text[m.start()] in ",;:" else m.start()
        if cut is None:
            space = max(text.rfind(" ", floor, limit), text.rfind("\n", floor, limit))
            cut = space if space > start else limit
        if cut <= start:  # a break right at the start would not move forward
            cut = limit
        span = strip_span(text, start, cut)
        if span:
            pieces.append(span)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    span = strip_span(text, start, end)
    if span:
        pieces.append(span)
    return pieces


def _pack(spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Group consecutive sentences into as few pieces as fit in max_chars, with sizes as even as possible.

    Greedy packing leaves a tiny last piece ("880 chars + 40 chars"); minimising the sum of squared sizes
    for the minimal number of pieces balances them instead. Each span must already fit in max_chars.
    """
    n = len(spans)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (pieces, sum of squares) for spans[:i]
    back = [0] * (n + 1)
    best[0] = (0, 0)
    for i in range(1, n + 1):
        for j in range(i - 1, -1, -1):
            size = spans[i - 1][1] - spans[j][0]
            if size > max_chars:
                break
            prev = best[j]
            if prev is None:
                continue
            cand = (prev[0] + 1, prev[1] + size * size)
            current = best[i]
            if current is None or cand < current:
                best[i] = cand
                back[i] = j
    pieces: list[tuple[int, int]] = []
    i = n
    while i > 0:
        j = back[i]
        pieces.append((spans[j][0], spans[i - 1][1]))
        i = j
    return pieces[::-1]


def _units(text: str, max_chars: int) -> list[_Unit]:
    units: list[_Unit] = []
    for index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        span = _content_span(text, p_start, p_end)
        if span is None:
            continue
        start, end = span
        if end - start <= max_chars:
            units.append(_Unit(start, end, index, end - start < SHORT_PARAGRAPH_CHARS))
            continue
        sentences: list[tuple[int, int]] = []
        for s, e in sentence_spans(text, start, end):
            sentences.extend(_cap_length(text, s, e, max_chars))
        units.extend(_Unit(s, e, index, False) for s, e in _pack(sentences, max_chars))
    return units


def _merge_pass(text: str, units: list[_Unit], max_chars: int, *, forward: bool) -> list[_Unit]:
    """Join short units to their next (forward) or previous neighbour when the joined span fits.

    Only neighbours separated by whitespace are joined: a span reaching across a dropped "FOR IMMEDIATE
    RELEASE" or contact line would put that boilerplate back into a cited passage, which is worse than a
    short chunk of its own.
    """
    out: list[_Unit] = []
    for unit in units:
        if out:
            prev = out[-1]
            joinable = prev.short if forward else unit.short
            fits = unit.end - prev.start <= max_chars
            if joinable and fits and not text[prev.end : unit.start].strip():
                # Going forward the joined unit keeps looking only if its last part is short (a run of
                # headings); going backward the short tail has found its home.
                out[-1] = _Unit(prev.start, unit.end, prev.paragraph, unit.short if forward else prev.short)
                continue
        out.append(unit)
    return out


def chunk_release(text: str, *, max_chars: int = 900) -> list[Chunk]:
    """Chunks of `text` in document order: whole paragraphs when they fit in max_chars, sentence-aligned
    pieces of longer ones; boilerplate paragraphs dropped; short lines (headings, datelines) joined to an
    adjacent paragraph when the result fits. Each chunk is the exact slice text[start:end]; `paragraph`
    indexes split_paragraphs(text).
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    # Headings and datelines belong with what follows; a last short line (a URL) with what precedes.
    units = _merge_pass(text, _units(text, max_chars), max_chars, forward=True)
    units = _merge_pass(text, units, max_chars, forward=False)
    return [Chunk(text=text[u.start : u.end], paragraph=u.paragraph, start=u.start, end=u.end) for u in units]
