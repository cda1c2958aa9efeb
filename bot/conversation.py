"""Follow-up questions: "and in June?", "who led it?", « et combien en juin ? », "what about the second
one?" are read against the conversation before retrieval; a question with a subject of its own starts
afresh.

Works offline, without a model: a question is a follow-up when it has no subject of its own (no content
word beyond its interrogative, dates, figures, pronouns and ordinals), or opens on a connective ("and",
"what about", « et », « et pour », "y", "und") with at most a few words, or is a reply to one of the bot's
answers. It is then rewritten with the previous question's subject: its dates replaced by the new ones,
its interrogative by the new one, and "the second one" by the second release the previous answer cited.

The memory is per chat (per user in groups), bounded, expiring, and in memory only: nothing of it is
written anywhere.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.features import content_words, fold
from bot.question import time_focus
from index.reading import MONTHS
from index.words import INTERROGATIVES

# Turns kept per conversation, conversations kept, and how long a conversation lasts without a question.
TURNS = 3
CONVERSATIONS = 4096
TTL_S = 30 * 60.0

_CONNECTIVE = re.compile(
    r"^\s*(?:and|but|so|also|what about|how about|and what about|what of|and for|and in|and on|"
    r"et|et pour|et en|et au|et à|et le|et la|et les|mais|alors|aussi|"
    r"y|¿?y|e|und|und was ist mit|ma|e quanto a)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"\b(?:it|its|they|them|their|theirs|that|this|these|those|he|him|his|she|her|there|then|"
    r"il|elle|ils|elles|lui|leur|leurs|celui|celle|ceux|celles|cela|ça|y|en|"
    r"él|ella|ellos|ellas|eso|esto|allí|er|sie|es|ihn|ihm|ihr|dort|lo|la|li|le|ne|gli)\b"
    r"|\b[lL]['’](?=[^\W\d_])",
    re.IGNORECASE,
)
_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "last": -1, "latter": -1, "former": 1, "other": 2,
    "premier": 1, "première": 1, "1er": 1, "1re": 1, "deuxième": 2, "seconde": 2, "2e": 2,
    "troisième": 3, "3e": 3, "quatrième": 4, "4e": 4, "dernier": -1, "dernière": -1, "autre": 2,
    "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3, "último": -1, "última": -1,
    "erste": 1, "ersten": 1, "zweite": 2, "zweiten": 2, "dritte": 3, "letzte": -1,
}  # fmt: skip
# Folded too: content words come without their accents.
_ORDINAL_WORDS = frozenset(_ORDINALS) | frozenset(fold(w) for w in _ORDINALS)
_ORDINAL_REF = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _ORDINALS), key=len, reverse=True)) + r")\s+"
    r"(?:one|ones|release|press release|article|source|link|un|une|communiqué|lien|source|uno|una|comunicado)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
# Words that carry no subject: pronouns, ordinals, and the filler of an elliptical question.
_EMPTY = frozenset(
    """one ones release article source link else more about also still then now again same other
    un une communiqué lien autre autres encore aussi alors même fois
    uno una comunicado otro otra también mismo""".split()
)
_MONTH_WORDS = frozenset(MONTHS)
# A connective question stays a follow-up up to this many subject words ("and the prefect?").
_SHORT = 2


@dataclass(frozen=True)
class Turn:
    """One question and what its answer drew on."""

    question: str  # as understood (after resolution)
    language: str
    releases: tuple[str, ...] = ()  # titles of the releases the answer cited, then of the related ones
    message_ids: tuple[int, ...] = ()  # the bot's messages that carried the answer
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Resolution:
    question: str  # what to retrieve and answer
    follow_up: bool
    previous: Turn | None = None


def _subject_words(question: str) -> list[str]:
    """Content words that say what a question is about: not its interrogative, dates, figures,
    pronouns or ordinals."""
    words = content_words(question)
    return [
        w
        for w in words
        if w not in INTERROGATIVES
        and w not in _EMPTY
        and w not in _MONTH_WORDS
        and w not in _ORDINAL_WORDS
        and not w[0].isdigit()
        and not _PRONOUN.fullmatch(w)
    ]


def _interrogative(question: str) -> str:
    """The question's opening up to its first subject word: "how many people" → "how many", « qui a » → "qui"."""
    words = _WORD.findall(question)
    lead: list[str] = []
    for word in words:
        if word.lower() in INTERROGATIVES:
            lead.append(word)
        elif lead:
            break
    return " ".join(lead)


