"""Answers about a release itself (its date, headline, issuer, media contact) rather than the facts in it.

Sentence scoring cannot answer "When was the release about X published?": no sentence of the release says
"this release was published on ...", and the contact block that answers "Who should journalists call?"
is dropped from the searchable chunks as boilerplate. The answers come from the release's metadata and
its full stored text instead, still quoting a line that occurs verbatim in that text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from bot import i18n
from bot.citations import cite, human_date
from bot.question import may_name_a_date
from bot.types import Answer, Passage
from index.reading import parse_date, title_from_text
from index.sentences import split_paragraphs, split_sentences

Field = Literal["date", "title", "issuer", "contact"]
Wanted = Literal["phone", "email", "person"]


@dataclass(frozen=True)
class ReleaseQuestion:
    """What a question asks about the release: the field, and for a contact which part of it."""

    field: Field
    wants: Wanted = "person"


# ---------------------------------------------------------------------------------------------------
# Reading the question
# ---------------------------------------------------------------------------------------------------
# Every pattern below runs on folded text (lower case, no accents, "l'" split from its word), so one
# spelling covers "communiqué"/"communique", "veröffentlicht"/"veroffentlicht", "¿Cuándo"/"cuando".

# A word for the document itself. "release" alone is also a verb and a noun of freeing: it counts only
# when it is not the object of a verb ("will release the figures") nor "the release of the hostages".
_DOC = re.compile(
    r"\b(?:(?:press|news|media)[\s-]+releases?"
    r"|(?<!\bto\s)(?<!\bwill\s)(?<!\bdid\s)(?<!\bnot\s)releases?"
    r"(?!\s+(?:of|the|a|an|its|their|his|her|our|this|these|those|any|some|new|more|it|them)\b)"
    r"|statements?|announcements?"
    r"|communiques?(?:\s+de\s+presse)?|(?<=l'\s)annonce|(?<=cette\s)annonce|declarations?"
    r"|comunicados?(?:\s+de\s+prensa)?|notas?\s+de\s+prensa|notas?\s+informativas?|declaracion(?:es)?"
    r"|(?:presse|medien)?mitteilung(?:en)?|pressemeldung(?:en)?|presseerklarung(?:en)?|erklarung(?:en)?"
    r"|stellungnahmen?|(?:presse)?aussendung(?:en)?)\b"
)
# "according to the release", "dans le communiqué": the release is the source of a fact, not the subject.
_SOURCE_BEFORE = re.compile(
    r"(?:\baccording\s+to|\bas\s+per|\bper|\bin|\bfrom|\bselon|\bd'\s?apres|\bdans|\bsuivant|\blaut|\bgemass"
    r"|\bsegun|\ben|\bde\s+acuerdo\s+con|\bconforme\s+a)\s+"
    r"(?:(?:the|this|that|its|their|le|la|l'|ce|cette|les|el|los|der|dem|die|des|einer|einem)\s*)*$"
)
# "the release says/reports", "le communiqué indique", "the statement that ...": a question about what the
# release tells, or about a statement quoted in it.
_REPORTED_AFTER = re.compile(
    r"(?:'\s?s)?\s*,?\s*(?:\w+\s+)?(?:says?|said|reports?|reported|mentions?|mentioned|states?|stated|claims?"
    r"|claimed|indicates?|describes?|quotes?|quoted|explains?|dit|disait|indique|affirme|precise|mentionne"
    r"|rapporte|evoque|explique|souligne|dice|indica|afirma|menciona|informa|senala|explica|sagt|berichtet"
    r"|meldet|nennt|erwahnt|schreibt|heisst\s+es)\b"
    r"|\s*,?\s*(?:that|saying|que|qu'|disant|diciendo|dass|wonach)\b"
)
# Counts and reasons are facts in the release, whatever document word the question uses.
_FACT_QUESTION = re.compile(
    r"^\W*(?:how\s+(?:many|much|often|long)|why|combien|pourquoi|cuant[oa]s?|por\s+que|wie\s+(?:viele?|oft|lange)"
    r"|warum|weshalb)\b"
)

# Short function words that may stand between a field word and the document word ("date of the release",
# "de quelle date est le communiqué", "Datum der Pressemitteilung", "fecha del comunicado").
_FUNC = (
    r"(?:of|the|is|was|this|that|on|for|a|an|its|their|est|etait|le|la|les|l'|du|de|des|ce|cette|une?"
    r"|del|el|es|fue|der|die|das|dem|ist|war|hat|wurde|von)"
)
_JOINED = rf"(?:\s+{_FUNC}){{0,3}}\s+$"

_DATE_WORD = r"(?:dates?|dated|datum|fecha|when|quand|cuando|wann|what\s+day|quel\s+jour|que\s+dia|welche[mn]?\s+tag)"
_DATE_BEFORE = re.compile(rf"\b{_DATE_WORD}{_JOINED}")
_DATE_AFTER = re.compile(r"(?:'\s?s)?\s+(?:date|dated|datum|fecha)\b")
_DATE_ANY = re.compile(rf"\b{_DATE_WORD}\b")
_PUBLISHED = re.compile(
    r"\b(?:publish(?:ed|es)?|issued|released|put\s+out|sent\s+out|send\s+out|came\s+out|come\s+out|went\s+out"
    r"|go\s+out|dated|publiee?s?|publier|parue?|sortie?|diffusee?s?|emise?|envoyee?|datee?"
    r"|publico|publicad[oa]|publicaron|emitio|emitid[oa]|difundid[oa]|difundio|fechad[oa]|salio"
    r"|veroffentlicht(?:e|en)?|herausgegeben|herausgebracht|erschienen|datiert|verschickt|versandt|verbreitet)\b"
)

_TITLE_WORD = r"(?:titles?|headlines?|heading|titre|intitule|titulo|titular|titel|uberschrift|schlagzeile)"
_TITLE_BEFORE = re.compile(rf"\b{_TITLE_WORD}{_JOINED}")
_TITLE_AFTER = re.compile(r"(?:'\s?s)?\s+(?:title|headline|titre|titulo|titel)\b")
_TITLE_NAMED = re.compile(
    r"\b(?:called|titled|entitled|headlined|intitulee?|titulad[oa]|se\s+titula|se\s+llama|heisst|betitelt"
    r"|lautet)\b(?!\s+(?:for|on|upon|out|off)\b)"
)

_WHO = re.compile(
    r"\b(?:who|whom|by\s+whom|(?:which|what)\s+(?:organi[sz]ations?|groups?|bod(?:y|ies)|associations?|unions?"
    r"|charit(?:y|ies)|campaigns?|ngos?|networks?|coalitions?|collectives?)"
    r"|qui|de\s+qui|par\s+qui|quel(?:le)?s?\s+(?:organisations?|organismes?|associations?|groupes?|collectifs?"
    r"|syndicats?|structures?|ong|reseaux?|coalitions?)"
    r"|quien(?:es)?|(?:que|cual)\s+(?:organizacion|grupo|asociacion|entidad|ong|colectivo|sindicato)"
    r"|wer|von\s+wem|welche[rsmn]?\s+(?:organisation|gruppe|verein|verband|initiative|gewerkschaft|bundnis"
    r"|netzwerk))\b"
)
# Publishing verbs minus "dated": "Who is the contact for the release dated 20 June?" is not about the issuer.
_ISSUED = re.compile(
    r"\b(?:publish(?:ed|es)?|issued|released|put\s+out|sent\s+out|send\s+out|wrote|written|write|authored"
    r"|behind|signed|publiee?s?|publier|diffusee?s?|emise?|envoyee?|redigee?|ecrite?|signee?|emane"
    r"|publico|publicad[oa]|emitio|emitid[oa]|difundio|escribio|firmo|firmad[oa]|redacto"
    r"|veroffentlicht(?:e|en)?|herausgegeben|herausgebracht|verfasst|geschrieben|stammt|unterzeichnet"
    r"|verschickt|verbreitet)\b"
)
_AUTHOR_BEFORE = re.compile(rf"\b(?:authors?|auteure?s?|autor(?:a|es)?|verfasser(?:in)?|herausgeber(?:in)?){_JOINED}")
_FROM_AT_END = re.compile(r"^\s+from\W*$")

_PRESS = re.compile(
    r"\b(?:press|media|journalists?|reporters?|editors?|newsdesks?|newsrooms?|presse|medias|journalistes?"
    r"|redactions?|prensa|medios|periodistas?|medien|journalist(?:en|innen)?|redaktion(?:en)?)\b"
)
# The person a contact block names: "the spokesperson's phone number" asks for the block, but with a verb
# ("how many did the spokesperson say signed?", "the number the spokeswoman gave") it is a fact question.
_SPOKESPERSON = re.compile(
    r"\b(?:spokes(?:person|woman|man|people)s?|porte-paroles?|portavoz|portavoces|vocer[oa]s?"
    r"|(?:presse)?sprecher(?:in|innen)?)\b"
)
# Enough on their own: nobody asks for a "press contact" inside the facts of a release.
_PRESS_CONTACT = re.compile(
    r"\b(?:(?:press|media)\s+(?:contacts?|office|officer|enquiries|inquiries|team)"
    r"|contacts?\s+(?:presse|de\s+presse|medias?|press)|pressekontakt\w*|medienkontakt\w*|pressestelle"
    r"|attachee?\s+de\s+presse|relations?\s+presse|service\s+de\s+presse"
    r"|contactos?\s+(?:de|para)\s+(?:(?:la|los)\s+)?(?:prensa|medios)|(?:gabinete|oficina|responsable)\s+de\s+prensa)\b"
)
# Need a press word or a document word beside them: "phone" alone may be a topic ("phone masts").
_CONTACT_NOUN = re.compile(
    r"\b(?:contacts?|phone|telephone|tel|e-?mail|courriel|mail|coordonnees|telefono|telefon(?:nummer)?"
    r"|correo|contacto|kontakt(?:daten)?|ansprechpartner(?:in)?)\b"
)
# Need a press word: "Did the petition reach 5,000 signatures?" is not about reaching anyone.
_CONTACT_VERB = re.compile(
    r"\b(?:call|ring|reach|get\s+in\s+touch|contact(?:ed|ing)?|appeler|joindre|contacter|ecrire|llamar"
    r"|contactar|escribir|anrufen|erreichen|erreichbar|kontaktieren|number|numero|nummer)\b"
    r"(?!\s+(?:for|on|upon|out|off|it)\b)"
)
_WANTS_PHONE = re.compile(
    r"\b(?:phone|telephone|tel|telefono|telefon(?:nummer)?|number|numero|nummer|call|ring|appeler|llamar"
    r"|anrufen|sms|whatsapp|mobile|portable|handy)\b"
)
_WANTS_EMAIL = re.compile(r"\b(?:e-?mail|courriel|mail|correo|adresse\s+electronique|ecrire|escribir|write)\b")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("’", "'").replace("‘", "'")
    # "l'annonce", "d'après", "s'intitule": the elided article becomes a word of its own.
    bare = re.sub(r"\b([cdjlmnst]|qu)'", r"\1' ", bare)
    return " ".join(bare.split())


def _earliest(*positions: int | None) -> int | None:
    found = [p for p in positions if p is not None]
    return min(found) if found else None


def release_question(question: str) -> ReleaseQuestion | None:
    """The release field a question asks for, or None when it asks about a fact (even one "in the release")."""
    folded = _fold(question)
    if _FACT_QUESTION.match(folded):
        return None
    subjects: list[re.Match[str]] = []
    mentioned = reported = False
    for doc in _DOC.finditer(folded):
        if _REPORTED_AFTER.match(folded, doc.end()):
            reported = True
            continue
        mentioned = True
        if not _SOURCE_BEFORE.search(folded[: doc.start()]):
            subjects.append(doc)

    found: dict[Field, int] = {}
    if subjects and not reported:
        positions = _field_positions(folded, subjects)
        found.update({name: pos for name, pos in positions.items() if pos is not None})
    contact = _contact_position(folded, mentioned)
    if contact is not None:
        found["contact"] = contact
    if not found:
        return None
    # Where a question names two fields ("the title of the release dated 20 June"), it asks for the first.
    field = min(found, key=lambda name: found[name])
    if field != "contact":
        return ReleaseQuestion(field)
    if _WANTS_EMAIL.search(folded) and not _WANTS_PHONE.search(folded):
        return ReleaseQuestion("contact", "email")
    if _WANTS_PHONE.search(folded):
        return ReleaseQuestion("contact", "phone")
    return ReleaseQuestion("contact", "person")


def _field_positions(folded: str, subjects: list[re.Match[str]]) -> dict[Field, int | None]:
    date: int | None = None
    title: int | None = None
    issuer: int | None = None
    for doc in subjects:
        before, after = folded[: doc.start()], folded[doc.end() :]
        joined = _DATE_BEFORE.search(before)
        trailing = _DATE_AFTER.match(after)
        date = _earliest(date, joined.start() if joined else None, doc.end() if trailing else None)
        joined = _TITLE_BEFORE.search(before)
        trailing = _TITLE_AFTER.match(after)
        named = _TITLE_NAMED.search(after)
        title = _earliest(
            title,
            joined.start() if joined else None,
            doc.end() if trailing else None,
            doc.end() + named.start() if named else None,
        )
        author = _AUTHOR_BEFORE.search(before)
        issuer = _earliest(issuer, author.start() if author else None, _issuer_position(folded, doc))
    # "When was the release about X published?": the topic may be long, so the publishing verb may be far.
    when = _DATE_ANY.search(folded)
    if when:
        published = _PUBLISHED.search(folded, when.end())
        if published:
            date = _earliest(date, when.start())
    return {"date": date, "title": title, "issuer": issuer}


def _issuer_position(folded: str, doc: re.Match[str]) -> int | None:
    who = _WHO.search(folded, 0, doc.start())
    if not who:
        return None
    if _FROM_AT_END.match(folded[doc.end() :]):  # "Who is the release from?"
        return doc.end()
    for verb in _ISSUED.finditer(folded, who.end()):
        gap = folded[doc.end() : verb.start()] if verb.start() >= doc.end() else folded[verb.end() : doc.start()]
        # The verb governs the document: next to it, or last in the question (German and long topics).
        if len(gap.split()) <= 6 or not folded[verb.end() :].strip(" ?!.").strip():
            return verb.start()
    return None


def _contact_position(folded: str, mentioned: bool) -> int | None:
    strong = _PRESS_CONTACT.search(folded)
    press = _PRESS.search(folded)
    noun = _CONTACT_NOUN.search(folded)
    verb = _CONTACT_VERB.search(folded)
    return _earliest(
        strong.start() if strong else None,
        noun.start() if noun and (press or mentioned or _SPOKESPERSON.search(folded)) else None,
        verb.start() if verb and press else None,
    )


# ---------------------------------------------------------------------------------------------------
# Reading the release
# ---------------------------------------------------------------------------------------------------

# A line that opens a contact block, once folded. It needs its colon (or to be the whole line, a heading):
# "Contact was made with the council" is a sentence, not a label.
_CONTACT_LABEL = re.compile(
    r"^\W*(?:(?:media|press|presse|medias?|news)\s+contacts?"
    r"|contacts?(?:\s+(?:presse|de\s+presse|medias?|media|press|for\s+(?:the\s+)?(?:media|press)"
    r"|pour\s+(?:la\s+)?presse))?"
    r"|relations?\s+(?:presse|medias)|(?:media|press)\s+(?:enquiries|inquiries|office|officer|relations)"
    r"|for\s+(?:more|further)\s+information|pour\s+(?:plus\s+d'\s?informations?|toute\s+information"
    r"|en\s+savoir\s+plus)"
    r"|service\s+de\s+presse|attachee?\s+de\s+presse"
    r"|contactos?(?:\s+(?:de|para)\s+(?:(?:la|los)\s+)?(?:prensa|medios))?|(?:gabinete|oficina)\s+de\s+prensa|prensa"
    r"|para\s+mas\s+informacion|pressekontakt|medienkontakt|pressestelle|ruckfragen|fur\s+ruckfragen"
    r"|weitere\s+informationen|kontakt(?:\s+fur\s+(?:die\s+)?(?:presse|medien))?"
    r"|ansprechpartner(?:in)?(?:\s+fur\s+(?:die\s+)?(?:presse|medien))?)"
    r"\s*(?:\([^)]*\))?\s*(?::|$)"
)
# "For further information, please contact:" ends with the label instead of starting with it.
_CONTACT_INVITE = re.compile(r"\b(?:contact|contacter|contactar|kontakt\w*|contacto|contactez)\b.{0,20}:$")
_BLOCK_END = re.compile(
    r"^\W*(?:(?:about|a\s+propos|acerca|sobre|uber|notes?\s+(?:to|for)\s+editors|notes?\s+aux\s+redactions"
    r"|ends|end|fin)\b|###|-30-)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d .\-()\u00a0\u202f]{6,}\d")
_FIELD_LABEL = re.compile(
    r"^\W*(?:t[ée]l(?:[ée]phone)?|phone|mobile|portable|cell(?:ular)?|fax|e-?mail|courriel|mail|correo"
    r"(?:\s+electr[óo]nico)?|tel[ée]fono|telefon|handy|m[óo]vil|contact|kontakt|contacto)\b\.?\s*:?\s*",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+[–—|•·/-]\s+|\s*[|•·\t]\s*|\s{3,}")
_MAX_CONTACT_LINES = 6
_MAX_CONTACT_LINE_CHARS = 120


def _phones(line: str) -> list[str]:
    # Phone numbers have 9+ digits; "4 600 000" or "2011-2016" are figures, not phones.
    return [m for m in _PHONE_LIKE.findall(line) if sum(c.isdigit() for c in m) >= 9]


@dataclass(frozen=True)
class ContactBlock:
    """A contact block as the release prints it; `quote` is a verbatim slice of the release text."""

    quote: str
    start: int
    person: str | None
    phones: tuple[str, ...]
    emails: tuple[str, ...]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, blank ones included, without the newline."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_label(line: str) -> bool:
    folded = _fold(line.strip(" \t*_#>"))
    if _CONTACT_LABEL.match(folded):
        return True
    return len(folded) <= 80 and bool(_CONTACT_INVITE.search(folded))


def _person(lines: list[str]) -> str | None:
    """The first piece of the block that is neither a label, an address nor a number: the name (and role)."""
    for line in lines:
        for piece in _SEPARATORS.split(line):
            piece = _EMAIL.sub(" ", piece)
            for phone in _phones(piece):
                piece = piece.replace(phone, " ")
            piece = _FIELD_LABEL.sub("", piece.strip(" \t*_#>")).strip(" \t:,;.–—-()*_")
            if not piece or "@" in piece or re.search(r"\d{3}|www\.|https?:", piece):
                continue
            if len(piece) > 80 or len(piece.split()) > 10 or not piece[:1].isupper():
                continue
            return " ".join(piece.split())
    return None


def contact_blocks(text: str) -> list[ContactBlock]:
    """The contact blocks of a release: a label line ("Media contact:", "Contact presse :") and the few
    short lines after it, as far as a blank line, a long line or the next section."""
    spans = _lines(text)
    blocks: list[ContactBlock] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        line = text[start:end]
        if not _is_label(line):
            i += 1
            continue
        after_label = line.split(":", 1)[1] if ":" in line else ""
        content = [after_label] if after_label.strip() else []
        last = end if content else None
        j = i + 1
        blank_run = 0
        while j < len(spans) and len(content) < _MAX_CONTACT_LINES:
            s, e = spans[j]
            raw = text[s:e]
            if not raw.strip():
                blank_run += 1
                # A label standing alone may be followed by one blank line before the details.
                if content or blank_run > 1:
                    break
                j += 1
                continue
            if len(raw.strip()) > _MAX_CONTACT_LINE_CHARS or _is_label(raw) or _BLOCK_END.match(_fold(raw)):
                break
            content.append(raw)
            last = e
            j += 1
        phones = tuple(p for c in content for p in _phones(c))
        emails = tuple(m for c in content for m in _EMAIL.findall(c))
        person = _person(content)
        if last is not None and (phones or emails or person):
            quote = text[start:last].strip()
            blocks.append(ContactBlock(quote, start + (len(line) - len(line.lstrip())), person, phones, emails))
        i = max(j, i + 1)
    return blocks


def _dateline(text: str, date: str) -> tuple[int, str] | None:
    """The first sentence that carries the release's date: the dateline ("BRAMWICK, 6 February 2024 – ...")
    near the top, else one at the foot ("Lyon, le 3 octobre 2024"). Sentences are read per paragraph so a
    hard-wrapped dateline is quoted whole."""
    for p_start, p_end in split_paragraphs(text):
        paragraph = text[p_start:p_end]
        if not may_name_a_date(paragraph):
            continue
        for a, b in split_sentences(paragraph):
            sentence = paragraph[a:b]
            if may_name_a_date(sentence) and parse_date(sentence) == date:
                return p_start + a, sentence
    return None


def _headline(text: str, title: str) -> tuple[int, str] | None:
    """The headline as printed: the stored title when the text has it, else the text's own headline line."""
    for candidate in (title.strip(), title_from_text(text)):
        if not candidate:
            continue
        if candidate in text:
            return text.index(candidate), candidate
        # Metadata squeezes whitespace ("23\u00a0615" becomes "23 615"): find the line as printed.
        words = candidate.split()
        printed = re.search(r"\s+".join(re.escape(w) for w in words), text) if words else None
        if printed:
            return printed.start(), printed.group()
    return None


