"""Paragraphs and sentences of a release, as character spans of its text.

The one splitter every part uses: ingest cuts chunks and stores sentence offsets with it, the bot quotes the
sentences it finds. Our own rule-based splitter rather than llama-index's `split_by_sentence_tokenizer`:
- llama-index builds an *untrained* NLTK Punkt tokenizer (no abbreviation list): it cuts after "Dr.",
  "p. 4", "No. 5", "St.", "Mr.", "inc.", "etc. and", "J.-P.", "janv. 2025", "cf." and strands the "»."
  of "choses ! ».". It got 15 of 28 FR/EN test sentences right; this module gets all of them (see
  tests/test_chunking.py), and on the seed and eval releases it never cut a name, number or reference;
- it also fails outright in a venv installed by `uv` (our Makefile): NLTK >= 3.10 refuses to open the
  hardlinked data files llama-index ships, so `SentenceSplitter().split_text()` raises PermissionError.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------------------------------

# Lines holding only spaces count as blank: some loaders leave "\u00a0" or " " lines between paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of `text`, trimmed of surrounding whitespace, in order.

    Paragraphs are separated by one or more blank (or whitespace-only) lines; whitespace-only stretches are
    not paragraphs. The index of a span in this list is the `paragraph` number used by chunks.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        seg_end = brk.start() if brk else len(text)
        span = strip_span(text, pos, seg_end)
        if span:
            spans.append(span)
        if brk:
            pos = brk.end()
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


# ---------------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------------

# Titles before a name: a period after them never ends a sentence ("M. Dupont", "Dr. Smith").
_TITLES = {
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Pr", "Dr", "Drs", "Prof", "Mr", "Mrs", "Ms",
    "Messrs", "St", "Ste", "Sr", "Rev", "Hon", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt",
}  # fmt: skip
# Abbreviations that are not sentence ends whatever follows ("cf. Le rapport", "e.g. Paris").
_NEVER_FINAL = {"cf", "vs", "env", "approx", "e.g", "i.e", "c.-à-d", "ca", "resp"}
# Abbreviations followed by a number ("p. 4", "No. 5", "art. 3", "janv. 2025"); only a digit after them is
# ruled out, since "no", "art" or "sept" can end a sentence as plain words.
_BEFORE_NUMBER = {
    "p", "pp", "no", "nos", "nº", "n°", "art", "arts", "vol", "ch", "chap", "fig", "sect", "al", "para",
    "tab", "ann", "réf", "ref", "t", "tél", "tel", "ed", "éd", "op", "janv", "févr", "fév", "avr", "juil",
    "sept", "oct", "nov", "déc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "dec",
}  # fmt: skip
# One or more initials: "E.", "J.-P.", "U.S.", "É.-U." are part of a name, not the end of a sentence.
_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]\.-?)*[A-ZÀ-ÖØ-Þ]")
_LIST_NUMBER = re.compile(r"\d{1,2}|[a-zA-Z]")

_TERMINALS = ".!?…"
_OPENERS = "«“‘\"'([¿¡"
# Closers that never open a quote, so they may follow the punctuation after a (French) space: "Non. »".
_SPACED_CLOSERS = "»”"
_CLOSERS = "»”’\"')]"
_NEXT_START_SYMBOLS = _OPENERS + "#@–—•*-€$£"
_HSPACE = " \t\u00a0\u202f"


def _sentence_end(text: str, i: int, end: int) -> int:
    """From just after a terminal mark, swallow further marks and closing quotes: "! ».", ".”", "?!"."""
    while i < end:
        if text[i] in _TERMINALS or text[i] in _CLOSERS:
            i += 1
            continue
        j = i
        while j < end and text[j] in _HSPACE:
            j += 1
        if j > i and j < end and text[j] in _SPACED_CLOSERS:
            i = j + 1
            continue
        break
    return i


def _word_before(text: str, start: int, pos: int) -> str:
    i = pos
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:pos].lstrip(_OPENERS)


def _at_line_start(text: str, start: int, pos: int) -> bool:
    i = pos
    while i > start and not text[i - 1].isspace():
        i -= 1
    while i > start and text[i - 1] in _HSPACE:
        i -= 1
    return i == start or text[i - 1] == "\n"


def _is_boundary(text: str, start: int, mark: int, next_char: str) -> bool:
    """Whether the terminal mark at `mark` ends a sentence, given the first character after the spaces."""
    # "etc. and", "p. ex. une", "inc. affirme", "« Quoi ? » a-t-il dit": lowercase continues the sentence.
    if next_char.islower():
        return False
    if not (next_char.isupper() or next_char.isdigit() or next_char in _NEXT_START_SYMBOLS):
        return False
    if mark > start and text[mark - 1] in "([":  # "[…]" marks a cut inside a quote
        return False
    if text[mark] != "." or text[mark + 1 : mark + 2] == ".":  # "!", "?", "…", "..." always end one
        return True
    word = _word_before(text, start, mark)
    if word in _TITLES or _INITIALS.fullmatch(word) or word.lower() in _NEVER_FINAL:
        return False
    if next_char.isdigit() and word.lower() in _BEFORE_NUMBER:
        return False
    # "1. L'exclusion..." / "a. Le..." is a list item number, not a one-word sentence.
    return not (_LIST_NUMBER.fullmatch(word) and _at_line_start(text, start, mark - len(word)))


def _is_line_boundary(text: str, start: int, nl: int, end: int) -> bool:
    """A line break ends a sentence unless it looks like a hard wrap (lowercase continuation)."""
    prev = nl
    while prev > start and text[prev - 1].isspace():
        prev -= 1
    nxt = nl + 1
    while nxt < end and text[nxt].isspace():
        nxt += 1
    if prev == start or nxt >= end:
        return False
    return not text[nxt].islower() or text[prev - 1] in _TERMINALS + _CLOSERS + ":;"


_SHORT_QUOTE = 60
# An opening mark and the marks that may close it (pages mix typographic and straight quotes).
_QUOTE_PAIRS = {"“": '”"', "«": "»"}


def _inside_short_quote(text: str, start: int, end: int, mark: int) -> bool:
    """The mark stands inside a short quotation that closes on the same line: a title or a slogan ("the
    “Public Money? Public Code!” campaign"), not the end of the sentence around it."""
    lo = max(start, mark - _SHORT_QUOTE)
    for opener, closers in _QUOTE_PAIRS.items():
        opened = text.rfind(opener, lo, mark)
        if opened < 0 or any(c in text[opened:mark] for c in closers) or "\n" in text[opened:mark]:
            continue
        after = [k for c in closers if (k := text.find(c, mark, min(end, opened + _SHORT_QUOTE))) >= 0]
        closed = min(after, default=-1)
        # The quotation goes on after the mark ("Money? Public"): a mark right before the closing quote
        # ends the quote, and may end the sentence too.
        goes_on = closed > 0 and text[mark:closed].strip(_TERMINALS + _HSPACE)
        if goes_on and "\n" not in text[mark:closed] and "." not in text[opened:closed]:
            return True
    return False


def _boundaries(text: str, start: int, end: int) -> list[int]:
    """Positions in text[start:end] where a sentence ends (exclusive end, before the whitespace)."""
    cuts: list[int] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in _TERMINALS:
            stop = _sentence_end(text, i + 1, end)
            j = stop
            while j < end and text[j].isspace():
                j += 1
            if (
                stop < end
                and j > stop
                and j < end
                and _is_boundary(text, start, i, text[j])
                and not (ch in "?!" and _inside_short_quote(text, start, end, i))
            ):
                cuts.append(stop)
            i = max(stop, i + 1)
            continue
        if ch == "\n" and _is_line_boundary(text, start, i, end):
            prev = i
            while prev > start and text[prev - 1].isspace():
                prev -= 1
            if not cuts or cuts[-1] < prev:
                cuts.append(prev)
        i += 1
    return cuts


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    for cut in [*_boundaries(text, start, end), end]:
        span = strip_span(text, pos, cut)
        if span:
            spans.append(span)
        pos = cut
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (FR or EN), trimmed of whitespace, in order.

    Handles « » and “ ” quotes (closing marks stay with their sentence), titles and initials ("M. Dupont",
    "Dr. Smith", "J.-P. Mercadier"), numbered references ("p. 4", "No. 5"), decimals and grouped numbers
    ("3,2", "11.15am", "12 500") and abbreviations followed by lowercase ("etc. and", "p. ex. une").
    A line break ends a sentence unless the next line starts in lowercase after an unpunctuated line.
    """
    return sentence_spans(text, 0, len(text))
