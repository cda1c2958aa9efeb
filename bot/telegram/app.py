"""The Telegram Application: how it talks to the Bot API, and every handler it registers, in one place."""

from __future__ import annotations

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    MessageReactionHandler,
    filters,
)

from bot.feedback import FeedbackStore
from bot.telegram.errors import on_error
from bot.telegram.handlers import Handlers, Receive, Reindex
from bot.telegram.keyboards import CITE_PATTERN, SOURCES_PATTERN, VOTE_PATTERN
from bot.telegram.redact import install_redaction
from bot.types import Engine
from config.settings import Settings, TelegramSettings

# Only what the bot handles: edited messages, member changes… are never even delivered. Reactions are, as
# votes (Telegram sends them in groups only when the bot is an administrator there).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY, Update.MESSAGE_REACTION]


class MissingTokenError(Exception):
    """No bot token configured; the message says which variable to set."""


def bot_token(settings: TelegramSettings) -> str:
    token = settings.telegram_bot_token.get_secret_value().strip() if settings.telegram_bot_token else ""
    if not token:
        raise MissingTokenError(
            "no Telegram bot token: set TELEGRAM_BOT_TOKEN (or PRESSROOM_TELEGRAM_BOT_TOKEN) to the token"
            " @BotFather gave you"
        )
    return token


def file_url(settings: TelegramSettings) -> str:
    """The file endpoint that goes with the API endpoint: …/bot → …/file/bot."""
    if settings.telegram_file_url:
        return settings.telegram_file_url.rstrip("/")
    api = settings.telegram_api_url
    root = api[: -len("/bot")] if api.endswith("/bot") else api
    return f"{root}/file/bot"


def settings_secrets(settings: Settings) -> list[str]:
    """Every credential the process holds, for log redaction."""
    candidates = [
        settings.telegram.telegram_bot_token,
        settings.telegram.webhook_secret,
        settings.answer.openai_api_key,
        settings.embedding.embedding_api_key,
    ]
    return [secret.get_secret_value() for secret in candidates if secret is not None]


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    reindex: Reindex | None = None,
    feedback: FeedbackStore | None = None,
    receive: Receive | None = None,
    refused: tuple[type[Exception], ...] = (),
) -> Application:
    """The bot, ready to be started by `run_bot` (or `serve`). Raises MissingTokenError.

    From here until the application shuts down, the token and API keys are redacted from every log
    record: PTB logs the API URL, token included, as soon as the Bot object exists."""
    telegram = settings.telegram
    token = bot_token(telegram)
    handlers = Handlers(
        telegram,
        engine,
        feedback or FeedbackStore.from_settings(settings),
        reindex,
        receive=receive,
        refused=refused,
    )
    uninstall_redaction = install_redaction(settings_secrets(settings))

    async def post_shutdown(application: Application) -> None:
        await handlers.post_shutdown(application)
        uninstall_redaction()

    application = (
        ApplicationBuilder()
        .token(token)
        # PTB appends the token to both URLs, which is why they end in /bot with no slash.
        .base_url(telegram.telegram_api_url)
        .base_file_url(file_url(telegram))
        # Every message the bot writes is HTML, and many carry several source links: previews of the
        # first link would only push the answer off screen.
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # One user's slow answer must not queue everybody else's updates behind it.
        .concurrent_updates(True)
        # Keeps under Telegram's flood limits and, on a 429, waits retry_after and tries again.
        .rate_limiter(AIORateLimiter(max_retries=3))
        .connect_timeout(5.0)
        .read_timeout(15.0)
        .write_timeout(15.0)
        .pool_timeout(10.0)
        .get_updates_connect_timeout(5.0)
        # Added to the long-polling timeout by PTB, so this is only the slack for a slow network.
        .get_updates_read_timeout(5.0)
        .post_init(handlers.post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    register_handlers(application, handlers)
    minutes = telegram.refresh_minutes
    if reindex is not None and minutes > 0 and application.job_queue is not None:
        application.job_queue.run_repeating(
            handlers.scheduled_ingest, interval=minutes * 60, first=minutes * 60, name="scheduled-ingest"
        )
    return application


def register_handlers(application: Application, handlers: Handlers) -> None:
    # New messages only: answering an edit would answer the same question twice.
    new = filters.UpdateType.MESSAGE
    commands = {
        "start": handlers.start,
        "help": handlers.help,
        "about": handlers.about,
        "sources": handlers.sources,
        "ask": handlers.ask,
        "check": handlers.check,
        "reindex": handlers.reindex,
        "stats": handlers.stats,
        "digest": handlers.digest,
    }
    application.add_handlers([CommandHandler(name, callback, filters=new) for name, callback in commands.items()])
    application.add_handlers(
        [
            MessageHandler(new & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, handlers.private_text),
            MessageHandler(new & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, handlers.group_text),
            # Reached only by commands none of the CommandHandlers above took.
            MessageHandler(new & filters.ChatType.PRIVATE & filters.COMMAND, handlers.unknown_command),
            MessageHandler(new & filters.ChatType.PRIVATE & filters.Document.ALL, handlers.document),
            CallbackQueryHandler(handlers.reveal_passage, pattern=CITE_PATTERN),
            CallbackQueryHandler(handlers.vote, pattern=VOTE_PATTERN),
            CallbackQueryHandler(handlers.sources_page, pattern=SOURCES_PATTERN),
            InlineQueryHandler(handlers.inline_query),
            MessageReactionHandler(handlers.reaction),
        ]
    )
    application.add_error_handler(on_error)
