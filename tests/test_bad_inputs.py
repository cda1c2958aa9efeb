"""A corpus full of broken files: every bad one skipped with its reason, every good one ingested."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from config import Settings
from index.store import Store
from ingest.runner import run_ingest
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Paris, 3 May 2024 – The Tenants' Union said {} tenants joined the rent strike on Monday.\n"


def _junk_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("junk.bin", os.urandom(256))
    return buf.getvalue()


def build_bad_corpus(corpus: Path) -> dict[str, str]:
    """Writes the files; returns the good ones' names."""
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "empty.pdf").write_bytes(b"")
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf\n")
    (corpus / "junk.docx").write_bytes(_junk_zip())
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "big.txt").write_bytes(b"All work and no play. " * (50 * 1024 * 1024 // 22))
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(512))
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    good = {
        "rent strike.txt": GOOD.format(120),
        "Communiqué d'été « final ».txt": GOOD.format(240),
        'it\'s "quoted".txt': GOOD.format(360),
        "invalid-utf8.txt": None,
    }
    for name, text in good.items():
        if text is not None:
            (corpus / name).write_text(text, encoding="utf-8")
    # Mostly UTF-8 with two stray Latin-1 bytes: decodable, must not abort anything.
    (corpus / "invalid-utf8.txt").write_bytes(GOOD.format(480).encode() + b"Caf\xe9 cr\xe8me.\n")
    return {k: v for k, v in good.items() if v is not None}


def test_bad_files_are_skipped_with_reasons_and_good_ones_ingested(
    settings: Settings, embedder: HashEmbedder, tmp_path: Path
) -> None:
    corpus = tmp_path / "bad"
    good = build_bad_corpus(corpus)
    settings.ingest.corpus_dirs = [corpus]
    summary = run_ingest(settings, embedder=embedder, store=Store.open(settings.store))
    skipped = {s.path: s.reason for s in summary.skipped}
    for bad in ("empty.txt", "empty.pdf", "corrupt.pdf", "junk.docx", "binary.txt", "big.txt", "photo.jpg"):
        assert bad in skipped, f"{bad} was not skipped"
        assert skipped[bad].strip(), f"{bad} skipped without a reason"
    assert "too large" in skipped["big.txt"]
    assert "loop" in " ".join(skipped.values())
    for name in good:
        assert name in summary.added
    assert "invalid-utf8.txt" in summary.added or "invalid-utf8.txt" in skipped
    texts = Store.open(settings.store).release_texts(list(Store.open(settings.store).releases()))
    assert all("\ufffd" not in t for t in texts.values())


def test_the_ingest_command_exits_zero_with_skipped_files_and_reports_them(tmp_path: Path) -> None:
    corpus = tmp_path / "bad"
    build_bad_corpus(corpus)
    (corpus / "big.txt").unlink()
    env = {**os.environ, "PRESSROOM_CORPUS_DIR": str(corpus), "PRESSROOM_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "ingest", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert {"added", "updated", "unchanged", "removed", "skipped", "chunks_embedded"} <= summary.keys()
    assert {s["path"] for s in summary["skipped"]} >= {"empty.txt", "corrupt.pdf", "junk.docx", "binary.txt"}
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(GOOD.format(10), encoding="utf-8")
    secret = corpus / "secret.txt"
    secret.write_text(GOOD.format(20), encoding="utf-8")
    secret.chmod(0)
    cmd = [sys.executable, "-m", "tests.ingest_child", str(corpus), str(tmp_path / "data")]
    if os.geteuid() == 0:
        # root reads anything; without the DAC override capabilities the permission bits apply to it too.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *cmd]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=os.getcwd(), env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["added"] == ["ok.txt"]
    assert [s["path"] for s in summary["skipped"]] == ["secret.txt"]
    assert "permission" in summary["skipped"][0]["reason"].lower()