def _organisation_sentence(text: str, organisation: str) -> tuple[int, str] | None:
    """A sentence that names the organisation, preferring one it is the subject of ("Visages Libres est un
    collectif ...", from the "About" boilerplate) over a passing mention ("after the campaign of ...")."""
    subject = re.compile(rf"^\W*(?:(?:the|le|la|les|el|los|die|der|das)\s+|l['’]\s*)?{re.escape(organisation)}", re.I)
    wanted = organisation.casefold()
    mention: tuple[int, str] | None = None
    for p_start, p_end in split_paragraphs(text):
        paragraph = text[p_start:p_end]
        if wanted not in paragraph.casefold():
            continue
        for a, b in split_sentences(paragraph):
            sentence = paragraph[a:b]
            if subject.match(sentence) and len(sentence.split()) > len(organisation.split()) + 2:
                return p_start + a, sentence
            if mention is None and wanted in sentence.casefold():
                mention = (p_start + a, sentence)
    return mention


def _with_article(organisation: str, text: str) -> str:
    """ "the Calder Court Tenants' Association" when the release itself writes it so."""
    if re.search(rf"\bthe\s+{re.escape(organisation)}", text, re.I) and not organisation.lower().startswith("the "):
        return f"the {organisation}"
    return organisation


def _first_sentence(text: str) -> tuple[int, str] | None:
    spans = split_sentences(text)
    return (spans[0][0], text[spans[0][0] : spans[0][1]]) if spans else None