def _without_time(question: str) -> str:
    """The question with its dates taken out ("in November 2023", « en mars 2024 »)."""
    month = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:in|on|at|by|since|during|en|au|le|depuis|pendant|du|de)?\s*"
        rf"(?:\d{{1,2}}(?:er)?\s+)?(?:{month})\b\.?(?:\s+\d{{4}})?|\b(?:in|en|au|de)?\s*(?:19|20)\d{{2}}\b",
        re.IGNORECASE,
    )
    return " ".join(pattern.sub(" ", question).split())


def _names(text: str) -> set[str]:
    """Capitalised words after the first: what a question names."""
    words = _WORD.findall(text)
    return {w.lower() for w in words[1:] if w[:1].isupper() and content_words(w)}


def is_follow_up(question: str, previous: Turn | None = None) -> bool:
    subject = _subject_words(question)
    if not subject:
        # "when?", « et combien ? », "and in June?": a question with no subject can only lean on the
        # previous one.
        return True
    if previous is not None and _names(question) - _names(previous.question):
        return False  # it names something of its own: a new topic
    if _ORDINAL_REF.search(question) and len(subject) <= _SHORT:
        return True
    pronoun = bool(_PRONOUN.search(question))
    if _CONNECTIVE.match(question) and (len(subject) <= _SHORT or pronoun):
        return True  # "and the chair?", "and within how many days will it inspect…?"
    words = len(_WORD.findall(question))
    if len(subject) <= 1 and words <= 5:
        return True  # "what was the fine?": one word of subject, the rest is the previous question's
    # "who led it?", "what is her phone number?", « qui l'a reçue ? »: a pronoun standing for the
    # subject, and little else.
    return pronoun and len(subject) <= _SHORT and words <= 7


def resolve(question: str, previous: Turn | None, *, forced: bool = False) -> Resolution:
    """The question to answer: itself, or, for a follow-up of `previous`, the previous question with this
    one's interrogative, dates, ordinal or reference in place of its own."""
    if previous is None or not (forced or is_follow_up(question, previous)):
        return Resolution(question, False)
    end = " ?" if previous.language == "fr" else "?"
    base = previous.question.rstrip(" ?？!.")
    ordinal = _ORDINAL_REF.search(question)
    if ordinal and previous.releases:
        n = _ORDINALS[ordinal.group(1).lower()]
        index = n - 1 if n > 0 else len(previous.releases) + n
        if 0 <= index < len(previous.releases):
            return Resolution(f"{base} — {previous.releases[index]}{end}", True, previous)
    asked = time_focus(question)
    if asked.year or asked.month:
        base = _without_time(base)
    base, replaced = _swap_ordinal(base, question)
    new_lead = _interrogative(question)
    old_lead = _interrogative(base)
    if new_lead and (new_lead.lower() != old_lead.lower() or _subject_words(question)):
        # Another question about the same thing: its interrogative first (it says what kind of answer is
        # wanted), then what the previous question was about.
        if _subject_words(question):
            # "who led it?": it asks something else of the same subject.
            about = _topic(base, previous)
        else:
            # "when?", « et combien ? »: the same question, another interrogative.
            about = base[len(old_lead) :].strip() if old_lead and base.lower().startswith(old_lead.lower()) else base
        return Resolution(f"{question.rstrip(' ?？!.')} — {about}{end}", True, previous)
    extra = "" if replaced else _extra(question, base)
    resolved = f"{base} {extra}".strip() if extra else base
    return Resolution(resolved + end, True, previous)


def _topic(question: str, previous: Turn) -> str:
    """What the previous question was about, without what it asked of it: its names and the words it
    shares with the release that answered it ("Fennick Park damp survey" of "How many households took
    part in the Fennick Park damp survey?"), in its own words and order."""
    title = {w for t in previous.releases[:1] for w in content_words(t)}
    words = _WORD.findall(question)
    kept = [
        w
        for k, w in enumerate(words)
        if (k > 0 and w[:1].isupper() and content_words(w)) or any(c in title for c in content_words(w))
    ]
    if not kept:
        kept = [w for w in words if _subject_words(w)]
    return " ".join(kept)


