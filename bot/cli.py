"""The `pressroom` command: ingest, status, ask, check, chat, digest, eval, bot."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from bot.visibility import Viewer
from config import SettingsError
from index.embargo import Clock
from index.embedding import EmbeddingError
from index.store import Store, StoreError
from ingest.cli import CLOCK_KEY, clock_of, ingest_command, settings_callback
from ingest.cli import register as register_ingest

if TYPE_CHECKING:
    from bot.engine import AnswerEngine
    from config import Settings

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
TopKOpt = Annotated[int | None, typer.Option("--top-k", min=1, max=50, help="Passages to retrieve.")]
# The terminal is the public unless told otherwise; embargoes hold for the press too.
PressOpt = Annotated[
    bool, typer.Option("--press", help="Answer as the press: use releases marked `audience: press` too.")
]


def _engine(ctx: typer.Context, viewer: Viewer) -> AnswerEngine:
    from bot.engine import AnswerEngine

    settings: Settings = ctx.obj
    if not Store.exists(settings.store):
        print(f"pressroom: no index in {settings.store.chroma_dir}; run `pressroom ingest` first", file=sys.stderr)
        raise typer.Exit(1)
    try:
        engine = AnswerEngine.from_settings(settings, clock=clock_of(ctx))
    except SettingsError as exc:
        print(f"pressroom: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except (StoreError, EmbeddingError) as exc:
        print(f"pressroom: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    if not engine.releases(viewer):
        embargoed = engine.embargoed()
        if embargoed:
            print(f"pressroom: no release can be used yet ({_under_embargo(embargoed)})", file=sys.stderr)
        else:
            print("pressroom: the index is empty; run `pressroom ingest` first", file=sys.stderr)
        raise typer.Exit(1)
    return engine


def _under_embargo(count: int) -> str:
    return f"{count} release{'s' if count != 1 else ''} under embargo"


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in French or English.")],
    as_json: JsonOpt = False,
    top_k: TopKOpt = None,
    press: PressOpt = False,
) -> None:
    """Answer one question from the press releases, with citations."""
    from bot.formatting import to_plain_text

    viewer = Viewer.terminal(press=press)
    answer = _engine(ctx, viewer).answer(question, top_k=top_k, viewer=viewer)
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(to_plain_text(answer))


def check(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The sentence to check, in any language the releases are read in.")],
    as_json: JsonOpt = False,
    press: PressOpt = False,
) -> None:
    """Check a claim against the press releases: supported, contradicted or not found, with the quotes."""
    from bot.formatting import claim_to_plain_text

    viewer = Viewer.terminal(press=press)
    result = _engine(ctx, viewer).check(claim, viewer=viewer)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(claim_to_plain_text(result))


def digest(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="The period: hours, days or weeks (24h, 7d, 4w).")] = "7d",
    as_json: JsonOpt = False,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the figures to this CSV file.")] = None,
    press: PressOpt = False,
) -> None:
    """The organisers' digest: questions not answered (grouped), answers voted down, topics, counts per day."""
    from bot.digest import PeriodError, build_digest, parse_period, render
    from bot.feedback import DB_NAME, FeedbackStore

    settings = ctx.obj
    try:
        period = parse_period(since)
    except PeriodError as exc:
        print(f"pressroom digest: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if not (settings.store.data_dir / DB_NAME).exists():
        print(f"pressroom digest: no feedback yet in {settings.store.data_dir} (the bot records it)", file=sys.stderr)
        raise typer.Exit(1)
    hidden = _hidden_titles(ctx, Viewer.terminal(press=press))
    report = build_digest(FeedbackStore.from_settings(settings), period, hidden=hidden)
    if csv_file is not None:
        csv_file.write_text(report.to_csv(), encoding="utf-8")
    print(json.dumps(report.to_dict(), ensure_ascii=False) if as_json else render(report, "en"))


def _hidden_titles(ctx: typer.Context, viewer: Viewer) -> set[str]:
    """Titles of the releases the terminal may not see now, read from the store without loading the model;
    none when there is no index to read."""
    from bot.visibility import Visibility

    settings: Settings = ctx.obj
    if not Store.exists(settings.store):
        return set()
    try:
        releases = Store.open(settings.store).releases().values()
    except Exception:  # no readable store: the digest has no titles of its own to hide either way
        return set()
    return Visibility(settings.telegram.press_ids, clock_of(ctx)).hidden_titles(releases, viewer)


QUIT_WORDS = frozenset(["/quit", "/exit", "quit", "exit", "q", ":q", "/q", "quitter", "/quitter"])


NEW_TOPIC_WORDS = frozenset(["/new", "/reset", "/nouveau"])


def chat(ctx: typer.Context, top_k: TopKOpt = None, press: PressOpt = False) -> None:
    """A conversation in the terminal over the same engine (/quit or Ctrl-D to leave, /new to start afresh)."""
    from bot.conversation import Conversations, Turn, releases_of, resolve
    from bot.formatting import claim_to_plain_text, to_plain_text, understood_plain

    viewer = Viewer.terminal(press=press)
    engine = _engine(ctx, viewer)
    conversation = Conversations()
    if sys.stdin.isatty():
        # Line editing and the arrow keys' history for input(), where the platform has readline.
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401
    print(
        f"Pressroom: ask about {len(engine.releases(viewer))} press releases. A short question follows on from"
        ' the last one ("and in June?", "who led it?"); /check CLAIM checks a sentence; /new starts afresh,'
        " /quit or Ctrl-D leaves."
    )
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not question:
            continue
        if question.lower() in QUIT_WORDS:
            return
        if question.lower() in NEW_TOPIC_WORDS:
            conversation.forget("terminal")
            continue
        if question.lower().startswith("/check "):
            try:
                print(claim_to_plain_text(engine.check(question[len("/check ") :].strip(), viewer=viewer)))
            except Exception as exc:  # one failed check must not end the conversation
                print(f"Sorry, that check failed ({type(exc).__name__}). Please try again.")
            continue
        try:
            resolution = resolve(question, conversation.last("terminal"))
            answer = engine.answer(resolution.question, top_k=top_k, viewer=viewer)
            text = to_plain_text(answer)
            print(understood_plain(resolution.question) + text if resolution.follow_up else text)
            releases = releases_of(answer.citations, answer.related)
            conversation.add("terminal", Turn(resolution.question, answer.language, releases))
        except Exception as exc:  # one failed question must not end the conversation
            print(f"Sorry, that question failed ({type(exc).__name__}). Please try again.")


def evaluate(
    ctx: typer.Context,
    questions: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="questions.jsonl")],
    answers: Annotated[Path | None, typer.Option("--answers", help="Write one JSON answer a line here.")] = None,
    press: PressOpt = False,
) -> None:
    """Run a question set and print its scores per question type."""
    from bot.evaluation import load_questions, run_eval

    viewer = Viewer.terminal(press=press)
    report = run_eval(_engine(ctx, viewer), load_questions(questions), answers, viewer=viewer)
    for line in report.lines():
        print(line)


