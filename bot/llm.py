"""LLM answers over any OpenAI-compatible chat API: grounded, cited, verified, never worse than extractive.

The model only writes prose. Everything the user relies on is checked here afterwards: every [n] must
name a passage that was sent, and every number in the answer must occur in a passage it cites. When
a check fails, or the API misbehaves, the injected extractive answerer answers instead, so the LLM can
make answers read better but never make them less true or later than the time budget.
"""

from __future__ import annotations

import dataclasses
import email.utils
import logging
import random
import re
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

import openai

from bot.citations import cite
from bot.prompt import build_messages, refusal_sentences
from bot.types import Answer, Answerer, Citation, Passage
from config.settings import Settings, SettingsError

_log = logging.getLogger("pressroom.llm")

# Connecting is quick or not happening at all; a longer connect wait would only eat the budget.
_CONNECT_TIMEOUT_S = 5.0
# Below this, an attempt would time out before any real model could reply: fall back instead.
_MIN_ATTEMPT_S = 0.2
# Time kept back from the LLM so the extractive fallback still fits inside the budget.
_FALLBACK_RESERVE_S = 0.25
_BACKOFF_BASE_S = 0.5
_BACKOFF_MAX_S = 8.0
# Server or proxy messages can be long HTML pages; the log gets the start.
_LOG_DETAIL_CHARS = 200


class _MalformedResponse(Exception):
    """The endpoint answered 2xx but not with a usable chat completion."""


@dataclass(frozen=True)
class _Fault:
    reason: str
    retryable: bool
    retry_after_s: float | None = None


@dataclass(frozen=True)
class _Completion:
    text: str | None  # None: no usable reply, the reason has been logged
    client_s: float  # time spent inside the client, all attempts


class ChatBackend(Protocol):
    """One chat completion: the reply's text. Raises the backend's own errors (classified by _classify)."""

    def reply(self, messages: list[dict[str, str]], *, temperature: float, timeout_s: float) -> str: ...


class OpenAIChat:
    """The openai client itself: OpenAI, or any OpenAI-compatible server (Ollama, vLLM, llama.cpp)."""

    def __init__(self, client: openai.OpenAI, model: str) -> None:
        # Resolved now: the client loads its resource modules lazily, which would add ~50 ms to the first answer.
        self._completions = client.chat.completions
        self._model = model

    def reply(self, messages: list[dict[str, str]], *, temperature: float, timeout_s: float) -> str:
        reply = self._completions.create(
            model=self._model,
            messages=messages,  # type: ignore[arg-type]
            temperature=temperature,
            timeout=openai.Timeout(timeout_s, connect=min(timeout_s, _CONNECT_TIMEOUT_S)),
        )
        return _reply_text(reply)


class LlamaIndexChat:
    """Any llama-index `LLM` (OpenAI, Azure OpenAI, Ollama, vLLM, Mistral, OpenAI-like servers...). Its
    temperature and per-call timeout are its own settings; the answer's time budget and retries are ours."""

    def __init__(self, llm: object) -> None:
        self._llm = llm

    def reply(self, messages: list[dict[str, str]], *, temperature: float, timeout_s: float) -> str:
        from llama_index.core.llms import ChatMessage

        response = self._llm.chat([ChatMessage(role=m["role"], content=m["content"]) for m in messages])  # type: ignore[attr-defined]
        return str(response.message.content or "")


