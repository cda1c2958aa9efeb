"""The project's retrieval as a llama-index `BaseRetriever`, for llama-index pipelines (query engines,
rerankers, evaluators) that want Pressroom's passages.

Each `NodeWithScore` is one passage (a sentence window) with its release's metadata and where it sits in
the release text, so a citation can be built from it. The answer engine itself calls `Retriever.search`
directly: the passages carry the matched sentences and the similarity baseline the selector reads, which
a llama-index node has no field for.
"""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from bot.question import analyse
from bot.retrieve import Retriever
from bot.types import Passage, release_fields


def passage_node(passage: Passage) -> NodeWithScore:
    metadata = {
        **{key: value for key, value in release_fields(passage).items() if value is not None},
        "paragraph": passage.paragraph,
        "start": passage.start,
        "end": passage.end,
        "similarity": passage.similarity,
    }
    node = TextNode(
        id_=passage.chunk_id,
        text=passage.text,
        metadata=metadata,
        # Only the text goes to an LLM or an embedding; the metadata is for citing it.
        excluded_llm_metadata_keys=list(metadata),
        excluded_embed_metadata_keys=list(metadata),
    )
    return NodeWithScore(node=node, score=passage.score)


class PressroomRetriever(BaseRetriever):
    def __init__(self, retriever: Retriever, *, top_k: int = 5, expand: int = 0) -> None:
        super().__init__()
        self._retriever = retriever
        self._top_k = top_k
        self._expand = expand

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        question = query_bundle.query_str
        self._retriever.refresh()
        passages = self._retriever.search(question, self._top_k, analyse(question), expand=self._expand)
        return [passage_node(p) for p in passages]
