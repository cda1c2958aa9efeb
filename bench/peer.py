"""Answer quality on the public peer benchmarks, beside the naive pipeline's figures.

    python -m bench.peer PEER_DIR [SET ...] [--out bench/results/peer.json] [--limit N]

PEER_DIR is the benchmark folder (xquad-en, xquad-x, squad2, fr, each with corpus/ and questions.jsonl,
and its run.sh and score.py). Each set goes through the benchmark's own run.sh with this checkout's
`pressroom`: a fresh temporary store, `pressroom ingest`, `pressroom eval`, then the benchmark's scorer.
This script only collects the scorer's last line and the timings into one table and one JSON file; the
project's tests never need PEER_DIR (`make peer PEER=...` runs this).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

SETS = ["xquad-en", "xquad-x", "squad2", "fr"]

# The naive pipeline's figures, as the benchmark's README gives them (paragraph chunks, e5 + BM25 fused
# by RRF, the most similar sentence of the top 3 paragraphs, refusing below a cosine of 0.80).
NAIVE = {
    "xquad-en": {"answerable": 0.78},
    "xquad-x": {"answerable": 0.59},
    "fr": {"answerable": 0.60},
    "squad2": {"answerable": 0.68, "refused": 0.02},
}
_SUMMARY = re.compile(
    r"answerable (\d+)/(\d+) \((\d+)%\), unanswerable refused (\d+)/(\d+) \((\d+)%\), must_not violations (\d+)"
)
_TIMES = re.compile(r"ingest (\d+) s, eval (\d+) s")


def run_set(peer: Path, name: str, pressroom: str, limit: int) -> dict[str, object]:
    env = {**os.environ, "PR": pressroom, "LIMIT": str(limit)}
    started = time.time()
    done = subprocess.run(
        ["bash", str(peer / "run.sh"), name], capture_output=True, text=True, env=env, timeout=4 * 3600
    )
    out = done.stdout + done.stderr
    summary = _SUMMARY.search(out)
    if summary is None:
        raise RuntimeError(f"{name}: no score in run.sh's output:\n{out[-2000:]}")
    right, answerable, _, refused, unanswerable, _, violations = (int(g) for g in summary.groups())
    times = _TIMES.search(out)
    return {
        "set": name,
        "answerable": answerable,
        "answered_right": right,
        "unanswerable": unanswerable,
        "refused": refused,
        "must_not_violations": violations,
        "ingest_s": int(times.group(1)) if times else None,
        "eval_s": int(times.group(2)) if times else None,
        "wall_s": round(time.time() - started, 1),
        "failures": [line.strip() for line in out.splitlines() if line.strip().startswith("FAIL")],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("peer", type=Path)
    ap.add_argument("sets", nargs="*", default=SETS)
    ap.add_argument("--out", type=Path, default=Path("bench/results/peer.json"))
    ap.add_argument("--limit", type=int, default=0, help="first N questions of each set (a smoke run)")
    args = ap.parse_args(argv)
    pressroom = shutil.which("pressroom", path=str(Path(sys.executable).parent)) or "pressroom"
    rows = []
    for name in args.sets:
        row = run_set(args.peer, name, pressroom, args.limit)
        rows.append(row)
        naive = NAIVE.get(name, {})
        share = row["answered_right"] / max(row["answerable"], 1)  # type: ignore[operator]
        line = f"{name:9s} answerable {row['answered_right']}/{row['answerable']} ({share:.0%})"
        if row["unanswerable"]:
            line += f", unanswerable refused {row['refused']}/{row['unanswerable']}"
            line += f" ({row['refused'] / row['unanswerable']:.0%})"  # type: ignore[operator]
        line += f"; naive {naive.get('answerable', 0):.0%}"
        line += f"; ingest {row['ingest_s']} s, eval {row['eval_s']} s"
        print(line, flush=True)
    if args.limit == 0:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"sets": rows, "naive": NAIVE}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
