"""The Telegram front end: `build_application` wires the handlers, `run_bot` runs them."""

from bot.telegram.app import MissingTokenError, build_application
from bot.telegram.runner import run_bot, serve

__all__ = ["MissingTokenError", "build_application", "run_bot", "serve"]