class LLMAnswerer:
    """An `Answerer` that asks a chat model, verifies its answer and falls back when it must."""

    def __init__(
        self,
        chat: ChatBackend,
        fallback: Answerer,
        *,
        timeout_s: float,
        max_retries: int,
        budget_s: float,
        temperature: float = 0.0,
        max_passages: int = 8,
    ) -> None:
        self._chat = chat
        self._fallback = fallback
        self._timeout_s = timeout_s
        self._max_retries = max_retries
        self._budget_s = budget_s
        self._temperature = temperature
        # The engine hands over every passage of the best releases (the extractive fallback scores them
        # all); the prompt gets the best few, which keeps it short and the model focused.
        self._max_passages = max_passages
        self._random = random.Random()

    @classmethod
    def from_settings(cls, settings: Settings, fallback: Answerer) -> LLMAnswerer:
        conf = settings.answer
        key = conf.openai_api_key.get_secret_value() if conf.openai_api_key else None
        if not key:
            if not conf.openai_base_url and not conf.llm_class:
                raise SettingsError(
                    "bad setting PRESSROOM_ANSWER_MODE: llm needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server"
                )
            # Local servers (Ollama, llama.cpp, vLLM) ignore the key; the client refuses to start without one.
            key = "no-key"
        if conf.llm_backend == "llama-index":
            chat: ChatBackend = LlamaIndexChat(_llama_index_llm(settings, key))
        else:
            chat = OpenAIChat(_openai_client(settings, key), conf.llm_model)
        return cls(
            chat,
            fallback,
            timeout_s=conf.llm_timeout_s,
            max_retries=conf.llm_max_retries,
            budget_s=conf.answer_budget_s,
            temperature=conf.llm_temperature,
            max_passages=max(settings.retrieval.top_k, 5),
        )

    @property
    def chat(self) -> ChatBackend:
        return self._chat

    def answer(self, question: str, passages: list[Passage], language: str) -> Answer:
        started = time.perf_counter()
        if not passages:
            return self._fall_back(question, passages, language, started, 0.0, "no passages retrieved")
        deadline = time.monotonic() + self._budget_s - min(_FALLBACK_RESERVE_S, 0.1 * self._budget_s)
        client_s = 0.0
        all_passages, passages = passages, sorted(passages, key=lambda p: p.score, reverse=True)[: self._max_passages]
        try:
            completion = self._complete(build_messages(question, passages, language), deadline)
            client_s = completion.client_s
            if completion.text is None:
                return self._fall_back(question, all_passages, language, started, client_s, "no usable LLM reply")
            verdict = _verify(completion.text, passages)
        except Exception:
            # The user must still get an answer, whatever went wrong on this path.
            _log.exception("LLM answer failed unexpectedly; answering extractively")
            return self._fall_back(question, all_passages, language, started, client_s, "unexpected error")
        if isinstance(verdict, str):
            return self._fall_back(question, all_passages, language, started, client_s, verdict)
        text, citations = verdict
        return Answer(
            question=question,
            answer=text,
            answered=True,
            language=language,
            mode="llm",
            citations=citations,
            timings_ms={"answer": _ms(time.perf_counter() - started), "llm": _ms(client_s)},
        )

    def _fall_back(
        self,
        question: str,
        passages: list[Passage],
        language: str,
        started: float,
        client_s: float,
        reason: str,
    ) -> Answer:
        _log.info("answering extractively: %s", reason)
        result = self._fallback.answer(question, passages, language)
        timings = {**result.timings_ms, "llm": _ms(client_s), "answer": _ms(time.perf_counter() - started)}
        return dataclasses.replace(result, timings_ms=timings)

    def _complete(self, messages: list[dict[str, str]], deadline: float) -> _Completion:
        """The model's reply text, retrying transient faults while the budget allows."""
        client_s = 0.0
        attempt = 0
        while True:
            attempt_s = min(self._timeout_s, deadline - time.monotonic())
            if attempt_s < _MIN_ATTEMPT_S:
                _log.warning("LLM time budget used up after %d attempt(s)", attempt)
                return _Completion(None, client_s)
            call_started = time.perf_counter()
            try:
                text = self._chat.reply(messages, temperature=self._temperature, timeout_s=attempt_s)
                return _Completion(text, client_s + time.perf_counter() - call_started)
            except Exception as exc:
                client_s += time.perf_counter() - call_started
                fault = _classify(exc, attempt_s)
            attempt += 1
            if not fault.retryable:
                _log.warning("%s; not retrying", fault.reason)
                return _Completion(None, client_s)
            if attempt > self._max_retries:
                _log.warning("%s; giving up after %d attempt(s)", fault.reason, attempt)
                return _Completion(None, client_s)
            remaining = deadline - time.monotonic()
            if fault.retry_after_s is not None and fault.retry_after_s > 0:
                # Retrying before the server allows would only earn another refusal.
                if fault.retry_after_s + _MIN_ATTEMPT_S > remaining:
                    _log.warning(
                        "%s; server asks to wait %.1f s, %.1f s of budget left",
                        fault.reason,
                        fault.retry_after_s,
                        remaining,
                    )
                    return _Completion(None, client_s)
                delay = fault.retry_after_s
            else:
                delay = min(_BACKOFF_BASE_S * 2 ** (attempt - 1), _BACKOFF_MAX_S)
                delay *= 1 - 0.25 * self._random.random()
                if delay + _MIN_ATTEMPT_S > remaining:
                    _log.warning("%s; no budget left for a retry (%.1f s left)", fault.reason, remaining)
                    return _Completion(None, client_s)
            _log.info("%s; retry %d of %d in %.2f s", fault.reason, attempt, self._max_retries, delay)
            time.sleep(delay)


