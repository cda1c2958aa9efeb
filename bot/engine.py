"""AnswerEngine(retriever, answerer): question in, cited answer out. Never imports telegram."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.citations import verify_citations
from bot.claims import ClaimChecker, ClaimResult
from bot.extractive import ExtractiveAnswerer
from bot.question import analyse
from bot.release_facts import ReleaseFacts
from bot.retrieve import Retriever
from bot.selector import Selector
from bot.types import Answer, Answerer, ReleaseInfo
from bot.visibility import Viewer
from index.embargo import Clock, utc_now

if TYPE_CHECKING:
    from config import Settings
    from index.embedding import Embedder

log = logging.getLogger("pressroom.engine")


class AnswerEngine:
    """Loads the model and the store once; safe to call from several threads."""

    def __init__(
        self,
        retriever: Retriever,
        answerer: Answerer,
        *,
        top_k: int = 5,
        fallback: Answerer | None = None,
        expand: int = 3,
        facts: ReleaseFacts | None = None,
    ) -> None:
        self._retriever = retriever
        self._answerer = answerer
        self._top_k = top_k
        # Every sentence of the best releases is scored, not only the first-stage hits (measured: the
        # answering sentence was among the candidates for 47 of 55 questions without, 54 with 3).
        self._expand = expand
        # Used when the configured answerer raises: the user still gets an answer.
        self._fallback = fallback
        self._refuser = fallback if isinstance(fallback, ExtractiveAnswerer) else ExtractiveAnswerer()
        # Questions about a release itself (its date, headline, issuer, press contact) are answered from its
        # metadata and full text, whichever answerer is configured.
        self._facts = facts if facts is not None else ReleaseFacts(self._release_text)
        self._checker = ClaimChecker(retriever, top_k=top_k, expand=expand)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, embedder: Embedder | None = None, clock: Clock = utc_now
    ) -> AnswerEngine:
        """`clock` is what embargoes are compared with (UTC now; tests set their own)."""
        retriever = Retriever.from_settings(settings, embedder, clock=clock)
        extractive = ExtractiveAnswerer(selector=Selector.load(threshold=settings.answer.answer_threshold))
        answerer: Answerer = extractive
        if settings.answer.use_llm:
            from bot.llm import LLMAnswerer

            answerer = LLMAnswerer.from_settings(settings, fallback=extractive)
        return cls(retriever, answerer, top_k=settings.retrieval.top_k, fallback=extractive)

    def _release_text(self, release_id: str) -> str | None:
        return self._retriever.store.release_texts([release_id]).get(release_id)

    @property
    def retriever(self) -> Retriever:
        return self._retriever

    @property
    def answerer(self) -> Answerer:
        return self._answerer

    def answer(self, question: str, *, top_k: int | None = None, viewer: Viewer | None = None) -> Answer:
        """Answered from the releases `viewer` may see now (no viewer: the public)."""
        started = time.perf_counter()
        question = " ".join(question.split())
        info = analyse(question)
        self._retriever.refresh()
        passages = self._retriever.search(question, top_k or self._top_k, info, expand=self._expand, viewer=viewer)
        retrieved = time.perf_counter()
        answer = self._facts.answer(question, info.language, passages)
        try:
            answer = answer or self._answerer.answer(question, passages, info.language)
        except Exception:
            if self._fallback is None:
                raise
            log.exception("answerer failed; using the fallback")
            answer = self._fallback.answer(question, passages, info.language)
        answer = verify_citations(answer, self._retriever.store.release_texts)
        if answer.answered and not answer.citations:
            log.warning("answer lost all its citations in verification; refusing instead")
            answer = self._refuser.refusal(question, info.language, passages)
        done = time.perf_counter()
        timings = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "answer": round((done - retrieved) * 1000, 1),
            "total": round((done - started) * 1000, 1),
        }
        return replace(answer, timings_ms={**answer.timings_ms, **timings})

    def check(self, claim: str, *, viewer: Viewer | None = None) -> ClaimResult:
        """Supported, contradicted or not found in the releases `viewer` may see, with the quotes that decide it."""
        return self._checker.check(claim, viewer=viewer)

    def release_texts(self, release_ids: Sequence[str]) -> dict[str, str]:
        return self._retriever.store.release_texts(list(release_ids))

    def releases(self, viewer: Viewer | None = None) -> list[ReleaseInfo]:
        """The releases `viewer` may see now (no viewer: the public)."""
        self._retriever.refresh()
        return self._retriever.releases(viewer)

    def hidden_titles(self, viewer: Viewer | None = None) -> set[str]:
        """Titles of the releases `viewer` may not see now: the digest leaves them out."""
        self._retriever.refresh()
        return self._retriever.hidden_titles(viewer)

    def embargoed(self) -> int:
        """How many releases are under embargo now; never which."""
        self._retriever.refresh()
        return self._retriever.embargoed()

    def refresh(self) -> None:
        self._retriever.refresh(force=True)