# ---------------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------------


class ReleaseFacts:
    """Answers questions about a release itself from its metadata and full text, with a verbatim quote."""

    def __init__(self, release_text: Callable[[str], str | None]) -> None:
        self._release_text = release_text

    def answer(self, question: str, language: str, passages: list[Passage]) -> Answer | None:
        """An Answer when the question asks about a release itself and the best matching release (passages
        are ranked, best first; pick the release of the first passages) has that field; None otherwise
        (the caller then answers from the release's sentences as usual)."""
        if not passages:
            return None
        asked = release_question(question)
        if asked is None:
            return None
        passage = passages[0]
        text = self._release_text(passage.release_id)
        if not text:
            return None
        found: tuple[str, tuple[int, str] | None] | None
        if asked.field == "date":
            found = self._date(passage, text, language)
        elif asked.field == "title":
            found = self._title(passage, text, language)
        elif asked.field == "issuer":
            found = self._issuer(passage, text, language)
        else:
            found = self._contact(text, asked.wants, language)
        if found is None:
            return None
        lead, quoted = found
        # A release always has some sentence: quote it rather than answer without a citation.
        quoted = quoted or self._locate(text, passage)
        if quoted is None:
            return None
        at, quote = quoted
        citation = cite(1, self._passage_around(passage, text, at, quote), quote)
        shown = i18n.text(language, "answer.quote", quote=quote)
        return Answer(
            question=question,
            answer=f"{lead} {shown} [1]",
            answered=True,
            language=language,
            mode="extractive",
            citations=[citation],
        )

    @staticmethod
    def _locate(text: str, passage: Passage) -> tuple[int, str] | None:
        first = _first_sentence(passage.text)
        if first is None:
            return None
        at = passage.start + first[0]
        if text[at : at + len(first[1])] != first[1]:  # a passage whose offsets are not the stored text's
            at = text.find(first[1])
        return (at, first[1]) if at >= 0 else None

    @staticmethod
    def _passage_around(passage: Passage, text: str, at: int, quote: str) -> Passage:
        """The cited passage: the paragraph holding the quote, so the reader sees it in context. The chunk
        retrieval found may be another paragraph, and contact blocks are in no chunk at all."""
        for index, (start, end) in enumerate(split_paragraphs(text)):
            if start <= at < end:
                stop = max(end, at + len(quote))
                return replace(passage, text=text[start:stop], start=start, end=stop, paragraph=index, hits=())
        return replace(passage, text=quote, start=at, end=at + len(quote), hits=())

    @staticmethod
    def _date(passage: Passage, text: str, language: str) -> tuple[str, tuple[int, str] | None] | None:
        shown = human_date(passage.date, language)
        if not passage.date or not shown:
            return None
        # "daté du 20 juin 2024" but "daté de juin 2024" when only the month is known.
        key = "facts.dated_day" if passage.date.count("-") >= 2 else "facts.dated_month"
        return i18n.text(language, key, date=shown), _dateline(text, passage.date) or _headline(text, passage.title)

    @staticmethod
    def _title(passage: Passage, text: str, language: str) -> tuple[str, tuple[int, str] | None] | None:
        printed = _headline(text, passage.title)
        if printed is not None:
            return i18n.text(language, "facts.titled_printed"), printed
        if not passage.title.strip():
            return None
        return i18n.text(language, "facts.titled", title=passage.title.strip()), None

    @staticmethod
    def _issuer(passage: Passage, text: str, language: str) -> tuple[str, tuple[int, str] | None] | None:
        organisation = (passage.organisation or "").strip()
        if not organisation:
            return None
        # English names an organisation with its article when the release does ("the Healthy River Network").
        named = _with_article(organisation, text) if i18n.catalogues().language(language) == "en" else organisation
        lead = i18n.text(language, "facts.issued_by", organisation=named)
        return lead, _organisation_sentence(text, organisation) or _headline(text, passage.title)

    @staticmethod
    def _contact(text: str, wants: Wanted, language: str) -> tuple[str, tuple[int, str] | None] | None:
        blocks = contact_blocks(text)
        if not blocks:
            return None
        # A release may list several contacts (one per language, one per partner): the first that has what
        # was asked for, else the first.
        block = next((b for b in blocks if _has(b, wants)), blocks[0])
        return _contact_lead(block, wants, language), (block.start, block.quote)


def _has(block: ContactBlock, wants: Wanted) -> bool:
    if wants == "phone":
        return bool(block.phones)
    if wants == "email":
        return bool(block.emails)
    return bool(block.person)


def _contact_lead(block: ContactBlock, wants: Wanted, language: str) -> str:
    person = block.person
    phone = block.phones[0] if block.phones else None
    email = block.emails[0] if block.emails else None
    who = f" ({person})" if person else ""
    if wants == "phone" and phone:
        return i18n.text(language, "facts.phone", phone=phone, who=who)
    if wants == "email" and email:
        return i18n.text(language, "facts.email", email=email, who=who)
    details = ", ".join(x for x in (phone, email) if x)
    missing = ""
    if wants == "phone" and not phone:
        missing = i18n.text(language, "facts.no_phone") + " "
    elif wants == "email" and not email:
        missing = i18n.text(language, "facts.no_email") + " "
    if person:
        body = i18n.text(language, "facts.contact_person", person=person, details=f" ({details})" if details else "")
    else:
        body = i18n.text(language, "facts.contact", details=details)
    return missing + body
