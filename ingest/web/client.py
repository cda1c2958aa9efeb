"""HTTP for the ingest, polite to the sites it follows: robots.txt, a per-host pace, timeouts, retries
with backoff that honour Retry-After, redirects within a limit, a size cap, conditional requests.

httpx does the HTTP (its transport injectable, as httpx intends for tests and proxies) and Protego
(Scrapy's robots.txt parser: wildcards, Allow/Disallow precedence, Crawl-delay) reads robots.txt.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from config.settings import WebSettings

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ROBOTS_MAX_BYTES = 512 * 1024
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.8,*/*;q=0.5"


class FetchError(Exception):
    """A URL could not be fetched; `reason` says why in words an organiser understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class _Robots:
    parser: Protego | None  # None: every path allowed
    refused: str | None = None  # robots.txt could not be read: nothing on the host is fetched

    def allows(self, url: str, agent: str) -> bool:
        return self.refused is None and (self.parser is None or self.parser.can_fetch(url, agent))


class PoliteClient:
    def __init__(
        self,
        settings: WebSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._sleep = sleep
        self._clock = clock
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(settings.web_timeout_s),
            follow_redirects=True,
            max_redirects=settings.web_max_redirects,
            headers={"User-Agent": settings.user_agent, "Accept": _ACCEPT},
        )
        self._robots: dict[str, _Robots] = {}
        self._next_at: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self.requests = 0

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    @property
    def _max_bytes(self) -> int:
        return int(self._settings.web_max_mb * 1024 * 1024)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """One GET, conditional when a validator is given. Raises FetchError; 4xx answers are returned."""
        robots = self._robots_for(url)
        if robots.refused:
            raise FetchError(robots.refused)
        if not robots.allows(url, self._settings.user_agent):
            raise FetchError("robots.txt does not allow fetching it")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self._max_bytes)

    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _robots_for(self, url: str) -> _Robots:
        origin = self._origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin]

    def _read_robots(self, origin: str) -> _Robots:
        # RFC 9309: robots.txt missing (4xx) allows everything; unreachable (5xx, no answer) means the
        # crawler must assume it is not allowed anywhere on the host.
        try:
            answer = self._get(f"{origin}/robots.txt", {}, _ROBOTS_MAX_BYTES)
        except FetchError as exc:
            return _Robots(None, f"robots.txt of {origin} could not be read ({exc.reason}): nothing fetched there")
        if answer.status >= 400:
            return _Robots(None)
        parser = Protego.parse(answer.body.decode("utf-8", errors="replace"))
        delay = parser.crawl_delay(self._settings.user_agent)
        if delay:
            host = urlsplit(origin).netloc
            self._delay[host] = min(float(delay), self._settings.web_max_wait_s)
        return _Robots(parser)

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._next_at.get(host, 0.0) - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._next_at[host] = self._clock() + max(self._settings.web_delay_s, self._delay.get(host, 0.0))

    def _too_large(self, limit: int) -> str:
        if limit == self._max_bytes:
            return f"larger than the {self._settings.web_max_mb:g} MB limit (PRESSROOM_WEB_MAX_MB)"
        return f"larger than {limit // 1024} KB"

    def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        settings = self._settings
        for attempt in range(settings.web_retries + 1):
            last = attempt == settings.web_retries
            self._pace(url)
            self.requests += 1
            try:
                answer, retry_after = self._stream(url, headers, max_bytes)
            except httpx.TooManyRedirects:
                raise FetchError(f"more than {settings.web_max_redirects} redirects (a redirect loop?)") from None
            except httpx.TimeoutException:
                # Not retried: a server that is this slow once will likely be as slow again, and the
                # page keeps its previous version meanwhile.
                raise FetchError(f"no answer within {settings.web_timeout_s:g} s") from None
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(f"cannot connect ({type(exc).__name__}: {exc})") from None
                self._wait(settings.web_backoff_s * 2**attempt, None, None)
                continue
            if answer.status not in _RETRY_STATUSES:
                return answer
            if last:
                tries = settings.web_retries + 1
                raise FetchError(f"HTTP {answer.status} ({tries} {'try' if tries == 1 else 'tries'})")
            self._wait(settings.web_backoff_s * 2**attempt, answer.status, retry_after)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _wait(self, backoff: float, status: int | None, retry_after: str | None) -> None:
        limit = self._settings.web_max_wait_s
        asked = _retry_after(retry_after)
        if asked is not None and asked > limit:
            raise FetchError(
                f"HTTP {status}: the server asks to wait {asked:.0f} s, "
                f"more than PRESSROOM_WEB_MAX_WAIT_S ({limit:g} s)"
            )
        wait = min(backoff, limit) if asked is None else asked
        if wait > 0:
            self._sleep(wait)

    def _stream(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[Fetched, str | None]:
        started = self._clock()
        with self._http.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(self._too_large(max_bytes))
            body = bytearray()
            if response.status_code == 200:
                for part in response.iter_bytes():
                    body += part
                    if len(body) > max_bytes:
                        raise FetchError(self._too_large(max_bytes))
                    # httpx's timeout is per read: a page trickled out byte by byte would never hit it.
                    if self._clock() - started > self._settings.web_timeout_s:
                        raise FetchError(f"not received within {self._settings.web_timeout_s:g} s")
            return (
                Fetched(
                    url=url,
                    final_url=str(response.url),
                    status=response.status_code,
                    body=bytes(body),
                    content_type=response.headers.get("content-type", ""),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                ),
                response.headers.get("retry-after"),
            )


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from either of its forms (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
