"""What a release's text says of itself, read the way a journalist would: the dateline near the top, the
headline after the "FOR IMMEDIATE RELEASE" banner, the organisation from its "About ..." boilerplate at
the bottom, its language; and the month names and date patterns behind them.

The ingest builds release records with these (ingest.metadata, where format hints win); the bot reads
questions' dates and answers questions about a release with the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# A dateline sits in the first lines; dates further down are usually about past events.
_TOP_LINES = 15
_MAX_TITLE_CHARS = 200

_MONTHS: dict[str, int] = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
# Month names and abbreviations -> month number; the answer engine reads dates in questions with it too.
MONTHS = _MONTHS
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DAY_SUFFIX = r"(?:er|ᵉʳ|st|nd|rd|th)?"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 28 mars 2020, 1er avril 2024, 28 March 2020, 14. März 2024, 14 de marzo de 2024
    (re.compile(rf"(?<!\w)(\d{{1,2}}){_DAY_SUFFIX}\.?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?(\d{{4}})(?!\d)",
                re.I), "dmy"),
    # March 28, 2020
    (re.compile(rf"(?<!\w)({_MONTH_RE})\.?\s+(\d{{1,2}}){_DAY_SUFFIX},?\s+(\d{{4}})(?!\d)", re.I), "mdy"),
    # 2024-03-14, 2024/03/14 (not inside a URL path or a longer number)
    (re.compile(r"(?<![\w/.-])(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?![\d/])"), "iso"),
    # 14/03/2024, 14.03.2024: day first, as in French and British usage
    (re.compile(r"(?<![\w/.,-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/])"), "num"),
)  # fmt: skip


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WEEKDAYS = _wordset(
    "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday"
)
# Words that make "X, <date>" a sentence about another date rather than a dateline.
_NOT_DATELINE_WORDS = _wordset(
    "depuis since until till avant before after après dès from by between entre during pendant embargo "
    "embargoed updated mis jusqu'au jusqu’au"
)
_NOT_DATELINE_FIRST = _wordset(
    "on in en au aux le la les the a an un une ce cette this at à of de du des et and il elle we nous"
)
_PLACE_CHARS = re.compile(r"^[\w\s,.'’()\-]+$")

_BOILERPLATE = re.compile(
    r"for immediate release|immediate release|pour diffusion immediate|diffusion immediate|"
    r"communique de presse|communique|press release|news release|media release|media advisory|"
    r"avis aux medias|avis de presse|embargo[^-–—|]*|sous embargo[^-–—|]*",
    re.I,
)
_END_MARKERS = {"ends", "end", "fin", "-30-", "30", "###", "- fin -", "– fin –"}
_CONTACT = re.compile(
    r"^\W*(?:(?:media|press|presse|médias?)\s+)?contacts?\b|\S@\S|\b(?:tel|tél|phone|téléphone|mobile)\s*[.:]|"
    r"(?:\+\d|\b0\d)[\d .()-]{7,}\d|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b",
    re.I,
)

_ABOUT = re.compile(
    r"^(?:about|à propos|a propos|über|acerca|sobre)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)?"
    r"(?:the\s+|la\s+|le\s+|les\s+|l['’]\s*)?(?P<name>[^:]{2,80}?)\s*(?::.*)?$",
    re.I,
)
_ABOUT_NOT_ORG = frozenset({"us", "nous", "this release", "ce communiqué", "the author", "the authors"})
_NAME_WORD = r"[A-ZÀ-ÝŒ0-9][\w'’&.-]*"
_NAME_LINK = r"(?:of|for|de|des|du|la|le|and|et|sans|pour|the|&|l['’]|d['’])"
_SUBJECT = re.compile(
    rf"^(?:The\s+|Le\s+|La\s+|Les\s+|L['’]\s*)?(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_NAME_LINK}\s*(?={_NAME_WORD})))*)"
    r"\s*(?:\([^)]{1,60}\))?,?\s+(?:is|est|are|sont)\s+(?:a|an|the|un|une|la|le|l['’])\b"
)
_ORG_NOUNS = re.compile(
    r"organi[sz]ation|organisme|coalition|charity|non-?profit|sans but lucratif|but non lucratif|association|"
    r"collecti(?:f|ve)|alliance|network|réseau|\bong\b|\bngo\b|\bgroup|\bgroupe|campaign|union|syndicat|"
    r"foundation|fondation|movement|mouvement|f[ée]d[ée]ration|trust|société|society|institut|club|ligue|league",
    re.I,
)
_ORG_KEYWORDS = re.compile(
    r"\b(?:alliance|collective|collectif|coalition|association|foundation|fondation|network|réseau|union|"
    r"syndicat|federation|fédération|campaign|campagne|trust|society|société|institute|institut|ligue|league|"
    r"council|conseil|committee|comité|ngo|ong|group|groupe|movement|mouvement|inc|ltd|llc)\b",
    re.I,
)

# Function words and question words: enough to tell a release, and a one-line question, apart.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _wordset(
        "the and of to in is that for it with was on are by this be at from have has had which will said its "
        "their were not but or who been an how what when where why many much did does do whose"
    ),
    "fr": _wordset(
        "le la les des du et est une pour dans que qui sur par au aux avec ce cette sont pas plus ne se son "
        "ses d l qu été ont leur nous vous elle il à combien quel quelle quels quelles quand où comment "
        "pourquoi lequel laquelle"
    ),
    "de": _wordset(
        "der die das und ist nicht mit den dem von zu ein eine auf für sich im auch wird werden wie viele wann "
        "wo warum wer"
    ),
    "es": _wordset(
        "el los las y por para con una es del al lo como más pero sus está cuántos cuántas cuánto cuándo dónde "
        "qué quién quiénes cuál cuáles cómo hay han fue ha"
    ),
    "it": _wordset(
        "il gli della delle degli dei nel nella sono che non è hanno anche quanti quante quando dove perché chi "
        "cosa questo questa alla alle ha di qual quale quali del"
    ),
    "pt": _wordset(
        "os das dos não uma em ao às pelo pela são foi também quantos quantas onde porque quem isso esta este "
        "do da o é qual"
    ),
}
# Letters that lean one way when the words alone are too few to decide.
_LETTERS = {"fr": "èêàçùœâîôûë«»", "de": "äöüß", "es": "ñ¿¡áíóú", "pt": "ãõ", "it": "ìò"}
# Marks only one of the languages writes: each counts as a word of it.
_MARKS = {"es": "¿¡"}
# Scripts that name their language outright.
_SCRIPTS = {"ar": re.compile(r"[\u0600-\u06FF\u0750-\u077F]"), "he": re.compile(r"[\u0590-\u05FF]")}


@dataclass(frozen=True)
class _FoundDate:
    iso: str
    strong: bool  # a dateline, as opposed to a date mentioned in a sentence
    top: bool  # within the first lines of the release


# ---------------------------------------------------------------- public


def parse_date(text: str) -> str | None:
    """The publication date of a release as YYYY-MM-DD, or None if it mentions no full date.

    A dateline near the top wins, then a dateline anywhere ("Lyon, le 14 mars 2024" at the bottom),
    then any date mentioned in the first lines.
    """
    found = find_dates(text)
    for wanted in ((True, True), (True, False), (False, True)):
        for item in found:
            if (item.strong, item.top) == wanted:
                return item.iso
    return None


def detect_language(text: str) -> str:
    """ "fr", "en", "de", "es", "it" or "pt" by counting common function words, "ar" or "he" by their
    script; "en" when unsure."""
    sample = text[:8000].casefold()
    letters = sum(ch.isalpha() for ch in sample) or 1
    for lang, script in _SCRIPTS.items():
        if len(script.findall(sample)) >= 0.3 * letters:
            return lang
    words = re.findall(r"[a-zà-ÿœß]+", sample.replace("’", "'").replace("'", " "))
    scores = {lang: float(sum(1 for w in words if w in stop)) for lang, stop in _STOPWORDS.items()}
    for lang, letters in _LETTERS.items():
        # A name like "Quéré" in an English question must not outweigh its words: at most one point.
        scores[lang] += min(1.0, 0.25 * sum(sample.count(c) for c in letters))
    for lang, marks in _MARKS.items():
        scores[lang] += sum(sample.count(c) for c in marks)
    best = max(scores, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 1 or ranked[0] < 1.3 * ranked[1]:
        return "en"
    return best


def title_from_text(text: str) -> str | None:
    """The headline: the first line near the top that is not a banner, a dateline or a contact line."""
    candidates: list[str] = []
    for line in _top_lines(text, _TOP_LINES):
        candidate = _title_candidate(line)
        if candidate:
            candidates.append(candidate)
    for candidate in candidates:
        if len(candidate.split()) >= 5:
            return candidate
    return candidates[0] if candidates else None


def organisation_from_text(text: str) -> str | None:
    """The publishing organisation from the release's boilerplate; None when there is no clear sign."""
    lines = _nonempty_lines(text)
    return _org_from_about(lines, text) or _org_from_subject(lines) or _org_after_title(text)