def _swap_ordinal(base: str, question: str) -> tuple[str, bool]:
    """« au premier comptage » then « et au deuxième ? »: the new ordinal in place of the old one."""
    new = [w for w in _WORD.findall(question) if w.lower() in _ORDINALS and _ORDINALS[w.lower()] > 0]
    if not new:
        return base, False
    for word in _WORD.findall(base):
        if word.lower() in _ORDINALS and word.lower() != new[0].lower():
            return re.sub(rf"\b{re.escape(word)}\b", new[0], base, count=1), True
    return base, False


def _extra(question: str, base: str) -> str:
    """What the follow-up adds: its dates and subject words the previous question lacks, in its words."""
    known = {w.lower() for w in _WORD.findall(base)}
    words = [
        w
        for w in _WORD.findall(question)
        if w.lower() not in known
        and w.lower() not in INTERROGATIVES
        and not _CONNECTIVE.fullmatch(w)
        and not _PRONOUN.fullmatch(w)
        and w.lower() not in _EMPTY
    ]
    kept = [w for w in words if content_words(w) or w.lower() in _MONTH_WORDS or w[0].isdigit()]
    if not kept:
        return ""
    # Keep the preposition of a date ("in June", « en juin »).
    focus = time_focus(question)
    if focus.month or focus.year:
        match = re.search(r"\b(?:in|on|en|au|le|de|im|am)\s+" + re.escape(kept[0]), question, re.IGNORECASE)
        if match:
            return " ".join([match[0], *kept[1:]])
    return " ".join(kept)


class Conversations:
    """Per-conversation memory of the last turns: bounded (LRU), expiring, thread-safe, in memory only."""

    def __init__(
        self,
        *,
        turns: int = TURNS,
        capacity: int = CONVERSATIONS,
        ttl_s: float = TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._turns = turns
        self._capacity = capacity
        self._ttl = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._items: OrderedDict[object, list[Turn]] = OrderedDict()
        self._messages: OrderedDict[tuple[object, int], Turn] = OrderedDict()

    def _live(self, key: object) -> list[Turn]:
        turns = self._items.get(key, [])
        now = self._clock()
        kept = [t for t in turns if now - t.at <= self._ttl]
        if kept:
            self._items[key] = kept
            self._items.move_to_end(key)
        else:
            self._items.pop(key, None)
        return kept

    def last(self, key: object) -> Turn | None:
        with self._lock:
            turns = self._live(key)
            return turns[-1] if turns else None

    def by_message(self, scope: object, message_id: int) -> Turn | None:
        """The turn whose answer was sent as this message in this chat, whoever asked it: a reply to an
        answer is a follow-up of that answer."""
        with self._lock:
            turn = self._messages.get((scope, message_id))
            if turn is None or self._clock() - turn.at > self._ttl:
                return None
            return turn

    def add(self, key: object, turn: Turn, *, scope: object = None) -> Turn:
        """Remember the turn (stamped now) as the latest of `key`; returns what was stored."""
        with self._lock:
            turn = Turn(turn.question, turn.language, turn.releases, turn.message_ids, self._clock())
            turns = self._live(key)
            turns.append(turn)
            self._items[key] = turns[-self._turns :]
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
            for message_id in turn.message_ids:
                self._messages[(scope, message_id)] = turn
            while len(self._messages) > self._capacity * self._turns:
                self._messages.popitem(last=False)
            return turn

    def link(self, scope: object, message_ids: Sequence[int], turn: Turn) -> None:
        """The messages a turn's answer went out as: a reply to one of them is its follow-up."""
        with self._lock:
            for message_id in message_ids:
                self._messages[(scope, message_id)] = turn
            while len(self._messages) > self._capacity * self._turns:
                self._messages.popitem(last=False)

    def forget(self, key: object) -> None:
        with self._lock:
            self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)


def releases_of(citations: Sequence[object], related: Sequence[object]) -> tuple[str, ...]:
    """Titles of an answer's releases in the order a reader sees them: cited, then related."""
    titles: list[str] = []
    for item in [*citations, *related]:
        title = getattr(item, "title", None)
        if title and title not in titles:
            titles.append(title)
    return tuple(titles)
