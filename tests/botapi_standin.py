"""A local stand-in for the Telegram Bot API, good enough to run the real bot against.

It serves `/bot<TOKEN>/<method>` on 127.0.0.1 from a background thread (stdlib only), hands out queued
updates through getUpdates (offset and long-poll timeout honoured), answers the sending methods with
plausible objects, records every call with its parsed parameters, and can be told to fail the next call
to a method (429 with retry_after, 500, …). Like Telegram, it rejects HTML it cannot parse, callback data
over 64 bytes and texts over 4,096 characters, so formatting bugs fail tests instead of passing silently.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

BOT_ID = 4242
BOT_USERNAME = "pressroom_test_bot"
# Parameters that PTB sends as raw strings; every other form value is JSON-encoded by PTB.
_STRING_PARAMS = {
    "file_id",
    "text",
    "query",
    "secret_token",
    "url",
    "callback_query_id",
    "inline_query_id",
    "action",
    "parse_mode",
    "ip_address",
    "language_code",
    "next_offset",
    "inline_message_id",
}
_MAX_LONG_POLL_S = 2.0

# Telegram's HTML parse mode: these tags only, entities named or numeric.
_ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
    "blockquote", "tg-emoji", "tg-time",
}  # fmt: skip
_ATTRIBUTE = r"""\s+[a-zA-Z_-]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s>"'<]+))?"""
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:{_ATTRIBUTE})*)\s*>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


def html_error(text: str) -> str | None:
    """Why Telegram would refuse `text` in HTML parse mode, or None when it would accept it."""
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = _TAG.match(text, pos)
            if not match:
                return f"can't parse entities: unexpected '<' at offset {pos}"
            closing, name, attributes = match[1], match[2].lower(), match[3]
            if name not in _ALLOWED_TAGS:
                return f'can\'t parse entities: unsupported start tag "{name}" at offset {pos}'
            if "&" in attributes and any(
                not _ENTITY.match(attributes, i) for i, c in enumerate(attributes) if c == "&"
            ):
                return f"can't parse entities: unescaped '&' in an attribute at offset {pos}"
            if closing:
                if not stack or stack[-1] != name:
                    return f'can\'t parse entities: unexpected end tag "{name}" at offset {pos}'
                stack.pop()
            else:
                stack.append(name)
            pos = match.end()
        elif char == "&":
            match = _ENTITY.match(text, pos)
            if not match:
                return f"can't parse entities: unescaped '&' at offset {pos}"
            pos = match.end()
        else:
            pos += 1
    if stack:
        return f"can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\""
    return None


