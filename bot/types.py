"""What the answer engine hands to its front ends (terminal, Telegram, JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, TypedDict

if TYPE_CHECKING:
    from bot.visibility import Viewer

Mode = Literal["extractive", "llm"]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its release's metadata."""

    chunk_id: str
    release_id: str
    text: str
    title: str
    path: str
    date: str | None = None
    organisation: str | None = None
    language: str | None = None
    url: str | None = None
    paragraph: int = 0
    start: int = 0
    end: int = 0
    score: float = 0.0
    # The sentences search matched inside this passage: (start, end) in `text`, fused score, cosine.
    hits: tuple[SentenceHit, ...] = ()
    # Cosine of the question to the passage as a whole (the mean of its sentence vectors); 0 if unknown.
    similarity: float = 0.0
    # Mean and spread of the question's cosine to a sample of the corpus's sentences: what "unrelated"
    # looks like for this question and this embedding model. None when unknown.
    baseline: tuple[float, float] | None = None
    # The question's words read in the releases' other languages (bot/translation): word -> ((the word
    # in another language, that language), ...). Empty for a corpus in one language.
    translations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # The share of the question's content words the corpus knows in any language or in translation
    # (bot/translation); None when unknown.
    known_share: float | None = None

    @property
    def source(self) -> str:
        return self.url or self.path


@dataclass(frozen=True)
class SentenceHit:
    start: int
    end: int
    score: float
    similarity: float = 0.0  # cosine to the question; 0 when only keyword search found it
    keyword: float = 0.0  # BM25 score; 0 when only dense search found it


@dataclass(frozen=True)
class Citation:
    n: int
    title: str
    organisation: str | None
    date: str | None
    source: str  # the URL when known, else the path relative to the corpus
    url: str | None  # a link that opens at the quote (text fragment) when the release has a URL
    quote: str  # occurs verbatim in the stored release text
    score: float
    passage: str = ""  # the whole passage the quote comes from
    path: str = ""
    release_id: str = ""

    def to_dict(self) -> dict[str, object]:
        keys = ("n", "title", "organisation", "date", "source", "url", "quote", "score")
        return {key: getattr(self, key) for key in keys}


class ReleaseRecord(Protocol):
    """A stored release or a passage: anything that carries a release's metadata."""

    @property
    def release_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def organisation(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...


class ReleaseFields(TypedDict):
    release_id: str
    title: str
    path: str
    date: str | None
    organisation: str | None
    language: str | None
    url: str | None


def release_fields(record: ReleaseRecord) -> ReleaseFields:
    """The release metadata that Passage and ReleaseInfo both carry, as keyword arguments."""
    return {
        "release_id": record.release_id,
        "title": record.title,
        "path": record.path,
        "date": record.date,
        "organisation": record.organisation,
        "language": record.language,
        "url": record.url,
    }


@dataclass(frozen=True)
class ReleaseInfo:
    release_id: str
    title: str
    path: str
    date: str | None = None
    organisation: str | None = None
    language: str | None = None
    url: str | None = None
    chunks: int = 0

    @property
    def source(self) -> str:
        return self.url or self.path


@dataclass
class Answer:
    question: str
    answer: str
    answered: bool
    language: str
    mode: Mode
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # When refused: the closest releases, so the user knows where to look.
    related: list[ReleaseInfo] = field(default_factory=list)
    # The selector's probability that the quoted sentence answers (extractive answers; None otherwise).
    confidence: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.answer,
            "answered": self.answered,
            "language": self.language,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "timings_ms": dict(self.timings_ms),
            "confidence": self.confidence,
            "related": [
                {"title": r.title, "date": r.date, "source": r.source, "organisation": r.organisation}
                for r in self.related
            ],
        }


class Answerer(Protocol):
    """Turns retrieved passages into an answer (extractive or LLM)."""

    def answer(self, question: str, passages: list[Passage], language: str) -> Answer: ...


class ClaimVerdict(Protocol):
    """A claim check's outcome (bot.claims.ClaimResult)."""

    claim: str
    verdict: str  # "supported", "contradicted" or "not_found"
    language: str
    explanation: str
    citations: list[Citation]
    timings_ms: dict[str, float]

    def to_dict(self) -> dict[str, object]: ...


class Engine(Protocol):
    """What front ends need from the answer engine. `viewer` is who will read the result: only the
    releases they may see now are used (none: the public)."""

    def answer(self, question: str, *, top_k: int | None = None, viewer: Viewer | None = None) -> Answer: ...

    def check(self, claim: str, *, viewer: Viewer | None = None) -> ClaimVerdict: ...

    def releases(self, viewer: Viewer | None = None) -> list[ReleaseInfo]: ...

    def hidden_titles(self, viewer: Viewer | None = None) -> set[str]: ...

    def release_texts(self, release_ids: Sequence[str]) -> dict[str, str]: ...

    def refresh(self) -> None: ...


__all__ = [
    "Answer",
    "Answerer",
    "Citation",
    "ClaimVerdict",
    "Engine",
    "Mode",
    "Passage",
    "ReleaseInfo",
    "SentenceHit",
    "asdict",
]
