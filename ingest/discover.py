"""Find the files an ingest run looks at: subfolders walked, links followed once, loops reported."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath

# Files that describe the corpus rather than belong to it.
_NOT_RELEASES = {"sources.csv", "sources.toml", "readme.md", "readme.txt", "readme"}


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


def relative_name(path: Path, corpus_root: Path) -> str:
    """The name a release is known by: relative to the corpus, forward slashes; a file outside the corpus
    folder keeps its absolute path, so that an ingest of its own folder can tell it is gone and a plain
    ingest of the corpus leaves it alone."""
    try:
        return path.absolute().relative_to(corpus_root.absolute()).as_posix()
    except ValueError:
        return path.absolute().as_posix()


def outside_corpus(name: str) -> bool:
    """A release name given by relative_name to a file outside the corpus folder."""
    return PurePath(name).is_absolute()


def _walk(root: Path, corpus_root: Path, files: list[Path], skipped: list[Skipped]) -> None:
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(err: OSError) -> None:
        where = relative_name(Path(err.filename or root), corpus_root)
        skipped.append(Skipped(where, f"cannot read folder: {err.strerror or err}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        here = Path(dirpath)
        try:
            st = here.stat()
        except OSError as exc:
            skipped.append(Skipped(relative_name(here, corpus_root), f"cannot read folder: {exc.strerror}"))
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            skipped.append(Skipped(relative_name(here, corpus_root), "symlink loop: folder already visited"))
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.lower() in _NOT_RELEASES:
                continue
            path = here / name
            if path.is_symlink() and not path.exists():
                skipped.append(Skipped(relative_name(path, corpus_root), "broken symbolic link"))
                continue
            files.append(path)


def discover(roots: list[Path], corpus_root: Path) -> tuple[list[Path], list[Skipped]]:
    files: list[Path] = []
    skipped: list[Skipped] = []
    for root in roots:
        if root.is_dir():
            _walk(root, corpus_root, files, skipped)
        elif root.exists():
            files.append(root)
        else:
            skipped.append(Skipped(relative_name(root, corpus_root), "no such file or folder"))
    unique: dict[str, Path] = {}
    for path in files:
        unique.setdefault(relative_name(path, corpus_root), path)
    return list(unique.values()), skipped