def visible_text(html_text: str) -> str:
    """What the user sees: tags removed, entities decoded."""
    return unescape(re.sub(r"<[^>]*>", "", html_text))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    token: str
    status: int = 200
    result: Any = None  # what the stand-in answered, e.g. the Message a sendMessage created


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None = None


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class BotApiStandin:
    token: str = "123:ABC"
    bot_username: str = BOT_USERNAME
    bot_id: int = BOT_ID
    calls: list[ApiCall] = field(default_factory=list)
    # update_id -> time.monotonic() when a getUpdates response handed it to the bot
    delivered_at: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: deque[dict[str, Any]] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._failures: dict[str, deque[_Failure]] = {}
        # file_id -> the bytes a user sent (getFile, then a download from /file/bot<TOKEN>/<file_path>).
        self.files: dict[str, bytes] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> BotApiStandin:
        standin = self

        class Handler(_Handler):
            api = standin

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="botapi-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> BotApiStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the stand-in first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """What goes in PRESSROOM_TELEGRAM_API_URL: PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- scripting ------------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (its update_id is assigned here) and return its update_id."""
        with self._lock:
            update_id = next(self._update_ids)
            self._updates.append({**update, "update_id": update_id})
            self._lock.notify_all()
        return update_id

    def next_message_id(self) -> int:
        with self._lock:
            return next(self._message_ids)

    def fail_next(
        self, method: str, *, status: int, description: str | None = None, retry_after: int | None = None,
        times: int = 1,
    ) -> None:  # fmt: skip
        """Make the next `times` calls to `method` fail like Telegram would."""
        failure = _Failure(status, description or _default_description(status, retry_after), retry_after)
        with self._lock:
            self._failures.setdefault(method, deque()).extend([failure] * times)

    # -- inspection -----------------------------------------------------------------------------

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[ApiCall]:
        with self._lock:
            return [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def sent_to(self, chat_id: int) -> list[ApiCall]:
        """Messages sent to a chat successfully, in order."""
        return [c for c in self.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [c.params["text"] for c in self.sent_to(chat_id)]

    def all_delivered(self) -> bool:
        """Every pushed update has been handed to the bot by getUpdates."""
        with self._lock:
            return all(u["update_id"] in self.delivered_at for u in self._updates)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block (thread-wise) until predicate() is true; for code that is not on an event loop."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.05))
        return True

    # -- the API itself (called from server threads) ---------------------------------------------

    def _record(self, method: str, params: dict[str, Any], token: str, status: int, result: Any = None) -> None:
        with self._lock:
            self.calls.append(ApiCall(method, params, time.monotonic(), token, status, result))
            self._lock.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.popleft() if queue else None

    def handle(self, token: str, method: str, params: dict[str, Any]) -> Any:
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        failure = self._take_failure(method)
        if failure:
            raise ApiError(failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(params)

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Pressroom",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return self._bot_user()

    def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), _MAX_LONG_POLL_S)
        deadline = time.monotonic() + timeout
        with self._lock:
            # An offset confirms every update before it, as on Telegram.
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
                while self._updates and self._updates[0]["update_id"] < offset:
                    self._updates.popleft()
            batch = list(itertools.islice(self._updates, limit))
            now = time.monotonic()
            for update in batch:
                self.delivered_at.setdefault(update["update_id"], now)
            return batch

    def _message(self, params: dict[str, Any], text: str) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat: dict[str, Any] = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        if chat_id < 0:
            chat["title"] = "Test group"
        message: dict[str, Any] = {
            "message_id": self.next_message_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": self._bot_user(),
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _check_text(self, params: dict[str, Any], key: str = "text", mode_key: str = "parse_mode") -> str:
        raw = params.get(key)
        if not isinstance(raw, str) or not raw.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        shown = raw
        if str(params.get(mode_key, "")).upper() == "HTML":
            error = html_error(raw)
            if error:
                raise ApiError(400, f"Bad Request: {error}")
            shown = visible_text(raw)
        if utf16_length(shown) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return shown

    @staticmethod
    def _check_markup(params: dict[str, Any]) -> None:
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(data.encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                copied = (button.get("copy_text") or {}).get("text")
                if copied is not None and not 1 <= len(copied) <= 256:
                    raise ApiError(400, "Bad Request: BUTTON_COPY_TEXT_INVALID")

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        shown = self._check_text(params)
        self._check_markup(params)
        return self._message(params, shown)

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        shown = self._check_text(params)
        self._check_markup(params)
        if params.get("inline_message_id"):
            return True
        message = self._message(params, shown)
        message["message_id"] = int(params["message_id"])
        return message

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        results = params.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            if not result.get("title") or len(str(result.get("id", "")).encode()) > 64:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            content = result.get("input_message_content") or {}
            self._check_text(content, key="message_text")
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    def _api_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }

    def add_file(self, file_id: str, content: bytes) -> None:
        self.files[file_id] = content

    def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _api_close(self, params: dict[str, Any]) -> Any:
        return True


def _default_description(status: int, retry_after: int | None) -> str:
    if status == 429:
        return f"Too Many Requests: retry after {retry_after or 1}"
    if status == 400:
        return "Bad Request"
    return "Internal Server Error"


def parse_params(content_type: str, body: bytes) -> dict[str, Any]:
    """PTB posts form-encoded JSON values; other clients may post JSON."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return dict(json.loads(body))
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        if key in _STRING_PARAMS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when 20 users' answers go out at once.
    request_queue_size = 128


_PATH = re.compile(r"^/bot([^/]+)/([A-Za-z]+)$")
_FILE_PATH = re.compile(r"^/file/bot([^/]+)/documents/([^/]+)$")


class _Handler(BaseHTTPRequestHandler):
    api: BotApiStandin
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, every response waits ~40 ms for an ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # the test output stays readable
        pass

    def do_GET(self) -> None:
        # PTB percent-encodes the file URL's path, the token's colon included.
        download = _FILE_PATH.match(unquote(self.path.split("?", 1)[0]))
        if download:
            content = self.api.files.get(download[2])
            if download[1] != self.api.token or content is None:
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            return
        self.do_POST()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        match = _PATH.match(self.path.split("?", 1)[0])
        if not match:
            self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = match[1], match[2]
        if self.headers.get_content_type().startswith("multipart/"):
            self._send(400, {"ok": False, "error_code": 400, "description": "stand-in: no multipart"})
            return
        params = parse_params(self.headers.get("Content-Type", ""), body)
        try:
            result = self.api.handle(token, method, params)
        except ApiError as error:
            self.api._record(method, params, token, error.status)
            payload: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.retry_after is not None:
                payload["parameters"] = {"retry_after": error.retry_after}
            self._send(error.status, payload)
            return
        self.api._record(method, params, token, 200, result)
        self._send(200, {"ok": True, "result": result})

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The bot gave up on this request (a long poll cancelled at shutdown): nobody to tell.
            self.close_connection = True


@contextmanager
def running_standin(token: str = "123:ABC") -> Iterator[BotApiStandin]:
    standin = BotApiStandin(token=token).start()
    try:
        yield standin
    finally:
        standin.stop()
