"""Dump what the answerer sees for each question of the peer benchmark sets, to measure selectors fast.

    python -m bench.peer_candidates PEER_DIR OUT_DIR [SET ...]
    python -m bench.peer_candidates --set CORPUS_DIR QUESTIONS.jsonl OUT_DIR   (any set in that format)

PEER_DIR is the benchmark folder (with xquad-en/, xquad-x/, squad2/, fr/, each a corpus/ and a
questions.jsonl). Each set is ingested with the real model into OUT_DIR/SET and its questions' retrieved
passages are written to OUT_DIR/SET/candidates.pkl (training.candidates.dump). This only measures: nothing
is fitted on these sets. `python -m training.evaluate OUT_DIR/SET` then scores a selector on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from training.candidates import dump, rows_of

SETS = ["xquad-en", "xquad-x", "squad2", "fr"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__)
        return 2
    if args[0] == "--set":
        corpus, questions, out = (Path(a) for a in args[1:4])
        out.mkdir(parents=True, exist_ok=True)
        dump(corpus, out, rows_of(questions, out.name))
        return 0
    peer, out, sets = Path(args[0]), Path(args[1]), args[2:] or SETS
    for name in sets:
        (out / name).mkdir(parents=True, exist_ok=True)
        dump(peer / name / "corpus", out / name, rows_of(peer / name / "questions.jsonl", name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