# ---------------------------------------------------------------- paths and sources


# ---------------------------------------------------------------- dates


def iso_or_none(value: str) -> str | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", value.strip())
    return valid_date(int(match[1]), int(match[2]), int(match[3])) if match else None


def valid_date(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def dates_in_line(line: str) -> list[tuple[int, int, str]]:
    """(start, end, iso) of each date in a line, left to right, without overlaps."""
    spans: list[tuple[int, int, str]] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            iso = _match_to_iso(match, kind)
            if iso and not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), iso))
    return sorted(spans)


def _match_to_iso(match: re.Match[str], kind: str) -> str | None:
    if kind == "dmy":
        return valid_date(int(match[3]), _MONTHS[match[2].casefold()], int(match[1]))
    if kind == "mdy":
        return valid_date(int(match[3]), _MONTHS[match[1].casefold()], int(match[2]))
    if kind == "iso":
        return valid_date(int(match[1]), int(match[3]), int(match[4]))
    day, month, year = int(match[1]), int(match[3]), int(match[4])
    # Day first, unless that cannot be a date and month first can (an American 03/14/2024).
    return valid_date(year, month, day) or valid_date(year, day, month)


def find_dates(text: str) -> list[_FoundDate]:
    found: list[_FoundDate] = []
    for index, line in enumerate(_nonempty_lines(text)):
        for start, end, iso in dates_in_line(line):
            shape = _dateline_shape(line[:start], line[end:])
            top = index < _TOP_LINES
            strong = shape in ("place", "alone") or (top and shape == "lead")
            found.append(_FoundDate(iso=iso, strong=strong, top=top))
    return found