def _openai_client(settings: Settings, key: str) -> openai.OpenAI:
    conf = settings.answer
    return openai.OpenAI(
        api_key=key,
        base_url=conf.openai_base_url,
        # The client's defaults (600 s read, 2 hidden retries) would blow any budget: retries are ours.
        timeout=openai.Timeout(conf.llm_timeout_s, connect=min(conf.llm_timeout_s, _CONNECT_TIMEOUT_S)),
        max_retries=0,
    )


def _llama_index_llm(settings: Settings, key: str) -> object:
    """The llama-index LLM the settings name: PRESSROOM_LLM_CLASS built with PRESSROOM_LLM_OPTIONS (JSON);
    without a class, llama-index's OpenAI-like LLM on the OpenAI settings."""
    from index.embedding import load_class

    conf = settings.answer
    options = dict(conf.llm_options)
    if conf.llm_class:
        try:
            return load_class(conf.llm_class)(**options)
        except ValueError as exc:
            raise SettingsError(f"bad setting PRESSROOM_LLM_CLASS: {exc}") from None
    from llama_index.llms.openai_like import OpenAILike

    options.setdefault("model", conf.llm_model)
    options.setdefault("api_key", key)
    if conf.openai_base_url:
        options.setdefault("api_base", conf.openai_base_url)
    options.setdefault("is_chat_model", True)
    options.setdefault("temperature", conf.llm_temperature)
    options.setdefault("timeout", conf.llm_timeout_s)
    options.setdefault("max_retries", 0)  # retries are ours, within the answer's budget
    return OpenAILike(**options)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _reply_text(reply: object) -> str:
    # With lenient validation the client hands back whatever arrived: a str for non-JSON bodies,
    # models with missing fields for JSON of the wrong shape. Only a real message text gets through.
    choices = getattr(reply, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise _MalformedResponse("no choices")
    message = getattr(choices[0], "message", None)
    content = getattr(message, "content", None)
    if not isinstance(content, str):
        raise _MalformedResponse("no message content")
    return content


def _classify(exc: Exception, attempt_s: float) -> _Fault:
    if isinstance(exc, openai.AuthenticationError):
        # The body of a real 401 echoes part of the key, so it is not logged.
        return _Fault("LLM rejected the API key (HTTP 401): check OPENAI_API_KEY", retryable=False)
    if isinstance(exc, openai.APITimeoutError):
        return _Fault(f"LLM timed out after {attempt_s:.1f} s", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        return _Fault(f"LLM connection failed ({_cause(exc)})", retryable=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        detail = _detail(exc)
        retryable = status in (408, 409, 429) or status >= 500
        retry_after = _retry_after_s(exc.response.headers) if retryable else None
        return _Fault(f"LLM returned HTTP {status}{detail}", retryable=retryable, retry_after_s=retry_after)
    if isinstance(exc, _MalformedResponse | ValueError | openai.APIResponseValidationError):
        # ValueError: a body announced as JSON that does not parse.
        detail = f"{type(exc).__name__}: {exc}"[:_LOG_DETAIL_CHARS]
        return _Fault(f"LLM returned a malformed response ({detail})", retryable=True)
    _log.exception("unexpected error from the LLM client")
    return _Fault(f"LLM call failed ({type(exc).__name__})", retryable=False)


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    return f"{type(cause).__name__}: {cause}"[:_LOG_DETAIL_CHARS] if cause else str(exc)


def _detail(exc: openai.APIStatusError) -> str:
    message = str(getattr(exc, "message", "") or "").strip()
    return f": {message[:_LOG_DETAIL_CHARS]}" if message else ""


def _retry_after_s(headers: object) -> float | None:
    """Seconds the server asks us to wait (retry-after-ms, or Retry-After in seconds or as a date)."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    millis = get("retry-after-ms")
    if millis:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# ---------------------------------------------------------------------------------------------------
# Verification: markers and numbers.

# A citation group such as [2] or [1, 3]; lists are split into single markers before anything else.
_MARKER_GROUP = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_MARKER = re.compile(r"\s*\[(\d+)\]")
_REPEATED_MARKER = re.compile(r"(\[(\d+)\])(?:\s*\[\2\])+")
# A number not glued to a letter on its left (so "CO2" or "G7" are names, not figures), with the
# separators French and English use inside numbers: spaces (plain, no-break, thin), comma, dot, apostrophe.
_NUMBER = re.compile(r"(?<![^\W\d_])\d+(?:[ \u00a0\u202f\u2009,.'’]\d+)*")
_SPACE_SEP = re.compile(r"[ \u00a0\u202f\u2009]")
_SEP = re.compile(r"[ \u00a0\u202f\u2009,.'’]")


def _split_marker_groups(text: str) -> str:
    return _MARKER_GROUP.sub(lambda m: "".join(f"[{n.strip()}]" for n in re.split(r"[,;]", m.group(1))), text)


def _verify(raw: str, passages: list[Passage]) -> tuple[str, list[Citation]] | str:
    """(answer text, citations) when the model's answer holds up, else the reason it does not."""
    text = _split_marker_groups(raw.strip())
    if not text:
        return "LLM returned an empty answer"
    count = len(passages)
    unknown = sorted({int(m.group(1)) for m in _MARKER.finditer(text) if not 1 <= int(m.group(1)) <= count})
    if unknown:
        _log.info("removed citation markers for passages that were not sent: %s", unknown)
        text = _MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= count else "", text)
    order: list[int] = []
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
    if not order:
        # Checked here, not first: an answer that cites and also admits a gap is still an answer.
        if _is_refusal(text):
            return "LLM said the passages do not hold the answer"
        return "LLM answer cites no passage"
    cited = [passages[n - 1] for n in order]
    missing = _unsupported_numbers(_MARKER.sub("", text), cited)
    if missing:
        return f"LLM answer states numbers its cited passages do not contain: {missing}"
    renumber = {old: new for new, old in enumerate(order, start=1)}
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber[int(m.group(1))]}]", text)
    text = _REPEATED_MARKER.sub(r"\1", text)
    citations = [_citation(new, passages[old - 1], text) for old, new in renumber.items()]
    return text, citations


