"""The default answerer: quote the sentence or two that answer the question, with citations. No LLM."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.citations import cite, human_date
from bot.evidence import DATE, holds_answer, looks_like_instruction, nearness, role_of_another
from bot.question import QuestionInfo, TimeFocus, analyse, date_parts, sentence_dates, time_weight
from bot.types import Answer, Passage, ReleaseInfo, release_fields
from ingest.chunking import split_sentences
from ingest.keyword_index import Tokenizer

_LEADING_DATE = re.compile(rf"^\W*(?:{DATE.pattern})\s*[:–—-]", re.IGNORECASE)

_META = (
    "according did does do done current latest recent figure figures count total number release released "
    "statement press selon chiffre chiffres bilan chaque dernier récent nombre communiqué faire faisait fait "
    "actually exactly still now"
)

_VERB_LIKE = re.compile(r"^[^\W\d_]{3,}(?:ed|ing|é|ée|és|ées|er|ir|ait|aient|ent)$", re.IGNORECASE)


def _before(date: str | None, focus: TimeFocus) -> bool:
    """The release came out before the month (or year) the question is about."""
    if not focus.year:
        return False
    year, month = date_parts(date)
    if not year:
        return False
    return (year, month or 12) < (focus.year, focus.month or 1)


def _without_verbs(text: str) -> str:
    return " ".join(w for w in text.split() if not _VERB_LIKE.match(w.strip("?!.,;:«»\"'")))


def _same_text(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


_STEM_CACHE = 200_000  # words; cleared when full (a corpus's vocabulary is far smaller)
_SENTENCE_CACHE = 50_000  # sentences (~20 MB); cleared when full

REFUSAL = {
    "en": "I couldn't find that in the press releases.",
    "fr": "Je n'ai pas trouvé cette information dans les communiqués de presse.",
}


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence counts. Chosen on the team's question set and the dev set."""

    similarity_scale: float = 0.06  # a cosine gap this size to the best sentence costs one point
    coverage: float = 4.0  # share of the question's (IDF-weighted) words the sentence contains
    keyword: float = 0.0  # BM25 score relative to the best (it already helped pick the releases)
    holds: float = 2.0  # holds a figure / name / date of the kind asked, not already in the question
    time: float = 5.0  # log of the release's fit to the question's time focus
    sentence_time: float = 0.5  # the sentence itself names the month asked about (or a stale one)
    near: float = 0.5  # the figure/name sits next to a word of the question
    focus: float = 2.0  # the figure/name sits next to the unit counted or the role asked about
    length: float = 0.6  # per 25 words beyond 25: long lead sentences mention everything, answer little
    context: float = 0.03  # similarity given to a sentence search did not match, below its passage's
    # e5-small scores a sentence in the other language lower than the same sentence in the question's:
    # this much cosine is given back so a French answer to an English question can win.
    cross_lingual: float = 0.04
    # "Latest" questions: a candidate this close to the best but from a newer release is preferred.
    recency_margin: float = 1.5
    # Refusal: below these the best sentence is not trusted to answer.
    min_similarity: float = 0.80
    min_score: float = 3.0
    min_focus: float = 0.5  # a count or a person must stand near the unit or role asked about
    absent: float = 1.0  # added to min_score per question word no retrieved release mentions
    # A second quote is shown when it scores this close to the best: two cited candidates beat one wrong.
    second_margin: float = 1.0


@dataclass
class _Candidate:
    passage: Passage
    quote: str
    order: int
    similarity: float
    keyword: float
    covered: float
    holds: bool
    time: float
    sentence_time: float
    near: float = 0.0
    focus: float = 0.0
    absent: int = 0
    words: int = 0
    score: float = 0.0


