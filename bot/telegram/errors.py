"""The one error handler: the user gets a short apology, the log gets the traceback and the update."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.telegram.texts import language_of, text

log = logging.getLogger(__name__)

_SNIPPET_CHARS = 120


def describe(update: object) -> str:
    """Enough of an update to find it again in a report: id, kind, chat and what was asked."""
    if not isinstance(update, Update):
        return f"non-update {type(update).__name__}"
    kind = "update"
    said = ""
    message = update.message or update.edited_message
    if message:
        kind, said = "message", message.text or ""
    elif update.callback_query:
        kind, said = "callback_query", update.callback_query.data or ""
    elif update.inline_query:
        kind, said = "inline_query", update.inline_query.query
    chat = update.effective_chat
    where = f"{chat.type} chat {chat.id}" if chat else "no chat"
    return f"update {update.update_id} ({kind}, {where}): {said[:_SNIPPET_CHARS]!r}"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if not isinstance(update, Update):
        # Errors outside any update come from the polling loop, which PTB keeps retrying: one line
        # each is enough, a traceback per retry would bury everything else.
        if isinstance(error, Conflict):
            log.error("another process is receiving this bot's updates (a second instance, or a webhook): %s", error)
        elif isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            log.warning("Telegram Bot API unreachable, retrying: %s", error)
        else:
            log.error("error outside an update", exc_info=error)
        return

    log.error("error while handling %s", describe(update), exc_info=error)
    # No apology when Telegram itself would refuse it: the user blocked the bot, or we are being
    # flood-limited (an extra message would only make that worse).
    if isinstance(error, Forbidden | RetryAfter):
        return
    lang = language_of(update.effective_user.language_code if update.effective_user else None)
    apology = text(lang, "error")
    with contextlib.suppress(TelegramError):
        if update.callback_query:
            await update.callback_query.answer(apology, show_alert=True)
        elif update.effective_chat and not update.inline_query:
            await context.bot.send_message(update.effective_chat.id, apology)