def _dateline_shape(prefix: str, suffix: str) -> str:
    """How the date sits in its line: "place" (Lyon, le 14 mars 2024), "alone", "lead" or "inline"."""
    prefix = prefix.strip(" \t*_#>\u00a0")
    suffix = suffix.strip(" \t*_\u00a0")
    if not prefix:
        if not suffix.strip(".:;,—–-|)"):
            return "alone"
        return "lead" if suffix[0] in "–—-:|,.)" else "inline"
    return "place" if _looks_like_place(prefix) else "inline"


def _looks_like_place(prefix: str) -> bool:
    words = prefix.rstrip(" ,:").split()
    # "Lyon, le", "Posted on", "Lyon, mardi": the cue word and weekday are not part of the place.
    while words and words[-1].casefold().strip(",") in {"le", "on", "the", "dated", "daté", "du"} | _WEEKDAYS:
        words.pop()
    if not words or len(words) > 7:
        return False
    place = " ".join(words).strip(" ,")
    if len(place) > 60 or not _PLACE_CHARS.match(place) or not re.search(r"[^\W\d_]", place):
        return False
    folded = [w.casefold().strip(",.()") for w in words]
    if folded[0] in _NOT_DATELINE_FIRST or any(w in _NOT_DATELINE_WORDS for w in folded):
        return False
    return place.lstrip("(")[:1].isupper()


# ---------------------------------------------------------------- titles


