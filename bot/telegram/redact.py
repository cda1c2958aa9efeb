"""Keeping the bot token and API keys out of the logs.

The Bot API puts the token in every request URL, so any library that logs URLs (httpx at INFO, PTB at
DEBUG, exception messages such as PTB's InvalidToken) would leak it. A filter on the root handlers
rewrites every record that reaches them, whichever logger emitted it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

REDACTED = "[REDACTED]"
# httpx logs one INFO line per request, URL (and so token) included; those lines are noise anyway.
_URL_LOGGERS = ("httpx", "httpcore")


class SecretRedactor(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def redact(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, REDACTED)
        return value

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's to report, not ours
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatters cache the traceback text here, so redacting it once covers every handler.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redaction(secrets: Iterable[str]) -> Callable[[], None]:
    """Redact `secrets` in everything the root logger's handlers emit and quiet URL-logging libraries.
    Returns a function that undoes both."""
    redactor = SecretRedactor(secrets)
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(redactor)
    previous_levels = {name: logging.getLogger(name).level for name in _URL_LOGGERS}
    for name in _URL_LOGGERS:
        logger = logging.getLogger(name)
        # Set even when the effective level is already WARNING: logging may be configured later.
        # An explicit level someone chose for debugging is kept (the filter still redacts).
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)

    def uninstall() -> None:
        for handler in handlers:
            handler.removeFilter(redactor)
        for name, level in previous_levels.items():
            logging.getLogger(name).setLevel(level)

    return uninstall
