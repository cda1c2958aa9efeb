"""Chunks -> sentence nodes (what is embedded and searched), each keeping its chunk as context window."""

from __future__ import annotations

from collections.abc import Sequence

from index.records import Chunk, Node
from index.sentences import split_sentences

# A fragment shorter than this ("Hier, ils l'ont fait.") carries too little meaning to be found on its own.
MIN_NODE_CHARS = 40


def sentence_nodes(chunks: Sequence[Chunk], *, min_chars: int = MIN_NODE_CHARS) -> list[Node]:
    nodes: list[Node] = []
    for chunk in chunks:
        spans = split_sentences(chunk.text) or [(0, len(chunk.text))]
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and (end - start < min_chars or merged[-1][1] - merged[-1][0] < min_chars):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        for start, end in merged:
            nodes.append(
                Node(
                    text=chunk.text[start:end],
                    start=chunk.start + start,
                    end=chunk.start + end,
                    window_start=chunk.start,
                    window_end=chunk.end,
                    paragraph=chunk.paragraph,
                )
            )
    return nodes
