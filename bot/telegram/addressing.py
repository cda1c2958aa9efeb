"""Whether a message is a question for the bot, and what the question is."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity


def _mention_pattern(username: str) -> re.Pattern[str]:
    # Usernames are case-insensitive; the lookarounds stop @pressroom_bot matching inside @pressroom_bot2.
    return re.compile(rf"(?<![\w@])@{re.escape(username)}(?!\w)", re.IGNORECASE)


def mentions_bot(message: Message, username: str) -> bool:
    """True when a mention entity names the bot (a '@name' inside code or a URL is not a mention)."""
    wanted = f"@{username}".casefold()
    return any(value.casefold() == wanted for value in message.parse_entities([MessageEntity.MENTION]).values())


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def strip_mention(text: str, username: str) -> str:
    return " ".join(_mention_pattern(username).sub(" ", text).split())


def group_question(message: Message, username: str | None, bot_id: int) -> str | None:
    """The question a group message puts to the bot, or None when the message is not for the bot
    (the bot stays silent then). The question may be '' when the bot is mentioned with nothing else."""
    text = message.text or ""
    if username and mentions_bot(message, username):
        return strip_mention(text, username)
    if replies_to_bot(message, bot_id):
        return text.strip()
    return None


def command_argument(text: str | None) -> str:
    """What follows '/ask' or '/ask@bot', with its line breaks kept (context.args would lose them)."""
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""
