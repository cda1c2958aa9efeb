"""The default answerer: quote the sentence or two that answer the question, with citations. No LLM."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.citations import cite, human_date
from bot.question import AnswerKind, QuestionInfo, analyse
from bot.types import Answer, Passage, ReleaseInfo
from ingest.chunking import split_sentences
from ingest.keyword_index import Tokenizer

REFUSAL = {
    "en": "I couldn't find that in the press releases.",
    "fr": "Je n'ai pas trouvé cette information dans les communiqués de presse.",
}

_NUMBER = re.compile(r"\d[\d\s\u00a0\u202f.,]*\d|\d")
_YEAR_ONLY = re.compile(r"^(19|20)\d{2}$")
_NAME = re.compile(
    r"(?<!^)(?<![.!?]\s)\b[A-ZÀ-Ý][\w’'-]+(?:\s+(?:de |du |von |van |la |le )?[A-ZÀ-Ý][\w’'-]+)+"
)
_DATE = re.compile(
    r"\b\d{1,2}(?:er)?\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre|january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?:\s+\d{4})?\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+\d{1,2}(?:,\s*\d{4})?\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)


def has_kind(sentence: str, kind: AnswerKind) -> bool:
    if kind == "number":
        return any(not _YEAR_ONLY.match(m.group(0).strip()) for m in _NUMBER.finditer(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind in ("person", "org", "place"):
        return bool(_NAME.search(sentence))
    return True


@dataclass
class _Candidate:
    passage: Passage
    quote: str
    score: float
    order: int


class ExtractiveAnswerer:
    """Scores the sentences of the retrieved passages; quotes the best; refuses when none is good enough.

    Sentence score = how well its passage ranked x how much of the question it covers (stemmed, IDF-
    weighted, both languages) x whether it holds the kind of answer asked for (a number for "how many").
    """

    def __init__(
        self, *, min_score: float = 0.2, second_ratio: float = 0.9, tokenizer: Tokenizer | None = None
    ) -> None:
        self._min_score = min_score
        self._second_ratio = second_ratio
        self._tokens = tokenizer or Tokenizer()

    def answer(self, question: str, passages: list[Passage], language: str) -> Answer:
        info = analyse(question)
        candidates = self._candidates(info, passages)
        best = candidates[0] if candidates else None
        if best is None or best.score < self._min_score:
            return self.refusal(question, language, passages)
        chosen = [best]
        for other in candidates[1:]:
            if other.score < best.score * self._second_ratio:
                break
            if other.quote != best.quote and other.passage.release_id == best.passage.release_id:
                chosen.append(other)
                break
        chosen.sort(key=lambda c: c.order)
        citation = cite(1, best.passage, " ".join(c.quote for c in chosen) if self._adjacent(chosen)
                        else best.quote)
        quotes = [citation.quote]
        lead = self._lead(best.passage, language)
        text = f"{lead} « {quotes[0]} » [1]" if language == "fr" else f"{lead} “{quotes[0]}” [1]"
        return Answer(question=question, answer=text, answered=True, language=language, mode="extractive",
                      citations=[citation])

    @staticmethod
    def _adjacent(chosen: list[_Candidate]) -> bool:
        if len(chosen) < 2:
            return False
        first, second = chosen
        if first.passage.chunk_id != second.passage.chunk_id:
            return False
        text = first.passage.text
        i, j = text.find(first.quote), text.find(second.quote)
        return 0 <= i < j and not text[i + len(first.quote) : j].strip()

    def _lead(self, passage: Passage, language: str) -> str:
        date = human_date(passage.date, language)
        if language == "fr":
            return f"D'après « {passage.title} »" + (f" ({date}) :" if date else " :")
        return f"According to “{passage.title}”" + (f" ({date}):" if date else ":")

    def refusal(self, question: str, language: str, passages: list[Passage]) -> Answer:
        related: list[ReleaseInfo] = []
        for p in passages:
            if all(r.release_id != p.release_id for r in related):
                related.append(ReleaseInfo(release_id=p.release_id, title=p.title, path=p.path, date=p.date,
                                           organisation=p.organisation, language=p.language, url=p.url))
        return Answer(question=question, answer=REFUSAL.get(language, REFUSAL["en"]), answered=False,
                      language=language, mode="extractive", related=related[:3])

    def _candidates(self, info: QuestionInfo, passages: list[Passage]) -> list[_Candidate]:
        if not passages:
            return []
        query = set(self._tokens.query(info.text))
        sentences: list[tuple[Passage, str, list[str]]] = []
        for p in passages:
            for start, end in split_sentences(p.text):
                quote = p.text[start:end].strip()
                if len(quote) >= 12:
                    sentences.append((p, quote, self._tokens.document(quote, p.language)))
        # IDF over the candidate sentences: words every sentence shares (the organisation's name) count less.
        df: dict[str, int] = {}
        for _, _, toks in sentences:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1
        n = len(sentences) or 1

        def idf(token: str) -> float:
            return math.log(1 + n / (1 + df.get(token, 0)))

        query_weight = sum(idf(t) for t in query) or 1.0
        top = max(p.score for p in passages) or 1.0
        out: list[_Candidate] = []
        for order, (p, quote, toks) in enumerate(sentences):
            covered = sum(idf(t) for t in query & set(toks)) / query_weight
            kind_ok = has_kind(quote, info.kind)
            score = (p.score / top) ** 0.5 * (0.35 + 0.65 * covered) * (1.0 if kind_ok else 0.45)
            out.append(_Candidate(p, quote, score, order))
        out.sort(key=lambda c: c.score, reverse=True)
        return out
