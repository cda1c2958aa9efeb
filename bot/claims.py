"""Claim check: is a sentence a press officer is about to send out supported by the releases, contradicted
by them, or not found in them?

The claim is retrieved like a question. Its evidence is the release sentences that hold its topic (its
content words other than figures, dates and names, IDF-weighted, across languages through the word
table's translations; the cosine breaks ties). Then its facts are compared one by one with each piece of
evidence: figures by value and kind (a count, an amount, a percentage; the words after a figure are its
unit and must agree for a clash), dates by the parts the claim gives (a sentence without a date of its
own is dated by its release), names against the release's text, negation against negation.

- supported: one sentence holds the topic and every fact the claim states;
- contradicted: a sentence holds the topic and states a fact of the same kind that differs (the
  explanation says which part), and no sentence supports the claim;
- not found: nothing holds the topic, or nothing states any of its facts.

A claim without figures or dates needs more of its topic in the sentence to be supported. "Supported"
is the verdict that must never be wrong, so every doubt falls to "not found".
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot import i18n
from bot.citations import cite, human_date, verify_citations
from bot.claim_facts import (
    DateFact,
    Facts,
    Figure,
    dates,
    facts,
    figures,
    negation_positions,
    person_names,
    same_value,
    words_of,
)
from bot.features import (
    Candidate,
    Lexicon,
    QuestionSignals,
    TextSignals,
    candidates,
    cognates,
    fold,
    question_signals,
    term_hit,
    translations_of,
)
from bot.features import content_words as _content_words
from bot.question import analyse
from bot.retrieve import Retriever
from bot.types import Answer, Citation, Passage
from bot.visibility import Viewer
from index.reading import MONTHS
from index.sentences import split_sentences

Verdict = Literal["supported", "contradicted", "not_found"]

# The share of the claim's topic (IDF-weighted) a sentence must hold to be evidence, and to contradict a
# claim by a name or a negation. Set on tests/data/claims.jsonl (see docs/quality.md).
EVIDENCE_COVER = 0.5
SUPPORT_COVER = 0.75
# A claim the sentence does not back with a figure or a date of its own rests on its words alone: all of
# them, as written, and the people it names in that sentence. "Supported" must never be wrong; without a
# model of entailment, words are all this can check.
WORDS_ONLY_COVER = 1.0
# Across languages a sentence holds less of the claim's words (the word table translates some, not all):
# one in another language is evidence from a lower share, and must still state the claim's facts.
EVIDENCE_COVER_ACROSS = 0.3
# Evidence read per claim, best first.
EVIDENCE = 8


@dataclass
class ClaimResult:
    claim: str
    verdict: Verdict
    language: str
    explanation: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "language": self.language,
            "explanation": self.explanation,
            "citations": [c.to_dict() for c in self.citations],
            "timings_ms": dict(self.timings_ms),
        }


@dataclass(frozen=True)
class _Evidence:
    candidate: Candidate
    cover: float
    relevance: float
    # The share of the topic the sentence holds as written (stems, cognates), without translations: what
    # a verdict resting on words alone (no figure, no date) requires.
    held: float


@dataclass
class _Reading:
    """What one piece of evidence says of each of the claim's facts."""

    evidence: _Evidence
    matched: list[str] = field(default_factory=list)  # the claim's facts it states, as the claim writes them
    clashes: list[tuple[str, str]] = field(default_factory=list)  # (the claim's, the release's)
    unknown: int = 0
    stated_in_sentence: int = 0  # the claim's figures and dates the sentence itself states
    # Of those, the ones that pin the sentence down: a figure of three significant digits or a thousand and
    # more, a date with its month. A year or a small count is in many sentences of any release.
    strong: int = 0
    # Dates with their month the sentence states: a release dates several events with the same day, so a
    # date pins the sentence down only where it also holds the claim's words.
    dated: int = 0

    @property
    def supports(self) -> bool:
        return not self.clashes and not self.unknown


def _release_dated(date: str | None) -> DateFact | None:
    if not date:
        return None
    parts = [int(p) for p in date.split("-") if p.isdigit()]
    if not parts:
        return None
    year, month, day = [*parts, None, None][:3]
    return DateFact(year, month, day, date)


def _with_year(found: DateFact, released: DateFact | None) -> DateFact:
    """A sentence's "9 October" is the release's year, or the year before for a month still to come
    (releases report the past): "in November" in a June release is last November."""
    if found.year is not None or released is None or released.year is None or found.month is None:
        return found
    year = released.year - 1 if released.month is not None and found.month > released.month + 1 else released.year
    return DateFact(year, found.month, found.day, found.text, inferred_year=True)


