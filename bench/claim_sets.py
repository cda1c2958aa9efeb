"""Claim check over claim sets written for corpora outside the project, with the real model.

    python -m bench.claim_sets SHARED [--sets seed real-releases eval-corpus]

SHARED is the folder that holds `seed/`, `real-releases/corpus/` and `eval/corpus/` (the releases are
read from there, never copied). The claims are ours, in bench/claims/*.jsonl: `seed` was written with the
checker in view and drove some of its rules; `real-releases` and `eval-corpus` were written by someone
who had not seen the code (a few rules were then fixed on them: see docs/quality.md). Prints, per set,
the claims judged right, per verdict, and every false "supported" (the verdict that must never be wrong).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from bot.engine import AnswerEngine
from config import IngestSettings, Settings, StoreSettings
from index.embedding import LocalE5Embedder
from ingest.runner import run_ingest

HERE = Path(__file__).resolve().parent / "claims"
CORPORA = {"seed": "seed", "real-releases": "real-releases/corpus", "eval-corpus": "eval/corpus"}


def run_set(name: str, shared: Path, embedder: LocalE5Embedder) -> dict[str, object]:
    claims = [json.loads(line) for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(
            store=StoreSettings(data_dir=Path(data)), ingest=IngestSettings(corpus_dir=shared / CORPORA[name])
        )
        run_ingest(settings, embedder=embedder)
        engine = AnswerEngine.from_settings(settings, embedder=embedder)
        right: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        false_support: list[str] = []
        timings: list[float] = []
        for item in claims:
            result = engine.check(item["claim"])
            timings.append(result.timings_ms["total"])
            totals[item["verdict"]] += 1
            right[item["verdict"]] += result.verdict == item["verdict"]
            if result.verdict == "supported" and item["verdict"] != "supported":
                false_support.append(item["claim"])
    timings.sort()
    return {
        "set": name,
        "right": sum(right.values()),
        "claims": len(claims),
        "per_verdict": {verdict: f"{right[verdict]}/{totals[verdict]}" for verdict in sorted(totals)},
        "false_supported": false_support,
        "p50_ms": timings[len(timings) // 2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--sets", nargs="*", default=list(CORPORA))
    args = parser.parse_args()
    embedder = LocalE5Embedder()
    for name in args.sets:
        report = run_set(name, args.shared, embedder)
        share = 100 * int(report["right"]) / int(report["claims"])  # type: ignore[call-overload]
        print(
            f"{name}: {report['right']}/{report['claims']} right ({share:.0f}%), {report['per_verdict']},"
            f" false supported: {len(report['false_supported'])}, p50 {report['p50_ms']:.0f} ms"
        )  # type: ignore[arg-type]
        for claim in report["false_supported"]:  # type: ignore[attr-defined]
            print(f"  supported but false: {claim}")


if __name__ == "__main__":
    main()