class ExtractiveAnswerer:
    """Scores every sentence of the retrieved passages on the evidence above, quotes the best, and
    refuses when the best is weak or holds no answer of the kind asked for."""

    def __init__(self, *, weights: Weights | None = None, tokenizer: Tokenizer | None = None) -> None:
        self.weights = weights or Weights()
        self._tokens = tokenizer or Tokenizer()
        # Shared by the threads answering at once: a dict's get and set are atomic, and a word stemmed
        # twice by two threads gives the same stems.
        self._stems: dict[tuple[str, str | None], list[str]] = {}
        self._sentences: dict[tuple[str, str | None], frozenset[str]] = {}
        # Words about the question or the releases themselves, not about the facts asked for.
        self._meta = frozenset(
            t for c in self._tokens.concepts(_META, "en") + self._tokens.concepts(_META, "fr") for t in c if t[0] != "~"
        )

    def answer(self, question: str, passages: list[Passage], language: str) -> Answer:
        info = analyse(question)
        candidates = self.candidates(info, passages)
        best = self._pick(candidates, info)
        if best is None or not self.confident(best, info):
            return self.refusal(question, language, passages)
        chosen = [best]
        for other in [c for c in candidates if c is not best][:3]:
            if other.score < best.score - self.weights.second_margin:
                break
            # A pull quote repeats a sentence in capitals or with other spacing: one is enough.
            mine, theirs = _same_text(best.quote), _same_text(other.quote)
            if theirs not in mine and mine not in theirs and other.holds:
                chosen.append(other)
                break
        parts: list[str] = []
        citations = []
        for n, c in enumerate(chosen, start=1):
            citations.append(cite(n, c.passage, c.quote))
            quoted = f"« {c.quote} »" if language == "fr" else f"“{c.quote}”"
            if n > 1 and c.passage.release_id == chosen[0].passage.release_id:
                parts.append(f"{quoted} [{n}]")
            else:
                lead = self._lead(c.passage, language, again=n > 1)
                parts.append(f"{lead} {quoted} [{n}]")
        return Answer(
            question=question,
            answer="\n\n".join(parts),
            answered=True,
            language=language,
            mode="extractive",
            citations=citations,
        )

    def _pick(self, candidates: list[_Candidate], info: QuestionInfo) -> _Candidate | None:
        """The best candidate; for "latest" ("first") questions, the newest (oldest) release among those
        scoring close to the best: the same fact restated later is the current one."""
        if not candidates:
            return None
        best = candidates[0]
        focus = info.time
        if not (focus.latest or focus.earliest) or focus.month or focus.year:
            return best
        close = [
            c
            for c in candidates[:8]
            if c.score >= best.score - self.weights.recency_margin and c.holds and c.passage.date
        ]
        if not close:
            return best
        newest = max if focus.latest else min
        when = newest(c.passage.date or "" for c in close)
        return next(c for c in close if c.passage.date == when)

    def confident(self, best: _Candidate, info: QuestionInfo) -> bool:
        if info.kind != "other" and not best.holds:
            return False
        if info.focus and best.focus < self.weights.min_focus:
            return False
        if info.yes_no and _before(best.passage.date, info.time):
            # "Did the council approve it at its February meeting?" from a January release: the release
            # can only say what was planned, and quoting it would read as an answer.
            return False
        w = self.weights
        return best.similarity >= w.min_similarity and best.score >= w.min_score + w.absent * best.absent

    def _lead(self, passage: Passage, language: str, *, again: bool = False) -> str:
        date = human_date(passage.date, language)
        if language == "fr":
            head = "Et d'après" if again else "D'après"
            return f"{head} « {passage.title} »" + (f" ({date}) :" if date else " :")
        head = "And according to" if again else "According to"
        return f"{head} “{passage.title}”" + (f" ({date}):" if date else ":")

    def refusal(self, question: str, language: str, passages: list[Passage]) -> Answer:
        related: list[ReleaseInfo] = []
        for p in passages:
            if all(r.release_id != p.release_id for r in related):
                related.append(ReleaseInfo(**release_fields(p)))
        return Answer(
            question=question,
            answer=REFUSAL.get(language, REFUSAL["en"]),
            answered=False,
            language=language,
            mode="extractive",
            related=related[:3],
        )

    def candidates(self, info: QuestionInfo, passages: list[Passage]) -> list[_Candidate]:
        w = self.weights
        # nearness() stems word by word; the same words recur across sentences and across questions.
        stems = self._stems
        if len(stems) > _STEM_CACHE:
            stems.clear()

        def stem(word: str, language: str | None) -> list[str]:
            key = (word, language)
            found = stems.get(key)
            if found is None:
                found = stems[key] = self._tokens.document(word, language)
            return found

        concepts = self._tokens.concepts(info.text, info.language)
        focus = frozenset(t for c in self._tokens.concepts(info.focus, info.language) for t in c if t[0] != "~")
        query = {token for concept in concepts for token in concept if token[0] != "~"}
        dates = [p.date for p in passages if p.date]
        out: list[_Candidate] = []
        tokens: list[frozenset[str]] = []
        for p in passages:
            matched_sims = [h.similarity for h in p.hits if h.similarity > 0]
            floor = (min(matched_sims) if matched_sims else 0.0) - w.context
            release_time = math.log(time_weight(p.date, info.time, dates))
            for start, end in split_sentences(p.text):
                quote = p.text[start:end].strip()
                if len(quote) < 12 or looks_like_instruction(quote):
                    continue
                hits = [h for h in p.hits if h.start < end and start < h.end]
                near, focused = self._nearness(
                    quote, info, query, focus, lambda word, lang=p.language: stem(word, lang)
                )
                out.append(
                    _Candidate(
                        passage=p,
                        quote=quote,
                        order=len(out),
                        similarity=max((h.similarity for h in hits if h.similarity > 0), default=floor)
                        + (w.cross_lingual if p.language and p.language != info.language else 0.0),
                        keyword=max((h.keyword for h in hits), default=0.0),
                        covered=0.0,
                        holds=holds_answer(quote, info.text, info.kind),
                        time=release_time,
                        sentence_time=self._sentence_time(quote, info, p.date),
                        words=len(quote.split()),
                        near=near,
                        focus=focused,
                    )
                )
                tokens.append(self._sentence_tokens(quote, p.language))
        if not out:
            return []
        # A question word counts once, however it is found (stem, prefix or translation), weighted by
        # its IDF over the candidates: words every sentence shares (the organisation's name) count less.
        found_in = [[bool(concept & toks) for concept in concepts] for toks in tokens]
        # A word of the question no retrieved release mentions in any form ("council tax") means the
        # releases talk around the question: an answer then has to be clearly stronger to be trusted.
        # A word the glossary cannot translate is only known to be absent when every release searched
        # is in the question's language.
        monolingual = all(p.language == info.language for p in passages)
        # Verbs are paraphrased ("réalisé" / "conduit par"); only the other words are looked for.
        topical = {t for c in self._tokens.concepts(_without_verbs(info.text), info.language) for t in c}
        absent = sum(
            1
            for i, concept in enumerate(concepts)
            if not any(row[i] for row in found_in)
            and concept & topical
            and not concept & self._meta
            and any(len(t) >= 4 for t in concept)
            and (monolingual or concept & self._tokens.translatable)
        )
        weights = [math.log(1 + len(out) / (1 + sum(row[i] for row in found_in))) for i in range(len(concepts))]
        query_weight = sum(weights) or 1.0
        best_sim = max(c.similarity for c in out)
        best_kw = max(c.keyword for c in out) or 1.0
        for c, row in zip(out, found_in, strict=True):
            c.covered = sum(wt for wt, hit in zip(weights, row, strict=True) if hit) / query_weight
            c.absent = absent
            c.score = (
                (c.similarity - best_sim) / w.similarity_scale
                + w.coverage * c.covered
                + w.keyword * c.keyword / best_kw
                + w.holds * c.holds
                + w.time * c.time
                + w.sentence_time * c.sentence_time
                + w.near * c.near
                + w.focus * c.focus
                - w.length * max(0, c.words - 25) / 25
            )
        out.sort(key=lambda c: c.score, reverse=True)
        return out

    def _sentence_tokens(self, quote: str, language: str | None) -> frozenset[str]:
        """Stems and prefixes of a sentence: the same for every question, so kept (bounded, like stems)."""
        key = (quote, language)
        found = self._sentences.get(key)
        if found is None:
            if len(self._sentences) > _SENTENCE_CACHE:
                self._sentences.clear()
            found = frozenset({*self._tokens.document(quote, language), *self._tokens.prefixes(quote)})
            self._sentences[key] = found
        return found

    @staticmethod
    def _nearness(
        quote: str, info: QuestionInfo, query: set[str], focus: frozenset[str], stem: Callable[[str], list[str]]
    ) -> tuple[float, float]:
        """How close the answer item stands to the question's words, and to the unit or role asked about
        (0 when that role belongs to another organisation)."""
        if not info.focus or (info.focus_of and role_of_another(quote, focus, info.focus_of, stem)):
            (near,) = nearness(quote, info.text, info.kind, stem, (query, info.text))
            return near, 0.0
        near, focused = nearness(quote, info.text, info.kind, stem, (query, info.text), (focus, info.focus))
        return near, focused

    @staticmethod
    def _sentence_time(sentence: str, info: QuestionInfo, released: str | None) -> float:
        """+1 when the sentence names the month asked about; -1 when a "latest" question meets a
        sentence about a time well before its release (a timeline entry quoting an old figure)."""
        named = sentence_dates(sentence)
        if not named:
            return 0.0
        focus = info.time
        # A sentence that opens on a date ("• 14 March 2024: NRSA reveals...") is a timeline entry.
        timeline = bool(_LEADING_DATE.match(sentence))
        if focus.month:
            return (
                1.0
                if any(m == focus.month and (y is None or not focus.year or y == focus.year) for y, m in named)
                else -0.5
            )
        if focus.latest:
            year, month = date_parts(released)
            if not year or not month:
                return -1.0
            stale = 0
            for y, m in named:
                y = y or (year if m <= month else year - 1)
                stale += (year * 12 + month) - (y * 12 + m) >= 3
            if not stale:
                return 0.0
            # A dated timeline entry is, by construction, not the latest state of anything.
            return -6.0 if timeline else -1.0
        return 0.0
