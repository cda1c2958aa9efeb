"""Running the bot: long polling, or a webhook server when a public URL is configured.

`serve` is the whole lifecycle as a coroutine that stops when an event is set, so tests and the bench
drive exactly what `run_bot` runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import sys
from urllib.parse import urlparse

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.telegram.app import ALLOWED_UPDATES, MissingTokenError, bot_token, build_application
from bot.telegram.handlers import Receive, Reindex
from bot.telegram.redact import REDACTED
from bot.types import Engine
from config.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNREACHABLE = 1
EXIT_CONFIG = 2
DEFAULT_POLL_TIMEOUT_S = 10.0


def _webhook_secret(settings: Settings) -> str:
    # Without a configured secret anyone who finds the URL could post fake updates; a fresh random one
    # per run is as good, since setWebhook hands it to Telegram at every start.
    configured = settings.telegram.webhook_secret
    return configured.get_secret_value() if configured else secrets.token_urlsafe(32)


async def serve(
    application: Application,
    settings: Settings,
    *,
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
    poll_timeout: float = DEFAULT_POLL_TIMEOUT_S,
) -> None:
    """Initialise (getMe), set the command menu, receive updates until `stop` is set, shut down.
    Raises InvalidToken when Telegram rejects the token."""
    try:
        await _run_application(application, settings, stop=stop, ready=ready, poll_timeout=poll_timeout)
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _run_application(
    application: Application,
    settings: Settings,
    *,
    stop: asyncio.Event,
    ready: asyncio.Event | None,
    poll_timeout: float,
) -> None:
    async with application:
        if application.post_init:
            await application.post_init(application)
        updater = application.updater
        assert updater is not None, "build_application always gives the Application an Updater"
        telegram = settings.telegram
        if telegram.webhook_url:
            await updater.start_webhook(
                listen=telegram.webhook_listen,
                port=telegram.webhook_port,
                # Behind a reverse proxy the local path mirrors the public one.
                url_path=urlparse(telegram.webhook_url).path.strip("/"),
                webhook_url=telegram.webhook_url,
                secret_token=_webhook_secret(settings),
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("receiving updates by webhook on %s:%s", telegram.webhook_listen, telegram.webhook_port)
        else:

            def polling_failed(exc: TelegramError) -> None:
                application.create_task(application.process_error(update=None, error=exc))

            await updater.start_polling(
                timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES, error_callback=polling_failed
            )
            log.info("receiving updates by long polling")
        await application.start()
        if ready is not None:
            ready.set()
        try:
            await stop.wait()
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
                if application.post_stop:
                    await application.post_stop(application)


async def _serve_until_signalled(application: Application, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not available off the main thread or on Windows; Ctrl-C still ends asyncio.run there.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    await serve(application, settings, stop=stop)


def _configure_logging() -> None:
    # The CLI may already have set logging up; a bot started bare still needs its errors somewhere.
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _fail(message: str) -> None:
    print(f"pressroom: {message}", file=sys.stderr)


def run_bot(
    settings: Settings,
    engine: Engine,
    reindex: Reindex | None = None,
    *,
    receive: Receive | None = None,
    refused: tuple[type[Exception], ...] = (),
) -> int:
    """Run until SIGINT/SIGTERM. Returns 0 on a clean stop, 2 when the token is missing or rejected,
    1 when the Bot API cannot be reached at start-up. Configuration problems are one line on stderr."""
    try:
        token = bot_token(settings.telegram)
    except MissingTokenError as exc:
        _fail(str(exc))
        return EXIT_CONFIG
    # Before building: the redaction filter goes on the handlers that exist when the bot is built.
    _configure_logging()
    application = build_application(settings, engine, reindex=reindex, receive=receive, refused=refused)
    try:
        asyncio.run(_serve_until_signalled(application, settings))
    except InvalidToken:
        # PTB's own message for this quotes the token, so it is not shown.
        _fail("Telegram rejected the bot token (getMe: unauthorized); check TELEGRAM_BOT_TOKEN")
        return EXIT_CONFIG
    except BadRequest as exc:
        # A NetworkError subclass, but a configuration problem: e.g. setWebhook refusing the URL.
        _fail(f"Telegram refused the start-up request: {str(exc).replace(token, REDACTED)}")
        return EXIT_CONFIG
    except NetworkError as exc:
        detail = str(exc).replace(token, REDACTED)
        _fail(f"cannot reach the Telegram Bot API at {settings.telegram.telegram_api_url}: {detail}")
        return EXIT_UNREACHABLE
    except OSError as exc:
        # In practice the webhook port: taken by another process, or privileged.
        telegram = settings.telegram
        _fail(f"cannot listen on {telegram.webhook_listen}:{telegram.webhook_port}: {exc.strerror or exc}")
        return EXIT_UNREACHABLE
    return EXIT_OK