def _nonempty_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _top_lines(text: str, count: int) -> list[str]:
    return _nonempty_lines(text)[:count]


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so positions in the folded text hold."""
    out: list[str] = []
    for char in text:
        bare = [c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c)]
        out.append(bare[0] if len(bare) == 1 else char.lower()[:1] or char)
    return "".join(out)


def strip_banner(line: str) -> str:
    """What is left of a line once "PRESS RELEASE", "POUR DIFFUSION IMMÉDIATE"... are taken out."""
    pieces: list[str] = []
    last = 0
    for match in _BOILERPLATE.finditer(_fold(line)):
        pieces.append(line[last : match.start()])
        last = match.end()
    pieces.append(line[last:])
    return " ".join(p.strip(" -–—|:,.") for p in pieces if p.strip(" -–—|:,.")).strip()


def _title_candidate(line: str) -> str | None:
    line = re.sub(r"\s+", " ", line.strip(" \t*_#>")).strip()
    if not line or len(line) > _MAX_TITLE_CHARS or not re.search(r"[^\W\d_]", line):
        return None
    if line.casefold() in _END_MARKERS or _CONTACT.search(line) or line.endswith(":"):
        return None
    if line[:1] in "•▪◦●-–*" or (len(line.split()) <= 8 and _ABOUT.match(line)):
        return None
    rest = strip_banner(line)
    if rest != line and len(rest.split()) < 4:
        return None  # a banner, maybe with a place: "FOR IMMEDIATE RELEASE – KESTERMOOR"
    dates = dates_in_line(rest)
    if dates:
        without = rest
        for start, end, _ in reversed(dates):
            without = without[:start] + without[end:]
        if len(without.split()) <= 4:
            return None  # a dateline
    return rest


# ---------------------------------------------------------------- organisations


def _valid_org(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" .,:;–—-")
    name = re.sub(r"\s*\([^)]*\)$", "", name).strip()
    if not 2 <= len(name) <= 80 or len(name.split()) > 8 or not name[:1].isupper():
        return None
    if name.casefold() in _ABOUT_NOT_ORG:
        return None
    return name


def _org_from_about(lines: list[str], text: str) -> str | None:
    # The "About X" boilerplate is at the end; an earlier "About" line may be about someone else.
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip(" *_#")
        if len(line.split(":")[0].split()) > 10:
            continue
        match = _ABOUT.match(line)
        if not match or match["name"].casefold().strip() in _ABOUT_NOT_ORG:
            continue
        heading = match["name"].strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        name = _valid_org(_fuller_name(heading, following) or _proper_case(heading, text))
        if name:
            return name
    return None


def _fuller_name(heading: str, paragraph: str) -> str | None:
    """The subject of "The Kestermoor Hot Dinners Alliance is a ..." when it names the heading's org."""
    match = _SUBJECT.match(paragraph)
    if not match:
        return None
    name = match["name"]
    return name if _fold(heading) in _fold(name) or _fold(name) in _fold(heading) else None


def _proper_case(name: str, text: str) -> str:
    """A heading in capitals ("À PROPOS DE NOS RETRAITES SANS ARMES") spelt as the text spells it."""
    if not name.isupper():
        return name
    pattern = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.I)
    for match in pattern.finditer(text):
        if not match[0].isupper():
            return match[0]
    return name.title()


def _org_from_subject(lines: list[str]) -> str | None:
    for line in reversed(lines):
        match = _SUBJECT.match(line)
        if match and _ORG_NOUNS.search(line[match.end() : match.end() + 120]):
            name = _valid_org(match["name"])
            if name:
                return name
    return None


def _org_after_title(text: str) -> str | None:
    """An organisation named on its own line right under the headline ("Kestermoor Hot Dinners Alliance")."""
    lines = _top_lines(text, _TOP_LINES)
    title = title_from_text(text)
    if not title:
        return None
    for index, line in enumerate(lines[:-1]):
        if title in line:
            after = lines[index + 1].strip(" *_#")
            words = after.split()
            if 1 <= len(words) <= 6 and not re.search(r"\d", after) and _ORG_KEYWORDS.search(after):
                return _valid_org(after)
            if _ACRONYM.fullmatch(after):
                # "JVP" alone under the headline: its spelt-out name when the text gives it.
                return _valid_org(_spelt_out(after, text) or after)
            return None
    return None


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
_NAME_RUN = re.compile(
    r"\b[A-ZÀ-Ö][\w’'-]+(?:\s+(?:(?:for|of|the|and|de|du|des|la|le|pour|et|für|der|y|del)\s+)*[A-ZÀ-Ö][\w’'-]+)+"
)


def _spelt_out(acronym: str, text: str) -> str | None:
    """A run of capitalised words in the text whose initials spell the acronym ("Jewish Voice for Peace")."""
    letters = acronym.replace("&", "")
    for match in _NAME_RUN.finditer(text):
        words = match.group(0).split()
        capitals = [w for w in words if w[0].isupper()]
        for start in range(len(capitals)):
            initials = "".join(w[0] for w in capitals[start : start + len(letters)])
            if initials == letters and len(capitals) - start >= len(letters):
                first = words.index(capitals[start])
                last = len(words) - 1 - words[::-1].index(capitals[start + len(letters) - 1])
                return " ".join(words[first : last + 1])
    return None