class ClaimChecker:
    def __init__(
        self, retriever: Retriever, *, lexicon: Lexicon | None = None, top_k: int = 5, expand: int = 3
    ) -> None:
        self._retriever = retriever
        self._lexicon = lexicon or Lexicon()
        self._top_k = top_k
        self._expand = expand

    def check(self, claim: str, *, viewer: Viewer | None = None) -> ClaimResult:
        """Judged against the releases `viewer` may see now (no viewer: the public)."""
        started = time.perf_counter()
        claim = " ".join(claim.split())
        info = analyse(claim)
        language = info.language
        self._retriever.refresh()
        passages = self._retriever.search(claim, self._top_k, info, expand=self._expand, viewer=viewer)
        retrieved = time.perf_counter()
        result = self._judge(claim, language, passages)
        result = self._verified(result)
        done = time.perf_counter()
        result.timings_ms = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "check": round((done - retrieved) * 1000, 1),
            "total": round((done - started) * 1000, 1),
        }
        return result

    # -- judging ---------------------------------------------------------------------------------

    def _judge(self, claim: str, language: str, passages: list[Passage]) -> ClaimResult:
        stated = facts(claim, language)
        if not passages:
            return self._not_found(claim, language)
        q = question_signals(self._lexicon, claim, language, translations_of(passages))
        evidence = self._evidence(q, stated, candidates(self._lexicon, passages))
        if not evidence:
            return self._not_found(claim, language)
        texts = self._retriever.store.release_texts(sorted({e.candidate.passage.release_id for e in evidence}))
        readings = [
            self._read(stated, e, texts.get(e.candidate.passage.release_id, ""), q)
            for e in evidence
            if _names_any(stated, texts.get(e.candidate.passage.release_id, ""), claim)
        ]
        for reading in readings:
            if not reading.supports:
                continue
            held = reading.evidence.held
            if (
                reading.strong
                or (reading.dated and reading.evidence.cover >= EVIDENCE_COVER)
                or (reading.stated_in_sentence and held >= SUPPORT_COVER)
                or (held >= WORDS_ONLY_COVER and self._people_named(stated, reading, q))
            ):
                return self._supported(claim, language, reading, self._newer(reading, readings))
        clashing = [r for r in readings if r.clashes]
        agreeing = [r for r in readings if r.supports and r.matched]
        # A sentence that agrees with every fact of the claim but not strongly enough to support it still
        # outweighs a less relevant one that disagrees: that is doubt, not a contradiction.
        if clashing and not (agreeing and agreeing[0].evidence.relevance > clashing[0].evidence.relevance):
            return self._contradicted(claim, language, clashing[0])
        return self._not_found(claim, language)

    def _topic(self, q: QuestionSignals, stated: Facts) -> list[tuple[str, frozenset[str]]]:
        """The claim's content words that are not its figures, dates or names."""
        named = {fold(w) for name in stated.names for w in _content_words(name)}
        return [
            (word, forms)
            for word, forms in q.terms
            if not word[0].isdigit() and word not in named and word not in MONTHS
        ]

    def _evidence(self, q: QuestionSignals, stated: Facts, cands: list[Candidate]) -> list[_Evidence]:
        topic = self._topic(q, stated)
        if not cands:
            return []
        # The same words without the word table's translations: single words translate noisily ("fined"
        # came out as « criminaliser »), so a verdict that rests on the words alone needs them as written.
        direct = dict(question_signals(self._lexicon, q.text, q.language).terms)
        plain = [
            [
                _holds(direct.get(word, frozenset({word})), c)
                or (c.passage.language != q.language and _cognate(word, c))
                for word, _ in topic
            ]
            for c in cands
        ]
        hits = [
            [hit or _holds(forms, c) for hit, (_, forms) in zip(row, topic, strict=True)]
            for row, c in zip(plain, cands, strict=True)
        ]
        n = len(cands)
        counts = [sum(row[k] for row in hits) for k in range(len(topic))]
        found_weights = [math.log((n + 1) / (df + 0.5)) for df in counts if df]
        # A word no candidate holds says nothing about which sentence is the evidence, only that some of the
        # claim is missing (or untranslated): it weighs as much as an average word found, not as the
        # rarest word of all.
        missing = sum(found_weights) / len(found_weights) if found_weights else 1.0
        weights = [math.log((n + 1) / (df + 0.5)) if df else missing for df in counts]
        total = sum(weights)
        found: list[_Evidence] = []
        for c, row, plain_row in zip(cands, hits, plain, strict=True):
            cover = sum(w for w, hit in zip(weights, row, strict=True) if hit) / total if total > 0 else 1.0
            # A sentence stating one of the claim's figures is topical from a lower share, as one in
            # another language is.
            lenient = c.passage.language != q.language or _states_a_figure(stated, c)
            if cover < (EVIDENCE_COVER_ACROSS if lenient else EVIDENCE_COVER):
                continue
            held = sum(w for w, hit in zip(weights, plain_row, strict=True) if hit) / total if total > 0 else 1.0
            found.append(_Evidence(c, cover, cover + 0.05 * _z(c), held))
        found.sort(key=lambda e: e.relevance, reverse=True)
        return found[:EVIDENCE]

    def _read(self, stated: Facts, evidence: _Evidence, release_text: str, q: QuestionSignals) -> _Reading:
        c = evidence.candidate
        reading = _Reading(evidence)
        sentence_figures = figures(c.quote, c.passage.language)
        unplaced: list[Figure] = []
        together = len(stated.figures) > 1 and all(
            any(same_value(claimed, f) for f in sentence_figures) for claimed in stated.figures
        )
        for claimed in stated.figures if not together else ():
            if any(same_value(claimed, s) and self._same_unit(claimed, s, q, c) for s in sentence_figures):
                reading.matched.append(_shown(claimed, q.language))
                reading.stated_in_sentence += 1
                reading.strong += _distinctive(claimed) or claimed.value >= 1000
                continue
            # A figure the claim also gives ("20 of the 27 sites") is not the one it gets wrong.
            others = [s for s in sentence_figures if not any(same_value(f, s) for f in stated.figures)]
            rival = next((s for s in others if self._rival(claimed, s, q, c)), None)
            if rival is None and c.passage.language != q.language:
                # Across languages units rarely share a word ("people", « personnes »): a topical
                # sentence with one figure of the claim's kind, against a claim with one, is about it.
                same_kind = [s for s in others if s.kind == claimed.kind]
                claimed_kind = [f for f in stated.figures if f.kind == claimed.kind]
                if (
                    evidence.cover >= SUPPORT_COVER
                    and len(same_kind) == 1 == len(claimed_kind)
                    and not same_value(claimed, same_kind[0])
                ):
                    rival = same_kind[0]
            if rival is not None:
                reading.clashes.append((_shown(claimed, q.language), _shown(rival, q.language)))
            else:
                reading.unknown += 1
                unplaced.append(claimed)
        if together:
            # Several figures of the claim all in one sentence ("17 of the borough's 46 primary schools"
            # for « 17 des 46 écoles primaires »): together they are the sentence's, whatever their units
            # are called in its language.
            reading.matched.extend(_shown(claimed, q.language) for claimed in stated.figures)
            reading.stated_in_sentence += len(stated.figures)
            reading.strong += 1
        if unplaced and reading.stated_in_sentence:
            # A claim that gathers facts a release lists one per line ("152 trackers and more than 37,000
            # apps" against "* 152 pisteurs découverts" / "* Plus de 37 000 applications analysées"): once
            # the sentence states one of them, the others may stand in the sentences around it.
            around = [f for text in _neighbours(c) for f in figures(text, c.passage.language)]
            for claimed in unplaced:
                if any(same_value(claimed, f) and (_distinctive(claimed) or claimed.value >= 1000) for f in around):
                    reading.unknown -= 1
                    reading.matched.append(_shown(claimed, q.language))
                    reading.strong += 1
        released = _release_dated(c.passage.date)
        sentence_dates = [_with_year(d, released) for d in dates(c.quote)]
        for claimed_date in stated.dates:
            if any(claimed_date.within(d) for d in sentence_dates):
                reading.matched.append(claimed_date.text)
                reading.stated_in_sentence += 1
                reading.dated += claimed_date.month is not None
                continue
            if not sentence_dates and released is not None and claimed_date.within(released):
                # A sentence with no date of its own happened when its release says; the release's date
                # can agree with a claim but never contradict it (a release reports on other days too),
                # and a sentence that dates its event otherwise is not dated by its release ("voted on 3
                # October", in a release of 8 October).
                reading.matched.append(claimed_date.text)
                continue
            rival_date = next((d for d in sentence_dates if claimed_date.clashes(d)), None)
            if rival_date is not None:
                reading.clashes.append((claimed_date.text, rival_date.text))
            else:
                reading.unknown += 1
        folded_release = fold(release_text)
        folded_quote = fold(c.quote)
        claim_words = {fold(w) for w in _content_words(q.text)}
        rivals = _rival_names(c.quote, c.passage.language, claim_words)
        people = set(person_names(q.text, q.language))
        for name in stated.names:
            words = _name_words(name, q.text)
            if all(w in folded_quote for w in words):
                continue
            absent = not any(w in folded_quote for w in words)
            if name in people and absent and rivals and evidence.held >= SUPPORT_COVER:
                # The sentence that holds the claim names someone else: "led by Dr Femi Adeyinka" against
                # "Shirin Malik led the survey", even though she is named elsewhere in the release.
                reading.clashes.append((name, rivals[0]))
            elif not all(w in folded_release for w in words):
                reading.unknown += 1
        if (
            not reading.clashes
            and not reading.unknown
            and evidence.held >= SUPPORT_COVER
            and stated.negated != self._negates_topic(c, q, stated)
        ):
            reading.clashes.append(("", ""))
        return reading

    @staticmethod
    def _people_named(stated: Facts, reading: _Reading, q: QuestionSignals) -> bool:
        """The people the claim names are named in the sentence itself (a quote of Edward Snowden in a
        release does not make him the foundation's president)."""
        quote = fold(reading.evidence.candidate.quote)
        people = person_names(q.text, q.language)
        return all(all(fold(w) in quote for w in _content_words(name)) for name in people)

    def _negates_topic(self, c: Candidate, q: QuestionSignals, stated: Facts) -> bool:
        """A negation within three words of the claim's topic in the sentence ("the order does not make
        Polydrome pay"), not anywhere in it (« on ne peut pas avoir confiance » says nothing of a fine)."""
        words = words_of(c.quote)
        negations = negation_positions(words)
        if not negations:
            return False
        stems = self._lexicon.stem(words, c.passage.language)
        topic = self._topic(q, stated)
        at = [
            k
            for k, (word, stem) in enumerate(zip(words, stems, strict=True))
            if any(word in forms or stem in forms for _, forms in topic)
        ]
        return any(abs(k - n) <= 3 for k in at for n in negations)

    def _unit_forms(self, figure: Figure, q: QuestionSignals) -> list[frozenset[str]]:
        forms = dict(q.terms)
        return [forms.get(word, frozenset({word})) for word in figure.near]

    def _same_unit(self, claimed: Figure, stated: Figure, q: QuestionSignals, c: Candidate) -> bool:
        """The claim's unit ("signatures") is the stated figure's or stands in its sentence; a figure
        without a unit word on either side has nothing to disagree with."""
        if not claimed.near or not stated.near or _distinctive(claimed) or claimed.value >= 1000:
            return True
        units = self._unit_forms(claimed, q)
        near = self._lexicon.signals(" ".join(stated.near), c.passage.language)
        return any(_holds_signals(forms, near) for forms in units) or any(_holds(forms, c) for forms in units)

    def _rival(self, claimed: Figure, stated: Figure, q: QuestionSignals, c: Candidate) -> bool:
        """A figure of the same kind and the same unit that the claim gets wrong."""
        if claimed.kind != stated.kind or same_value(claimed, stated):
            return False
        if not claimed.near:
            return True
        if not stated.near:
            return False
        near = self._lexicon.signals(" ".join(stated.near), c.passage.language)
        return any(_holds_signals(forms, near) for forms in self._unit_forms(claimed, q))

    # -- results ---------------------------------------------------------------------------------

    def _citations(self, readings: Sequence[_Reading]) -> list[Citation]:
        return [cite(n, r.evidence.candidate.passage, r.evidence.candidate.quote) for n, r in enumerate(readings, 1)]

    @staticmethod
    def _newer(support: _Reading, readings: Sequence[_Reading]) -> _Reading | None:
        """A later release that gives another figure for the same thing: the claim was right then, and a
        press officer needs to know it has moved (23,615 signatures in November, 27,940 in June)."""
        passage = support.evidence.candidate.passage
        date = passage.date or ""
        # The same organisation's later word on it (a release of another campaign giving another figure
        # for "signatures" is not news about this one).
        later = [
            r
            for r in readings
            if r.clashes
            and all(mine for mine, _ in r.clashes)
            and (r.evidence.candidate.passage.date or "") > date
            and r.evidence.candidate.passage.organisation == passage.organisation
            and r.evidence.cover >= support.evidence.cover - 0.1
        ]
        return max(later, key=lambda r: r.evidence.candidate.passage.date or "", default=None)

    def _supported(self, claim: str, language: str, reading: _Reading, newer: _Reading | None = None) -> ClaimResult:
        explanation = i18n.text(language, "claim.supported")
        readings = [reading]
        if newer is not None:
            passage = newer.evidence.candidate.passage
            explanation += " " + i18n.text(
                language,
                "claim.newer",
                date=human_date(passage.date, language) or passage.date or "",
                parts="; ".join(i18n.text(language, "claim.newer_part", stated=t) for _, t in newer.clashes),
            )
            readings.append(newer)
        return ClaimResult(claim, "supported", language, explanation, self._citations(readings))

    def _contradicted(self, claim: str, language: str, reading: _Reading) -> ClaimResult:
        parts = []
        for mine, theirs in reading.clashes:
            if mine:
                parts.append(i18n.text(language, "claim.differs", claimed=mine, stated=theirs))
            else:
                parts.append(i18n.text(language, "claim.negation"))
        right = [i18n.text(language, "claim.right", claimed=m) for m in reading.matched]
        explanation = i18n.text(language, "claim.contradicted", parts="; ".join(parts + right))
        return ClaimResult(claim, "contradicted", language, explanation, self._citations([reading]))

    def _not_found(self, claim: str, language: str) -> ClaimResult:
        return ClaimResult(claim, "not_found", language, i18n.text(language, "claim.not_found"))

    def _verified(self, result: ClaimResult) -> ClaimResult:
        if not result.citations:
            return result
        answer = Answer(result.claim, "", True, result.language, "extractive", citations=result.citations)
        checked = verify_citations(answer, self._retriever.store.release_texts)
        if not checked.citations:
            # A verdict must stand on a verbatim quote; without one, it is not found.
            return self._not_found(result.claim, result.language)
        result.citations = checked.citations
        return result


