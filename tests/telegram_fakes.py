"""Small, deterministic stand-ins for the Telegram tests: an engine with canned answers, builders for
the updates Telegram would send, and a harness that runs the real Application against the stand-in."""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from telegram.ext import Application

from bot.claims import ClaimResult
from bot.feedback import FeedbackStore
from bot.links import fragment_link
from bot.telegram import build_application, serve
from bot.types import Answer, Citation, ReleaseInfo
from bot.visibility import Viewer
from config.settings import Settings, StoreSettings, TelegramSettings
from tests.botapi_standin import BotApiStandin

T = TypeVar("T")

TOKEN = "123:ABC"
LONG_QUESTION = "tell me everything"
SLOW_QUESTION = "slow question"
FAILING_QUESTION = "explode"
SLOW_SECONDS = 1.5

RELEASES = [
    ReleaseInfo(
        release_id="water",
        title="Acme Foundation launches Clean Water for All",
        path="releases/2024-03-14-water.md",
        date="2024-03-14",
        organisation="Acme Foundation",
        language="en",
        url="https://example.org/press/clean-water?lang=en&ref=press",
        chunks=3,
    ),
    ReleaseInfo(
        release_id="budget",
        title="R&D budget <2025> : la Fondation Acme double ses moyens",
        path="releases/2024-05-02-budget.md",
        date="2024-05-02",
        organisation="Fondation Acme",
        language="fr",
        url="https://example.org/presse/budget",
        chunks=2,
    ),
    ReleaseInfo(
        release_id="annual",
        title="Annual report 2023",
        path="releases/2023-annual.md",
        date="2023-12-01",
        organisation="Acme Foundation",
        language="en",
        url=None,
        chunks=5,
    ),
    *[
        ReleaseInfo(
            release_id=f"note-{n}",
            title=f"Campaign note {n}",
            path=f"releases/2022-note-{n}.md",
            date=f"2022-0{n}-01",
            organisation="Acme Foundation",
            language="en",
            url=f"https://example.org/press/note-{n}",
        )
        for n in range(1, 5)
    ],
]

WATER_PASSAGE = (
    "The Acme Foundation today launched Clean Water for All, a campaign to bring safe drinking water to "
    "50,000 households by 2026. “Water is a right, not a privilege,” said director Ana Lima."
)
WATER_QUOTE = "a campaign to bring safe drinking water to 50,000 households by 2026"
BUDGET_PASSAGE = "La Fondation Acme double son budget R&D <2025> pour atteindre 4 millions d’euros."


def _citation(n: int, release: ReleaseInfo, quote: str, passage: str) -> Citation:
    return Citation(
        n=n,
        title=release.title,
        organisation=release.organisation,
        date=release.date,
        source=release.source,
        url=fragment_link(release.url, quote),
        quote=quote,
        score=0.9,
        passage=passage,
        path=release.path,
        release_id=release.release_id,
    )


class FakeEngine:
    """Answers from three canned facts, refuses anything else. Thread-safe, as the real one must be:
    the bot calls it from several worker threads at once."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.questions: list[str] = []
        self.refreshes = 0
        self._lock = threading.Lock()

    def releases(self, viewer: Viewer | None = None) -> list[ReleaseInfo]:
        return list(RELEASES)

    def hidden_titles(self, viewer: Viewer | None = None) -> set[str]:
        return set()

    def refresh(self) -> None:
        with self._lock:
            self.refreshes += 1

    def release_texts(self, release_ids: Sequence[str]) -> dict[str, str]:
        return {}

    def answer(self, question: str, *, top_k: int | None = None, viewer: Viewer | None = None) -> Answer:
        with self._lock:
            self.questions.append(question)
        if self.delay:
            time.sleep(self.delay)
        lowered = question.lower()
        if FAILING_QUESTION in lowered:
            raise RuntimeError("the fake engine was asked to fail")
        if SLOW_QUESTION in lowered:
            time.sleep(SLOW_SECONDS)
        water, budget = RELEASES[0], RELEASES[1]
        if LONG_QUESTION in lowered:
            paragraphs = [f"Paragraph {i}: " + " ".join(["Clean water & safe <taps>."] * 60) for i in range(1, 6)]
            return self._answer(question, "\n\n".join(paragraphs), [_citation(1, water, WATER_QUOTE, WATER_PASSAGE)])
        if "water" in lowered or "eau" in lowered:
            text = "Acme Foundation launched Clean Water for All to reach 50,000 households by 2026 [1]."
            return self._answer(question, text, [_citation(1, water, WATER_QUOTE, WATER_PASSAGE)])
        if "budget" in lowered:
            text = "La Fondation Acme double son budget R&D <2025> [1]."
            quote = "double son budget R&D <2025>"
            return self._answer(question, text, [_citation(1, budget, quote, BUDGET_PASSAGE)], language="fr")
        refusal = f"I could not find “{question}” in the press releases."
        return Answer(
            question=question,
            answer=refusal,
            answered=False,
            language="en",
            mode="extractive",
            related=[water, RELEASES[2]],
        )

    def check(self, claim: str, *, viewer: Viewer | None = None) -> ClaimResult:
        with self._lock:
            self.questions.append(claim)
        water = RELEASES[0]
        citation = _citation(1, water, WATER_QUOTE, WATER_PASSAGE)
        if "50,000 households" in claim:
            return ClaimResult(claim, "supported", "en", "Supported: the release says so [1].", [citation])
        if "households" in claim:
            return ClaimResult(
                claim, "contradicted", "en", "Contradicted: the release says 50,000, not 90,000 [1].", [citation]
            )
        return ClaimResult(claim, "not_found", "en", "Not found: no press release states this.")

    @staticmethod
    def _answer(question: str, text: str, citations: list[Citation], language: str = "en") -> Answer:
        return Answer(question, text, True, language, "extractive", citations=citations)


class RecordingReindex:
    """The injected reindex callable: records that it ran, optionally taking its time."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        time.sleep(self.delay)
        return {"added": 2, "updated": 1, "unchanged": 4, "removed": 0, "skipped": 1, "chunks_embedded": 17}


