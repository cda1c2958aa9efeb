"""The fact a quoted sentence gives, in a few words, for the answer's first line ("75 000 personnes.").

Generic: a figure with its unit, a date, or a capitalised name that the question does not already give,
the one standing nearest to the question's own words. When the sentence holds nothing of the kind asked
for, there is no first line and the quote speaks for itself.
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

from bot.claim_facts import CURRENCY, HEDGES, TEXT2NUM_LANGUAGES
from bot.features import QuestionSignals, fold
from index.reading import MONTHS

_ARTICLES = frozenset("the a an la le les l un une des el los las una die der das den dem ein eine".split())
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) >= 3), key=len, reverse=True))
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{_MONTH_RE})\.?(?:,?\s+(?:de\s+)?\d{{4}})?\b"
    rf"|\b(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTH_RE})\s+(?:de\s+)?\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:1[0-9]|20)\d{2}\b",
    re.IGNORECASE,
)
# A figure, with the currency or modifier written around it and up to two words of unit after it.
_FIGURE = re.compile(
    r"(?:[€$£]\s?)?\d+(?:[\s\u00a0\u202f.,]\d{3})*(?:[.,]\d+)?(?:\s?(?:%|[€$£]|k€|M€)|(?:[kKMB]|bn)\b)?"
    r"(?:\s+(?:millions?|milliards?|billions?|thousand|million|mil|millones))?"
    # A share of a whole: "14 of 20 stations", "27 of the 40 apps", "19 des 58 applications", "3 sur 10".
    r"(?:\s+(?:out\s+of|of|sur|des|de|de\s+los|de\s+las|von)\s+(?:the\s+|les\s+)?\d+(?:[\s\u00a0\u202f.,]\d{3})*)?"
    # One word of unit ("75 000 personnes", "19 weeks"), after "de"/"of" when it has one ("3,4 millions de points").
    r"(?:\s+(?:(?:de|of)\s+|d['’])?[^\W\d_][\w'’-]*)?",
    re.UNICODE,
)
# What stands before a figure and changes what it says: "less than 40%" is not "40%", « plus de 75 000
# personnes » not "75 000 personnes". The lead keeps it.
_MODIFIER = re.compile(
    rf"\b(?:{HEDGES}|less than|fewer than|under|below|moins de|menos de|weniger als|unter)\s*$", re.IGNORECASE
)
# A question about money ("how much does it cost", « quel montant », "¿cuánto cuesta?") is answered by a
# sum, not by the count beside it ("more than 100,000,000 certificates" for the price of one).
_MONEY_QUESTION = re.compile(
    r"\b(?:cost\w*|price\w*|pay|pays|paid|spen[dt]\w*|budgets?|worth|fund(?:s|ed|ing)?|invest\w*|"
    r"co[uû]t\w*|prix|pay[ée]\w*|d[ée]pens\w*|montants?|financ\w*|"
    r"cuest\w*|cost[oó]|precios?|pag[oóa]\w*|presupuesto|gast\w*|"
    r"kost\w*|preis\w*|betrag|bezahl\w*)\b",
    re.IGNORECASE,
)
# ...unless it asks for a share ("what share of its assets", « quelle part du budget »).
_SHARE_QUESTION = re.compile(
    r"\b(?:shares?|percent\w*|proportions?|part|parts|pourcentages?|taux|porcentajes?|proporci[oó]n|anteil|prozent\w*)\b",
    re.IGNORECASE,
)
_CURRENCY = re.compile(CURRENCY, re.IGNORECASE)
_NAME = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w’'-]*(?:\s+(?:(?:de|du|des|da|di|van|von|der|del|la|le|of|the|y|e|al|bin|ben)\s+)?"
    r"[A-ZÀ-ÖØ-Þ][\w’'-]*)*"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+", re.UNICODE)
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"|„[^“”]*[“”]")
_UNIT_STOP = re.compile(
    r"\s+(?:the|and|in|on|at|of|to|for|by|from|with|le|la|les|et|en|au|aux|à|dans|par|pour|sur|el|los|las|y|"
    r"con|der|die|das|und|im|am|is|are|was|were|have|has|had|ont|sont|est|a|été)\b(?!\s+(?:the\s+|les\s+)?\d).*$",
    re.IGNORECASE,
)


# "what do/does/did X ...", "what is X calling for", "que/qu'est-ce que X ...", "qué hace X": the question's
# subject is given, and it asks what that subject does or says.
_ASKS_WHAT_IS_DONE = re.compile(
    r"^\s*(?:what\s+(?:do|does|did|will|would|should|can)\b|what\s+(?:is|are|was|were)\s+.+\b\w{3,}ing\s+"
    r"(?:for|about|against|to)\b|qu['’]est-ce\s+qu|que\s+(?!\w+\s+(?:est|sont)\b)\w+|"
    r"qu['’](?:a|ont|avait|fait)\b|¿?\s*qu[eé]\s+(?:hace|hizo|pide|piden|dice|dicen|quiere|quieren)\b)",
    re.IGNORECASE,
)
_TRIM = "'\"“”«»‘’!?.,;:()[]"

# Inside a capitalised run, these join a title to what it heads ("EU Policy Manager of FSFE", "CEO of
# OW2", "Head of the Research Center"): a person's name holds "de" or "van", never these. (An acronym alone
# does not tell a role: "SC Magdebourg" answers a PIAF "contre qui" question.)
_ROLE_JOINS = frozenset(["of", "the"])
_NAME_KINDS = frozenset(["person", "place", "entity", "other"])


def _spelled_numbers(question: str, language: str) -> frozenset[str]:
    """The figures a question writes in words: "after one year" gives no "1 year" to answer with."""
    if language not in TEXT2NUM_LANGUAGES:
        return frozenset()
    try:
        # Every number, "one" and "un" included: here they only say what the answer is not.
        digits = alpha2digit(question, language, threshold=0)
    except Exception:  # text2num raising on odd text must not cost the answer its first line
        return frozenset()
    return frozenset(re.findall(r"\d+", digits)) - frozenset(re.findall(r"\d+", question))


def _plain(text: str) -> str:
    """Folded, with typographic apostrophes made plain and quotation marks and punctuation trimmed: "Let’s"
    in a release is the question's "Let's", and "Code'" its "Code"."""
    return fold(text).replace("’", "'").strip(_TRIM)