def _normalise_words(text: str) -> str:
    text = _MARKER.sub(" ", text.lower().replace("’", "'"))
    return " ".join(re.findall(r"\w+", text))


def _is_refusal(text: str) -> bool:
    # Any language's refusal counts: a model asked for French sometimes refuses in English.
    said = _normalise_words(text)
    return any(_normalise_words(sentence) in said for sentence in refusal_sentences())


def _readings(token: str) -> set[Decimal]:
    """Values a written number can mean, e.g. "12,400" -> {12400, 12.4}; "3,2" -> {3.2}."""
    groups = _SEP.split(token)
    seps = _SEP.findall(token)
    values: set[Decimal] = set()
    if not seps:
        return {Decimal(token)}

    def grouped(parts: list[str], marks: list[str]) -> bool:
        # Thousands grouping: 1-3 leading digits, then groups of exactly 3, one kind of separator.
        return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]) and len(set(marks)) <= 1

    if grouped(groups, seps):
        values.add(Decimal("".join(groups)))
    last = seps[-1]
    if last in ",." and (len(groups) == 2 or (grouped(groups[:-1], seps[:-1]) and last not in seps[:-1])):
        values.add(Decimal(f"{''.join(groups[:-1])}.{groups[-1]}"))
    return values


def _number_tokens(text: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(text)]