def _cognate(word: str, c: Candidate) -> bool:
    return any(cognates(word, other) for other in c.signals.words)


def _neighbours(c: Candidate, reach: int = 2) -> list[str]:
    """The sentences of the candidate's passage within `reach` of it, either side."""
    spans = split_sentences(c.passage.text)
    near = [k for k, (start, end) in enumerate(spans) if start <= c.start < end or c.start <= start < c.end]
    if not near:
        return []
    at = near[0]
    return [c.passage.text[a:b] for k, (a, b) in enumerate(spans) if k != at and abs(k - at) <= reach]


def _states_a_figure(stated: Facts, c: Candidate) -> bool:
    if not stated.figures:
        return False
    found = figures(c.quote, c.passage.language)
    return any(same_value(claimed, f) for claimed in stated.figures for f in found)


def _name_words(name: str, claim: str) -> list[str]:
    """The folded words of a name the claim gives; a name of several words that opens the claim may owe
    its first word's capital to the sentence (« Selon Let's Encrypt », "According FSFE"), so that word
    is not required."""
    words = [fold(w) for w in _content_words(name)]
    return words[1:] if claim.startswith(name) and len(words) > 1 else words


def _names_any(stated: Facts, release_text: str, claim: str) -> bool:
    """A release that holds none of the names a claim gives is about something else: its figures
    neither support nor contradict the claim ("Fennick Park" against a release about the Orvanne)."""
    if not stated.names:
        return True
    folded = fold(release_text)
    return any(all(w in folded for w in _name_words(name, claim)) for name in stated.names)