def bot(ctx: typer.Context) -> None:
    """Run the Telegram bot (long polling, or webhook mode when PRESSROOM_WEBHOOK_URL is set)."""
    from bot.telegram import run_bot
    from ingest.runner import run_ingest
    from ingest.uploads import UploadRefused, receive

    settings = ctx.obj
    if settings.telegram.telegram_bot_token is None:
        print("pressroom bot: set TELEGRAM_BOT_TOKEN to run the bot", file=sys.stderr)
        raise typer.Exit(2)
    engine = _engine(ctx, Viewer())
    limit = int(settings.telegram.upload_max_mb * 1024 * 1024)
    code = run_bot(
        settings,
        engine,
        reindex=lambda: run_ingest(settings).to_dict(),
        receive=lambda name, content: receive(settings, name, content, max_bytes=limit),
        refused=(UploadRefused,),
    )
    raise typer.Exit(code)


def run(ctx: typer.Context) -> None:
    """Ingest the corpus, then the Telegram bot if a token is set (shell or .env), else the terminal chat."""
    settings = ctx.obj
    code = ingest_command(settings, [])
    if code:
        raise typer.Exit(code)
    if front_end(settings) == "bot":
        bot(ctx)
    else:
        chat(ctx)


def front_end(settings: Settings) -> Literal["bot", "chat"]:
    """The Telegram bot when a token is set, however it was given; else the terminal chat."""
    return "bot" if settings.telegram.telegram_bot_token is not None else "chat"


def build_app(*, clock: Clock | None = None) -> typer.Typer:
    """The command; `clock` is what embargoes are compared with (UTC now; tests set their own)."""

    def callback(ctx: typer.Context) -> None:
        settings_callback(ctx)
        if clock is not None:
            ctx.meta[CLOCK_KEY] = clock

    app = typer.Typer(
        add_completion=False,
        no_args_is_help=True,
        callback=callback,
        help="Pressroom: answers questions from your press releases, with citations.",
    )
    register_ingest(app)
    app.command("ask")(ask)
    app.command("check")(check)
    app.command("digest")(digest)
    app.command("chat")(chat)
    app.command("eval")(evaluate)
    app.command("bot")(bot)
    app.command("run")(run)
    return app


def main() -> None:
    build_app()()
