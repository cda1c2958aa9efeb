"""`pressroom ingest` and `pressroom status` (also `python -m ingest`)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from config import Settings, SettingsError, load_settings
from index.embargo import Clock, under_embargo, utc_now
from index.embedding import EmbeddingError
from index.store import Store, StoreError
from ingest.pipeline import Summary
from ingest.runner import run_ingest

# Where a command's context keeps the clock embargoes are compared with (the app's builder sets it).
CLOCK_KEY = "pressroom.clock"


def clock_of(ctx: typer.Context) -> Clock:
    clock = ctx.meta.get(CLOCK_KEY)
    return clock if callable(clock) else utc_now


def _print_summary(console: Console, summary: Summary) -> None:
    console.print(
        f"[bold]{len(summary.added)}[/] added, [bold]{len(summary.updated)}[/] updated, "
        f"[bold]{len(summary.unchanged)}[/] unchanged, [bold]{len(summary.removed)}[/] removed, "
        f"[bold]{len(summary.skipped)}[/] skipped; {summary.chunks_embedded} chunks embedded "
        f"in {summary.seconds:.1f} s",
        highlight=False,
    )
    web = summary.web
    if web is not None:
        console.print(
            f"web: [bold]{len(web.fetched)}[/] fetched, [bold]{len(web.not_modified)}[/] not modified, "
            f"[bold]{len(web.failed)}[/] failed, [bold]{len(web.gone)}[/] gone ({web.requests} requests)",
            highlight=False,
        )
    for item in summary.skipped:
        console.print(f"  skipped {item.path}: {item.reason}", highlight=False, markup=False)
    for failed in web.failed if web else []:
        console.print(f"  not fetched {failed.url}: {failed.reason}", highlight=False, markup=False)


def ingest_command(
    settings: Settings,
    paths: list[Path],
    *,
    as_json: bool = False,
    rebuild: bool = False,
    prune: bool = True,
) -> int:
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False)
    show_bar = not as_json and sys.stderr.isatty()
    try:
        if show_bar:
            with Progress(
                TextColumn("embedding"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("embed", total=None)
                summary = run_ingest(
                    settings,
                    paths,
                    prune=prune,
                    rebuild=rebuild,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        else:
            summary = run_ingest(settings, paths, prune=prune, rebuild=rebuild)
    except (StoreError, EmbeddingError) as exc:
        err.print(f"pressroom ingest: {exc}", markup=False)
        return 1
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        _print_summary(out, summary)
    if not summary.usable:
        err.print("pressroom ingest: no usable press release found", markup=False)
        return 1
    return 0


def status_command(settings: Settings, *, as_json: bool = False, clock: Clock = utc_now) -> int:
    if not Store.exists(settings.store):
        print(
            f"pressroom status: no index in {settings.store.chroma_dir}; run `pressroom ingest` first "
            "(or set PRESSROOM_DATA_DIR to the folder that holds it)",
            file=sys.stderr,
        )
        return 1
    try:
        store = Store.open(settings.store)
        info = store.info()
        releases = store.releases()
    except StoreError as exc:
        print(f"pressroom status: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # chromadb's own errors on a damaged store: one line, not a traceback
        print(f"pressroom status: cannot read the store ({exc}); try `pressroom ingest --rebuild`", file=sys.stderr)
        return 1
    # Of releases under embargo, only how many: not a title, not even a date.
    now = clock()
    embargoed = sum(under_embargo(r.embargo, now) for r in releases.values())
    dates = [r.date for r in releases.values() if r.date and not under_embargo(r.embargo, now)]
    last = datetime.fromtimestamp(info.last_ingest, UTC).isoformat(timespec="seconds") if info.last_ingest else None
    status = {
        "releases": info.releases,
        "under_embargo": embargoed,
        "press_only": sum(r.audience == "press" for r in releases.values()),
        "chunks": info.chunks,
        "newest_release": max(dates) if dates else None,
        "embedding_model": info.embedding_model,
        "store": info.location,
        "last_ingest": last,
    }
    if as_json:
        print(json.dumps(status, ensure_ascii=False))
    else:
        width = max(len(k) for k in status)
        for key, value in status.items():
            print(f"{key.replace('_', ' '):<{width}}  {value if value is not None else '-'}")
    return 0


PathsArg = Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the corpus folder).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
RebuildOpt = Annotated[bool, typer.Option("--rebuild", help="Drop the index and re-embed everything.")]
PruneOpt = Annotated[bool, typer.Option("--prune/--no-prune", help="Remove releases gone from the corpus.")]


def register(app: typer.Typer) -> None:
    """Add the ingest commands to a Typer app (the `pressroom` command and `python -m ingest`)."""

    @app.command("ingest")
    def _ingest(
        ctx: typer.Context,
        paths: PathsArg = None,
        as_json: JsonOpt = False,
        rebuild: RebuildOpt = False,
        prune: PruneOpt = True,
    ) -> None:
        """Load, chunk, embed and store the press releases."""
        raise typer.Exit(ingest_command(ctx.obj, paths or [], as_json=as_json, rebuild=rebuild, prune=prune))

    @app.command("status")
    def _status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
        """What is indexed: releases (and how many under embargo), chunks, newest date, model, store, last ingest."""
        raise typer.Exit(status_command(ctx.obj, as_json=as_json, clock=clock_of(ctx)))


def settings_callback(ctx: typer.Context) -> None:
    """Settings are read once, here, and handed to every command."""
    try:
        ctx.obj = load_settings()
    except SettingsError as exc:
        print(f"pressroom: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def main() -> None:
    app = typer.Typer(
        add_completion=False,
        no_args_is_help=True,
        callback=settings_callback,
        help="Pressroom ingest: put press releases into the search index.",
    )
    register(app)
    app()
