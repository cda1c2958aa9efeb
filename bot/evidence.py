"""What a sentence holds that could answer a question: figures, names, dates not already in the question."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from bot.question import AnswerKind, may_name_a_date
from ingest.keyword_index import normalise_numbers
from ingest.metadata import MONTHS

_MONTHS = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
DATE = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19|20)\d{2}$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD_NUMBERS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|vingt|trente|cent|mille)\b",
    re.IGNORECASE,
)
_CAP = r"[A-ZÀ-ÖØ-Ý][\w’'-]*"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:de |du |des |d’|d'|von |van |la |le |of |the )?{_CAP})+")
# People: capitalised words in a row, with the particles names use, but not "of the" (that makes organisations).
_PERSON = re.compile(rf"{_CAP}(?:\s+(?:de |du |des |d’|d'|von |van |ben |bin |la |le )?{_CAP})+")
_SINGLE_CAP = re.compile(rf"(?<=[a-zà-ÿ,;:(«“\"] ){_CAP}")


def numbers(text: str) -> set[str]:
    """Figures in the text, number styles unified; dates and bare years are not figures."""
    stripped = DATE.sub(" ", text) if may_name_a_date(text) else text
    values = {m.group(0) for m in _NUMBER.finditer(normalise_numbers(stripped))}
    return {v for v in values if not _YEAR.match(v)}


def names(text: str, *, single: bool = True) -> set[str]:
    """Capitalised names: two words or more, and (with `single`) one capitalised word inside a sentence."""
    found = {m.group(0).lower() for m in _NAME.finditer(text)}
    if single:
        found |= {m.group(0).lower() for m in _SINGLE_CAP.finditer(text)}
    return found


def dates(text: str) -> set[str]:
    return {m.group(0).lower() for m in DATE.finditer(text)} if may_name_a_date(text) else set()


_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget) (all |any |the )?(previous|prior|above|earlier|preceding) "
    r"(instructions?|prompts?|messages?|rules)|\b(answer|reply|respond|say) only\b|"
    r"\bsystem prompt\b|\byou are now\b|\bas an ai\b|"
    r"\bignore[sz]? (toutes )?(les )?(instructions|consignes) (précédentes|ci-dessus)|"
    r"\bréponds? (uniquement|seulement)\b",
    re.IGNORECASE,
)


def looks_like_instruction(sentence: str) -> bool:
    """Text in a release that talks to a machine ("ignore previous instructions...") is a prompt
    injection planted for AI readers: it is never a fact worth quoting."""
    return bool(_INSTRUCTION.search(sentence))


# Month names long enough not to be ordinary words ("may", "mar" are left out).
_FULL_MONTHS = {m for m in MONTHS if len(m) >= 4} - {"sept", "janv", "févr", "fevr", "juil"}

_NOT_NAMES = set(_MONTHS.split("|")) | {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "the",
    "le",
    "la",
    "les",
    "a",
    "an",
    "un",
    "une",
    "about",
    "à",
    "au",
    "in",
    "on",
    "for",
    "pour",
    "selon",
    "according",
    "after",
    "après",
    "this",
    "ce",
    "cette",
}


# Words that make a capitalised run an organisation or a place, not a person.
_ORG_WORDS = {
    "alliance",
    "association",
    "bank",
    "board",
    "borough",
    "caisse",
    "capital",
    "centre",
    "center",
    "city",
    "coalition",
    "collectif",
    "collective",
    "college",
    "committee",
    "comité",
    "conseil",
    "council",
    "data",
    "department",
    "fund",
    "fonds",
    "foundation",
    "fondation",
    "group",
    "groupe",
    "inc",
    "industries",
    "institute",
    "laboratoire",
    "laboratory",
    "league",
    "ligue",
    "ltd",
    "ministry",
    "ministère",
    "network",
    "observatory",
    "observatoire",
    "party",
    "parti",
    "réseau",
    "school",
    "école",
    "society",
    "société",
    "union",
    "university",
    "université",
    "ville",
    "street",
    "road",
    "rue",
    "avenue",
    "station",
    "gare",
    "park",
    "press",
    "release",
    "communiqué",
    "audit",
    "petition",
    "pétition",
    "campaign",
    "campagne",
    "act",
    "loi",
    "law",
}


_PERSON_CUE = re.compile(
    r"\b(said|says|told|added|explained|according to|by|led by|chaired by|coordinated by|dr|mr|mrs|ms|"
    r"prof|professor|councillor|cllr|mayor|minister|m|mme|mlle|me|maître|selon|par|a déclaré|déclare|"
    r"explique|ajoute|témoigne|observe|souligne|rappelle|estime|affirme|confie|précise|president|président|"
    r"présidente|chair|chairman|chairwoman|director|directeur|directrice|spokesperson|spokesman|spokeswoman|"
    r"porte-parole|coordinator|coordinatrice|coordinateur|volunteer|bénévole|lawyer|avocat|avocate|engineer|"
    r"ingénieur|ingénieure|researcher|chercheur|chercheuse|nurse|infirmière|infirmier|member|membre|"
    r"councillor|conseiller|conseillère|ceo|pdg|chief executive|executive|head|manager|leader|founder|"
    r"fondateur|fondatrice|préfet|préfète|maire|mayor|secretary|secrétaire)\.?(?:\s+[a-zà-ÿ][\w’'-]*){0,3}\s*$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"^\s*(,\s*(a|an|the|who|le|la|l'|l’|qui|directeur|directrice|président|présidente|porte-parole|"
    r"avocat|avocate|chercheur|chercheuse|coordinat|spokes|chair|head|director|lawyer|researcher|chief|ceo|"
    r"executive|founder|fondat|manager|leader|secretary|secrétaire|councillor|conseill|mayor|maire|member|membre|"
    r"\d{2} ans|aged)|\s+(said|says|told|added|a déclaré|déclare|explique|ajoute|estime))",
    re.IGNORECASE,
)


_TITLE = re.compile(
    r"(?:M|Mme|Mlle|Me|Maître|Dr|Docteur|Pr|Prof|Professor|Professeur|Mr|Mrs|Ms|Sir|Dame|Lord|Lady|"
    r"Councillor|Cllr|Alderman|Mayor|Maire|Senator|Sénateur|Sénatrice|Député|Députée|Minister|Ministre|"
    r"Judge|Juge|Rev|Father|Sister)\.?\s+",
)


def person_mentions(text: str, question: str) -> set[str]:
    """Names that read as people: a title or a speech verb before, or an apposition after
    ("said spokesperson Amira Castell", "Ruth Abernethy, who coordinated", "Me Bérénice Lafleur-Santos")."""
    out = set()
    for match in _PERSON.finditer(text):
        name = match.group(0)
        if not person_names(name, question):
            continue
        before, after = text[max(0, match.start() - 40) : match.start()], text[match.end() : match.end() + 30]
        titled = _TITLE.match(name)
        if titled:
            # "Councillor Marcus Feld": the title makes it a person and is not part of the name.
            out |= person_names(name[titled.end() :], question, least=1)
        elif _PERSON_CUE.search(before) or _PERSON_AFTER.search(after):
            out |= person_names(name, question)
    return out


def person_names(text: str, question: str, *, least: int = 2) -> set[str]:
    """Runs of two or more capitalised words, none of them named in the question: how people are named
    ("Ruth Abernethy", "Bérénice Lafleur-Santos"). Organisations the question names are not answers.
    After a title one word is enough ("Dr Okafor"): pass `least=1`."""
    q_words = {w.lower() for w in _WORD_RE.findall(question)}
    out = set()
    runs = _PERSON.finditer(text) if least > 1 else re.finditer(rf"{_CAP}(?:\s+{_CAP})*", text)
    for match in runs:
        words = [w for w in re.split(r"\s+", match.group(0)) if w[:1].isupper()]
        if any(w.lower().strip("’'") in _ORG_WORDS for w in words):
            continue
        fresh = [w for w in words if w.lower() not in q_words and w.lower() not in _NOT_NAMES]
        if len(fresh) >= least:
            out.add(" ".join(fresh).lower())
    return out


_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*", re.UNICODE)


def _new(items: set[str], question_text: str) -> bool:
    q = question_text.lower()
    return any(item not in q and not any(part in q for part in item.split() if len(part) > 3) for item in items)


_MONEY_QUESTION = re.compile(
    r"\b(how much (?:money|did|does|do|will|would|is|was|has|have|had)|value|worth|cost|costs|price|spend|spent|"
    r"paid|pay|budget|investment|funding|montant|valeur|co[uû]t\w*|prix|pay[ée]\w*|d[ée]pens\w*|"
    r"investissement|financement)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[€$£¥]|\b(euros?|dollars?|pounds?|livres?|francs?|M€|k€|CHF|CAD|USD|EUR|GBP)\b", re.IGNORECASE)


def holds_answer(sentence: str, question: str, kind: AnswerKind) -> bool:
    """Does the sentence hold something of the kind asked for that the question does not already say?"""
    if kind == "number":
        if _MONEY_QUESTION.search(question) and not _MONEY.search(sentence):
            return False  # "how much did it cost" is not answered by a count of votes
        q_numbers = numbers(question)
        return bool(numbers(sentence) - q_numbers) or bool(_WORD_NUMBERS.search(sentence))
    if kind == "date":
        # "In January" answers "when" too: the lead gives the release's date for the year.
        months = {w for w in _WORD_RE.findall(sentence.lower()) if w in _FULL_MONTHS} - set(question.lower().split())
        return _new(dates(sentence), question) or bool(re.search(r"\b(19|20)\d{2}\b", sentence)) or bool(months)
    if kind == "person":
        return bool(person_mentions(sentence, question))
    if kind in ("org", "place"):
        return _new(names(sentence), question)
    return True


_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W\d_][\w’'-]*", re.UNICODE)


def _prefix(word: str) -> str:
    return word[:5].lower() if len(word) >= 6 else word.lower()


def nearness(
    sentence: str,
    question: str,
    kind: AnswerKind,
    stems: Callable[[str], list[str]],
    *anchor_sets: tuple[Collection[str], str],
) -> list[float]:
    """For each (stems, words) anchor set: 1.0 when a figure/name/date of the kind asked stands right next
    to one of its words ("46 primary schools", "coordinated by ... Ruth Abernethy"), falling to 0 five
    words away. Anchors match on a stem or on a five-letter prefix of the words.

    Sentences often hold several figures; the one next to the thing asked about is the answer. The
    sentence is read once for all the anchor sets (the question's words, the unit or role asked about).
    """
    if kind == "other":
        return [0.0] * len(anchor_sets)
    if kind != "date" and may_name_a_date(sentence):
        sentence_ = DATE.sub(lambda m: " " * len(m.group(0)), sentence)
    else:
        sentence_ = sentence
    text = normalise_numbers(sentence_)
    words = [m.group(0) for m in _WORD.finditer(text)]
    q_words = set(_WORD.findall(normalise_numbers(question.lower())))
    person_words = (
        {w for name in person_mentions(sentence, question) for w in name.split()} if kind == "person" else set()
    )
    items = [
        i
        for i, word in enumerate(words)
        if (word.lower() in person_words if kind == "person" else _is_item(word, kind) and word.lower() not in q_words)
    ]
    out: list[float] = []
    for anchor_stems, anchor_text in anchor_sets:
        prefixes = {_prefix(w) for w in _WORD.findall(anchor_text.lower()) if len(w) >= 4}
        anchors = [
            i
            for i, word in enumerate(words)
            if len(word) >= 3 and (_prefix(word) in prefixes or any(s in anchor_stems for s in stems(word.lower())))
        ]
        distance = min((abs(i - j) for i in items for j in anchors if i != j), default=99)
        out.append(max(0.0, 1.0 - (distance - 1) / 5))
    return out


def _is_item(word: str, kind: AnswerKind) -> bool:
    if kind == "number":
        return (word[0].isdigit() and not _YEAR.match(word)) or bool(_WORD_NUMBERS.fullmatch(word))
    if kind == "date":
        return word.lower() in _MONTHS.split("|") or bool(_YEAR.match(word))
    return word[0].isupper()


_OF_NAME = re.compile(
    rf"^\W*(?:[\w'’-]+\s+){{0,2}}?(?:of|at|de|du|des|d['’]|chez)\s+(?:the\s+|la\s+|le\s+|l['’])?({_CAP})"
)


def role_of_another(
    sentence: str, role_tokens: frozenset[str], organisation: str, stems: Callable[[str], list[str]]
) -> bool:
    """True when every mention of the role asked about belongs to an organisation other than the one
    asked about: "executive director of the Blind Spot Collective" does not answer "the CEO of Trajecta"."""
    org_words = {w.lower() for w in _WORD_RE.findall(organisation) if len(w) > 2}
    owners = []
    for match in _WORD.finditer(sentence):
        word = match.group(0).lower()
        if len(word) >= 3 and any(s in role_tokens for s in stems(word)):
            owner = _OF_NAME.match(sentence[match.end() :])
            owners.append(owner.group(1).lower() if owner else None)
    return bool(owners) and all(o is not None and o not in org_words for o in owners)
