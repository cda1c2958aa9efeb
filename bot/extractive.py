"""The default answerer: quote the sentence or two that answer the question, with citations. No LLM."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.citations import cite, human_date
from bot.evidence import holds_answer, looks_like_instruction, nearness
from bot.question import QuestionInfo, analyse, sentence_dates, time_weight
from bot.types import Answer, Passage, ReleaseInfo
from ingest.chunking import split_sentences
from ingest.keyword_index import Tokenizer

REFUSAL = {
    "en": "I couldn't find that in the press releases.",
    "fr": "Je n'ai pas trouvé cette information dans les communiqués de presse.",
}


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence counts. Chosen on the team's question set and the dev set."""

    similarity_scale: float = 0.04  # a cosine gap this size to the best sentence costs one point
    coverage: float = 1.5  # share of the question's (IDF-weighted) words the sentence contains
    keyword: float = 0.0  # BM25 score relative to the best (it already helped pick the releases)
    holds: float = 2.0  # holds a figure / name / date of the kind asked, not already in the question
    time: float = 5.0  # log of the release's fit to the question's time focus
    sentence_time: float = 0.5  # the sentence itself names the month asked about (or a stale one)
    near: float = 1.0  # the figure/name sits next to a word of the question
    length: float = 0.6  # per 25 words beyond 25: long lead sentences mention everything, answer little
    context: float = 0.03  # similarity given to a sentence search did not match, below its passage's
    # Refusal: below these the best sentence is not trusted to answer.
    min_similarity: float = 0.80
    min_score: float = 2.1
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
    near: float = 1.0
    words: int = 0
    score: float = 0.0


class ExtractiveAnswerer:
    """Scores every sentence of the retrieved passages on the evidence above, quotes the best, and
    refuses when the best is weak or holds no answer of the kind asked for."""

    def __init__(self, *, weights: Weights | None = None, tokenizer: Tokenizer | None = None) -> None:
        self.weights = weights or Weights()
        self._tokens = tokenizer or Tokenizer()

    def answer(self, question: str, passages: list[Passage], language: str) -> Answer:
        info = analyse(question)
        candidates = self.candidates(info, passages)
        best = candidates[0] if candidates else None
        if best is None or not self.confident(best, info):
            return self.refusal(question, language, passages)
        chosen = [best]
        for other in candidates[1:4]:
            if other.score < best.score - self.weights.second_margin:
                break
            if other.quote not in best.quote and best.quote not in other.quote and other.holds:
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
        return Answer(question=question, answer="\n\n".join(parts), answered=True, language=language,
                      mode="extractive", citations=citations)

    def confident(self, best: _Candidate, info: QuestionInfo) -> bool:
        if info.kind != "other" and not best.holds:
            return False
        return best.similarity >= self.weights.min_similarity and best.score >= self.weights.min_score

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
                related.append(ReleaseInfo(release_id=p.release_id, title=p.title, path=p.path, date=p.date,
                                           organisation=p.organisation, language=p.language, url=p.url))
        return Answer(question=question, answer=REFUSAL.get(language, REFUSAL["en"]), answered=False,
                      language=language, mode="extractive", related=related[:3])

    def candidates(self, info: QuestionInfo, passages: list[Passage]) -> list[_Candidate]:
        w = self.weights
        # nearness() stems word by word; the same words recur across ~100 candidate sentences.
        stems: dict[tuple[str, str | None], list[str]] = {}

        def stem(word: str, language: str | None) -> list[str]:
            key = (word, language)
            if key not in stems:
                stems[key] = self._tokens.document(word, language)
            return stems[key]

        query = set(self._tokens.query(info.text))
        query_prefixes = self._tokens.prefixes(info.text)
        dates = [p.date for p in passages if p.date]
        out: list[_Candidate] = []
        tokens: list[list[str]] = []
        for p in passages:
            matched_sims = [h.similarity for h in p.hits if h.similarity > 0]
            floor = (min(matched_sims) if matched_sims else 0.0) - w.context
            release_time = math.log(time_weight(p.date, info.time, dates))
            for start, end in split_sentences(p.text):
                quote = p.text[start:end].strip()
                if len(quote) < 12 or looks_like_instruction(quote):
                    continue
                hits = [h for h in p.hits if h.start < end and start < h.end]
                out.append(_Candidate(
                    passage=p,
                    quote=quote,
                    order=len(out),
                    similarity=max((h.similarity for h in hits if h.similarity > 0), default=floor),
                    keyword=max((h.keyword for h in hits), default=0.0),
                    covered=0.0,
                    holds=holds_answer(quote, info.text, info.kind),
                    time=release_time,
                    sentence_time=self._sentence_time(quote, info),
                    words=len(quote.split()),
                    near=nearness(quote, info.text, info.kind,
                                  lambda word, lang=p.language: stem(word, lang), query),
                ))
                tokens.append([*self._tokens.document(quote, p.language), *self._tokens.prefixes(quote)])
        if not out:
            return []
        # IDF over the candidates: words every sentence shares (the organisation's name) count less.
        df: dict[str, int] = {}
        for toks in tokens:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1

        def idf(token: str) -> float:
            return math.log(1 + len(out) / (1 + df.get(token, 0)))

        query = query | query_prefixes
        # Stems and prefixes both count, so a same-language match scores on both; halve to keep scale.
        query_weight = sum(idf(t) for t in query) or 1.0
        best_sim = max(c.similarity for c in out)
        best_kw = max(c.keyword for c in out) or 1.0
        for c, toks in zip(out, tokens, strict=True):
            c.covered = sum(idf(t) for t in query & set(toks)) / query_weight
            c.score = (
                (c.similarity - best_sim) / w.similarity_scale
                + w.coverage * c.covered
                + w.keyword * c.keyword / best_kw
                + w.holds * c.holds
                + w.time * c.time
                + w.sentence_time * c.sentence_time
                + w.near * c.near
                - w.length * max(0, c.words - 25) / 25
            )
        out.sort(key=lambda c: c.score, reverse=True)
        return out

    @staticmethod
    def _sentence_time(sentence: str, info: QuestionInfo) -> float:
        """+1 when the sentence names the month asked about; -1 when a "latest" question meets a
        sentence dated in the past (a timeline entry quoting an old figure)."""
        named = sentence_dates(sentence)
        if not named:
            return 0.0
        focus = info.time
        if focus.month:
            return 1.0 if any(m == focus.month and (y is None or not focus.year or y == focus.year)
                              for y, m in named) else -0.5
        if focus.latest:
            return -1.0
        return 0.0
