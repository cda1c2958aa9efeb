"""A scriptable OpenAI-compatible chat server on 127.0.0.1, so tests drive the real openai client.

Each POST /v1/chat/completions takes the next scripted behaviour (a reply, an error status, a stall,
a malformed body); when the script runs out the default behaviour repeats. Requests are recorded.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """A valid chat.completion carrying `content`."""

    content: str


@dataclass(frozen=True)
class Status:
    """An error status with an OpenAI-style error body and optional headers (e.g. Retry-After)."""

    code: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "stand-in error"


@dataclass(frozen=True)
class Stall:
    """Accept the request, then send nothing for `seconds` (or until the server stops)."""

    seconds: float


@dataclass(frozen=True)
class Malformed:
    """A 200 whose body is not a chat completion."""

    body: str = "{not json"
    content_type: str = "application/json"


Behaviour = Reply | Status | Stall | Malformed


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict[str, Any]
    at: float  # time.monotonic() when the request arrived

    @property
    def messages(self) -> list[dict[str, str]]:
        return list(self.body.get("messages", []))


def completion_json(content: str, model: str = "stand-in") -> dict[str, Any]:
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class OpenAIStandIn:
    """Start with `with OpenAIStandIn() as server:`; point the client at `server.base_url`."""

    def __init__(
        self,
        default: Behaviour | None = None,
        *,
        embed: Callable[[list[str]], Sequence[Sequence[float]]] | None = None,
    ) -> None:
        """`embed`: what /v1/embeddings answers with (vectors for the texts); without it, 404."""
        self.default: Behaviour = default or Status(500, message="no behaviour scripted")
        self._embed = embed
        self.requests: list[Recorded] = []
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "stand-in not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._script.extend(behaviours)

    def _next(self) -> Behaviour:
        with self._lock:
            return self._script.popleft() if self._script else self.default

    def _record(self, entry: Recorded) -> None:
        with self._lock:
            self.requests.append(entry)

    def start(self) -> OpenAIStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.1 keeps connections alive, as real endpoints do, so latency figures are fair.
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle on, delayed ACKs add ~40 ms to each reply.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                headers = {name.lower(): value for name, value in self.headers.items()}
                standin._record(Recorded(self.path, headers, body, time.monotonic()))
                if self.path.rstrip("/").endswith("/embeddings") and standin._embed is not None:
                    texts = body.get("input")
                    texts = [texts] if isinstance(texts, str) else list(texts or [])
                    vectors = standin._embed([str(t) for t in texts])
                    data = [
                        {"object": "embedding", "index": i, "embedding": [float(x) for x in v]}
                        for i, v in enumerate(vectors)
                    ]
                    usage = {"prompt_tokens": 0, "total_tokens": 0}
                    self._send(200, {"object": "list", "data": data, "model": body.get("model"), "usage": usage})
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                    return
                self._act(standin._next())

            def _act(self, behaviour: Behaviour) -> None:
                if isinstance(behaviour, Reply):
                    self._send(200, completion_json(behaviour.content))
                elif isinstance(behaviour, Status):
                    error = {"error": {"message": behaviour.message, "type": "stand_in", "code": None}}
                    self._send(behaviour.code, error, behaviour.headers)
                elif isinstance(behaviour, Stall):
                    standin._stopping.wait(behaviour.seconds)
                    # The client has usually given up by now; a late reply must not crash the thread.
                    self._send(200, completion_json("too late [1]"))
                else:
                    self._send_raw(200, behaviour.body.encode(), behaviour.content_type)

            def _send(self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                self._send_raw(code, json.dumps(payload).encode(), "application/json", headers)

            def _send_raw(
                self, code: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
            ) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        # Stalled handlers are released by `_stopping`; no need to join them one by one.
        server.block_on_close = False
        self._server = server
        # A short poll interval keeps stop() (which waits for the next poll) from adding 0.5 s per test.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="openai-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def unused_port() -> int:
    """A port on 127.0.0.1 with nothing listening (for connection-refused tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