def _anchor_positions(sentence: str, q: QuestionSignals) -> list[int]:
    """Character offsets of the sentence's words that the question also uses."""
    forms = {f for _, fs in q.terms for f in fs}
    out = []
    for m in _WORD.finditer(sentence):
        w = fold(m.group(0))
        if w in forms or (len(w) >= 5 and "~" + w[:5] in forms):
            out.append(m.start())
    return out


def _nearest(spans: list[tuple[int, int]], anchors: list[int], *, names: bool) -> tuple[int, int] | None:
    if not spans:
        return None
    if not anchors:
        return spans[0]
    # A name is measured from its nearer edge: one written before its role ("Cedric Thomas – CEO of OW2")
    # ends next to the role, however long it is. A figure from its start, where its number is.
    if names:
        return min(spans, key=lambda s: min(max(s[0] - a, a - s[1], 0) for a in anchors))
    return min(spans, key=lambda s: min(abs(s[0] - a) for a in anchors))


def answer_span(sentence: str, q: QuestionSignals) -> str | None:
    kind = q.kind
    spans: list[tuple[int, int]] = []
    question = _plain(q.text)
    if kind in ("entity", "other") and _ASKS_WHAT_IS_DONE.match(q.text):
        # "What does the campaign demand?", "Que demande la coalition ?": what is asked for is an action or
        # a content, which the quote gives; a name picked out of it would answer another question.
        return None
    if kind == "date":
        spans = [m.span() for m in _DATE.finditer(sentence) if fold(m.group(0)) not in question]
    elif kind == "number":
        given = q.numbers | _spelled_numbers(q.text, q.language)
        money = bool(_MONEY_QUESTION.search(q.text)) and not _SHARE_QUESTION.search(q.text)
        for m in _FIGURE.finditer(sentence):
            text = _UNIT_STOP.sub("", m.group(0)).strip()
            digits = re.sub(r"\D", "", text.split()[0] if text.split() else "")
            if not digits or digits in given or re.fullmatch(r"(?:1[0-9]|20)\d{2}", text):
                continue
            words = text.split()
            if len(words) > 1 and _plain(words[-1]) in MONTHS:
                continue  # "27 June" is a day, not how many

            # The currency may stand just before the figure ("$3.35M", "£1.8 million") or after it.
            if money and not _CURRENCY.search(sentence, max(0, m.start() - 2), m.start() + len(text) + 2):
                continue
            modifier = _MODIFIER.search(sentence, 0, m.start())
            spans.append((modifier.start() if modifier else m.start(), m.start() + len(text)))
    elif kind in _NAME_KINDS:
        # Capitalised words inside quotation marks are a title or a slogan, not who did it.
        quoted = [q_.span() for q_ in _QUOTED.finditer(sentence)] if kind == "person" else []
        for m in _NAME.finditer(sentence):
            if any(start <= m.start() < end for start, end in quoted):
                continue
            span = m.span()
            words = m.group(0).split()
            if m.start() == 0 and len(words) > 2 and words[1].islower():
                # "Today the Free Software Foundation...": the sentence's first word is not part of the name.
                offset = m.group(0).index(words[2])
                span, words = (m.start() + offset, m.end()), words[2:]
            plain = [_plain(w) for w in words]
            if all(w in MONTHS for w in plain):
                continue  # "February" is when, not who or what
            fresh = [w for w in plain if w and w not in q.capitals and w not in question]
            if span[0] == 0 and len(words) == 1:
                continue
            # A person is named with two words or more ("Paulo Ferreira"), not after an article.
            before = sentence[: span[0]].split()
            # "Le Collectif Le Train des Combes", "The Tenants' Union" open with an article: not a person.
            article = (before and before[-1].lower() in _ARTICLES) or words[0].lower() in _ARTICLES
            if kind == "person" and (len(words) < 2 or article or _ROLE_JOINS.intersection(words)):
                continue
            if fresh and span[1] - span[0] >= 3:
                spans.append(span)
    best = _nearest(spans, _anchor_positions(sentence, q), names=kind in _NAME_KINDS)
    if best is None:
        return None
    fact = sentence[best[0] : best[1]].strip(" ,;:.")
    if not fact or len(fact) > 60 or len(fact) >= len(sentence) - 3:
        return None
    return fact