def _known_numbers(passages: list[Passage]) -> set[Decimal]:
    known: set[Decimal] = set()
    for passage in passages:
        # Title and date are shown to the model too, so figures from them are grounded.
        visible = " \n".join(filter(None, [passage.title, passage.organisation, passage.date, passage.text]))
        for token in _number_tokens(visible):
            known |= _readings(token)
            for part in _SPACE_SEP.split(token):
                known |= _readings(part)
    return known


def _unsupported_numbers(text: str, cited: list[Passage]) -> list[str]:
    known = _known_numbers(cited)
    missing = []
    for token in _number_tokens(text):
        if _readings(token) & known:
            continue
        # "in 2023 12 400 people" runs numbers together across spaces: each piece may stand alone.
        parts = _SPACE_SEP.split(token)
        if len(parts) > 1 and all(_readings(part) & known for part in parts):
            continue
        missing.append(token)
    return missing


# ---------------------------------------------------------------------------------------------------
# Citations: the passage sentence that best supports the answer sentences carrying each marker.

# An answer sentence ends at . ! ? or … followed by space or end, and takes the markers right after it.
_ANSWER_SENTENCE = re.compile(r".+?(?:[.!?…]+(?:\s*\[\d+\])*(?=\s|$)|$)", re.S)
_PASSAGE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")
_STOPWORDS = frozenset(
    {
        *("the", "and", "for", "with", "that", "this", "from", "have", "has", "are", "was", "were"),
        *("will", "which", "their", "about", "into", "been", "also"),
        *("les", "des", "une", "pour", "dans", "avec", "que", "qui", "est", "sont", "par", "sur"),
        *("aux", "ces", "ses", "leur", "plus", "été", "ont", "cette"),
    }
)


def _words(text: str) -> dict[str, int]:
    weights: dict[str, int] = {}
    for word in re.findall(r"\w+", _MARKER.sub(" ", text).lower()):
        if word.isdigit():
            weights[word] = 2  # figures are the facts users check first
        elif len(word) >= 3 and word not in _STOPWORDS:
            weights[word] = 1
    return weights


def _best_quote(passage: Passage, support: str) -> str:
    sentences = [s.strip() for s in _PASSAGE_BREAK.split(passage.text) if s and s.strip()]
    if not sentences:
        return passage.text.strip()
    wanted = _words(support)

    def score(sentence: str) -> int:
        return sum(wanted.get(word, 0) for word in _words(sentence))

    # max() keeps the first of equal scores: earlier sentences usually carry the lead fact.
    return max(sentences, key=score)


def _citation(n: int, passage: Passage, answer: str) -> Citation:
    marker = f"[{n}]"
    support = " ".join(s for s in _ANSWER_SENTENCE.findall(answer) if marker in s) or answer
    # Built like the extractive answer's citations, so the engine's quote check treats both alike.
    return cite(n, passage, _best_quote(passage, support))