def _distinctive(figure: Figure) -> bool:
    """Three significant digits or more (23,615; 1,146; but not 20 or 4.2 million): such a figure found in
    a topical sentence is the claim's whatever word follows it."""
    digits = f"{figure.value:.6g}".replace(".", "").lstrip("0").rstrip("0")
    return len(digits) >= 3


def _z(c: Candidate) -> float:
    baseline = c.passage.baseline
    if c.similarity is None or baseline is None or baseline[1] <= 0:
        return 0.0
    return max(-2.0, min(8.0, (c.similarity - baseline[0]) / baseline[1]))


def _holds(forms: frozenset[str], c: Candidate) -> bool:
    return _holds_signals(forms, c.signals)


def _holds_signals(forms: frozenset[str], signals: TextSignals) -> bool:
    """The answer features' test for a question word (stems, prefixes), with the words as written too."""
    return term_hit(forms, signals, frozenset(signals.words))


def _shown(figure: Figure, language: str) -> str:
    return i18n.amount(figure.value, language, percent=figure.kind == "percent", currency=figure.currency)


def _rival_names(text: str, language: str | None, claim_words: set[str]) -> list[str]:
    """People the sentence names who share no word with the claim."""
    return [n for n in person_names(text, language) if not {fold(w) for w in _content_words(n)} & claim_words]
