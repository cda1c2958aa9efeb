"""The "typing…" indicator while an answer is being computed."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import TelegramError

log = logging.getLogger(__name__)

# Telegram shows a chat action for about 5 seconds, so a slow answer needs it sent again.
_REPEAT_EVERY_S = 4.0
# Answers quicker than this get no indicator: it would vanish at once, and every request counts
# against the bot's flood limit (30 per second overall), which a burst of users then waits on.
_GRACE_S = 0.5


@contextlib.asynccontextmanager
async def typing(
    bot: Bot, chat_id: int, *, grace: float = _GRACE_S, every: float = _REPEAT_EVERY_S
) -> AsyncIterator[None]:
    """Show "typing…" in the chat while the block runs, if it runs longer than `grace`. The indicator
    is its own task so the answer is never delayed by it, and failing to show it never fails the answer."""

    async def keep_typing() -> None:
        await asyncio.sleep(grace)
        while True:
            try:
                await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
            except TelegramError as exc:
                log.debug("typing indicator for chat %s failed: %s", chat_id, exc)
                return
            await asyncio.sleep(every)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