# -- settings ---------------------------------------------------------------------------------------


def make_settings(api_url: str, data_dir: Path, **telegram: Any) -> Settings:
    """Settings built in code, with every Telegram value the tests rely on set explicitly so that a
    developer's PRESSROOM_* environment cannot change the outcome."""
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_url": api_url,
        "telegram_file_url": None,
        "webhook_url": None,
        "webhook_secret": None,
        "webhook_listen": "127.0.0.1",
        "webhook_port": 8443,
        "rate_limit_per_minute": 60,
        "max_question_chars": 500,
        "allowed_user_ids": [],
        "allowed_chat_ids": [],
        "admin_ids": [],
        "refresh_minutes": 0,
    }
    values.update(telegram)
    return Settings(telegram=TelegramSettings(**values), store=StoreSettings(data_dir=data_dir))


# -- updates as Telegram would send them --------------------------------------------------------------

_ids = itertools.count(1)


def user(user_id: int, language_code: str | None = "en", first_name: str = "Ada") -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        data["language_code"] = language_code
    return data


def _entities(text: str) -> list[dict[str, Any]]:
    """Entities as Telegram computes them (offsets in UTF-16 units) for commands and @mentions."""
    entities = []
    for match in re.finditer(r"(?<![\w/@])(/[A-Za-z_]+(?:@\w+)?|@\w+)", text):
        prefix = text[: match.start()]
        kind = "bot_command" if match[1].startswith("/") else "mention"
        if kind == "bot_command" and match.start() != 0:
            continue
        entities.append(
            {
                "type": kind,
                "offset": len(prefix.encode("utf-16-le")) // 2,
                "length": len(match[1].encode("utf-16-le")) // 2,
            }
        )
    return entities


def message_update(
    chat_id: int,
    user_id: int,
    text: str,
    *,
    language_code: str | None = "en",
    reply_to: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A new text message; a negative chat_id is a supergroup."""
    chat: dict[str, Any] = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    if chat_id < 0:
        chat["title"] = "Campaign volunteers"
    else:
        chat["first_name"] = "Ada"
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": chat,
        "from": user(user_id, language_code),
        "text": text,
    }
    entities = _entities(text)
    if entities:
        message["entities"] = entities
    if reply_to is not None:
        message["reply_to_message"] = dict(reply_to)
    return {"message": message}


def private(user_id: int, text: str, language_code: str | None = "en") -> dict[str, Any]:
    return message_update(user_id, user_id, text, language_code=language_code)


def callback_update(user_id: int, data: str, message: Mapping[str, Any], language_code: str = "en") -> dict[str, Any]:
    return {
        "callback_query": {
            "id": f"cbq-{next(_ids)}",
            "from": user(user_id, language_code),
            "chat_instance": "ci-1",
            "data": data,
            "message": dict(message),
        }
    }


def reaction_update(chat_id: int, user_id: int, message_id: int, *emoji: str) -> dict[str, Any]:
    """A user setting reactions on a message (the bot gets these once it asks for message_reaction)."""
    chat: dict[str, Any] = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    return {
        "message_reaction": {
            "chat": chat,
            "message_id": message_id,
            "user": user(user_id),
            "date": int(time.time()),
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": e} for e in emoji],
        }
    }


def inline_update(user_id: int, query: str, language_code: str = "en", chat_type: str | None = None) -> dict[str, Any]:
    """An inline query; `chat_type` is where it is typed ("sender": the user's chat with the bot)."""
    query_data = {"id": f"iq-{next(_ids)}", "from": user(user_id, language_code), "query": query, "offset": ""}
    if chat_type is not None:
        query_data["chat_type"] = chat_type
    return {"inline_query": query_data}


# -- running the bot ---------------------------------------------------------------------------------


@asynccontextmanager
async def running_bot(
    settings: Settings,
    engine: Any,
    *,
    reindex: Callable[[], dict[str, Any]] | None = None,
    feedback: FeedbackStore | None = None,
    receive: Callable[[str, bytes], Any] | None = None,
    refused: tuple[type[Exception], ...] = (),
) -> AsyncIterator[Application]:
    """The real Application from build_application, long-polling the stand-in, stopped on exit."""
    application = build_application(
        settings, engine, reindex=reindex, feedback=feedback, receive=receive, refused=refused
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(application, settings, stop=stop, ready=ready, poll_timeout=1))
    ready_wait = asyncio.create_task(ready.wait())
    await asyncio.wait({task, ready_wait}, return_when=asyncio.FIRST_COMPLETED, timeout=10)
    if task.done():
        ready_wait.cancel()
        task.result()  # start-up failed: raise it here
    try:
        yield application
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)


async def until(predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    """Wait on the event loop (the stand-in runs in another thread) until predicate() holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.01)


async def settle(standin: BotApiStandin, seconds: float = 0.3) -> None:
    """Let every queued update be fetched and handled, for assertions that nothing was sent."""
    await until(standin.all_delivered, what="every update fetched")
    await asyncio.sleep(seconds)


def run(coroutine: Coroutine[Any, Any, T] | Awaitable[T], timeout: float = 30.0) -> T:
    """pytest-asyncio is not a dependency: each async test runs on its own loop, with a hard timeout."""

    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, timeout)

    return asyncio.run(bounded())
