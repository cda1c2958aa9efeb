"""What the bot does with each update. Handlers stay thin: they decide whether to act, then hand the
work to the engine (in worker threads), the formatting and catalogue modules and the feedback store."""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    ReactionType,
    ReactionTypeEmoji,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes

from bot.changes import change_report
from bot.conversation import Conversations, Resolution, Turn, releases_of, resolve
from bot.digest import PeriodError, build_digest, parse_period, render
from bot.feedback import FeedbackStore
from bot.formatting import (
    claim_to_telegram_html,
    escape_text,
    inline_card,
    passage_html,
    split_html_lines,
    to_telegram_html,
    understood_html,
)
from bot.telegram import catalogue
from bot.telegram.addressing import command_argument, group_question
from bot.telegram.chat_action import typing
from bot.telegram.keyboards import answer_keyboard, parse_cite, parse_sources_page, parse_vote, sources_keyboard
from bot.telegram.limits import Access, SlidingWindowLimiter
from bot.telegram.recent import RecentAnswers
from bot.telegram.texts import (
    SUMMARY_ORDER,
    Lang,
    command_descriptions,
    language_of,
    languages,
    summary_label,
    text,
)
from bot.types import Answer, ClaimVerdict, Engine, ReleaseInfo
from bot.visibility import Viewer
from config.settings import TelegramSettings

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Reindex = Callable[[], Mapping[str, Any]]


class Received(Protocol):
    """What saving and ingesting a sent release gave (ingest.uploads.Received)."""

    name: str
    renamed: bool
    already_there: bool
    reason: str | None
    summary: Mapping[str, Any]


# Save a sent file (its name and bytes) into the corpus and ingest; raises UploadRefused-like errors
# (any exception whose message is for the sender) when the file is not saved.
Receive = Callable[[str, bytes], Received]
T = TypeVar("T")

# Inline results are per user (allowlists and rate limits differ), and kept briefly because the corpus
# can be reindexed at any time.
INLINE_CACHE_S = 10
# Telegram shows at most 200 characters in a callback alert.
_ALERT_CHARS = 200


def _lang(update: Update) -> Lang:
    user = update.effective_user
    return language_of(user.language_code if user else None)


def _format_count(value: object) -> str:
    if isinstance(value, list | tuple | set | frozenset | dict):
        return str(len(value))
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def reindex_summary(summary: Mapping[str, Any], lang: Lang) -> str:
    """'3 added, 1 updated, …' in the usual order, then any other figures the indexer reported."""
    keys = [k for k in SUMMARY_ORDER if k in summary] + [k for k in summary if k not in SUMMARY_ORDER]
    return ", ".join(f"{_format_count(summary[k])} {summary_label(lang, k)}" for k in keys)


def _alert(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _ALERT_CHARS else value[: _ALERT_CHARS - 1] + "…"


def _inline_description(answer: Answer) -> str | None:
    if not answer.citations:
        return None
    first = answer.citations[0]
    return " — ".join(part for part in (first.title, first.organisation, first.date) if part)


_VOTES = {"👍": 1, "👎": -1}


def _reaction_vote(reactions: Sequence[ReactionType]) -> int | None:
    """+1 for 👍, -1 for 👎 among the reactions now set (the last one wins), None for anything else."""
    votes = [_VOTES[r.emoji] for r in reactions if isinstance(r, ReactionTypeEmoji) and r.emoji in _VOTES]
    return votes[-1] if votes else None


def _topic(answer: Answer) -> str | None:
    """The release an answer drew on most (or, refused, the closest one): what the digest counts."""
    if answer.citations:
        return answer.citations[0].title
    return answer.related[0].title if answer.related else None


def _viewer(update: Update) -> Viewer:
    """Who reads what the bot sends in this chat: the user in a private chat, the whole group in a group."""
    chat, user = update.effective_chat, update.effective_user
    return Viewer.in_chat(
        user.id if user else None, chat.id if chat else None, private=chat is not None and chat.type == ChatType.PRIVATE
    )


def _inline_viewer(query: InlineQuery) -> Viewer:
    """An inline result is posted into the chat the user is typing in, which the bot does not see: a
    press-only release is used only in the user's own chat with the bot."""
    if query.chat_type == ChatType.SENDER:
        return Viewer.in_chat(query.from_user.id, None, private=True)
    return Viewer()


def _conversation_key(update: Update) -> tuple[int, int | None]:
    """One conversation per private chat, and per person in a group (two members' questions there are
    not each other's follow-ups)."""
    chat, user = update.effective_chat, update.effective_user
    chat_id = chat.id if chat else 0
    if chat is not None and chat.type == ChatType.PRIVATE:
        return (chat_id, None)
    return (chat_id, user.id if user else None)


def _as_answer(result: ClaimVerdict) -> Answer:
    return Answer(
        question=result.claim,
        answer=result.explanation,
        answered=result.verdict != "not_found",
        language=result.language,
        mode="extractive",
        citations=list(result.citations),
        timings_ms=dict(result.timings_ms),
    )


class Handlers:
    def __init__(
        self,
        settings: TelegramSettings,
        engine: Engine,
        feedback: FeedbackStore,
        reindex: Reindex | None = None,
        *,
        receive: Receive | None = None,
        refused: tuple[type[Exception], ...] = (),
        answer_workers: int = 16,
        recent_capacity: int = 1024,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.feedback = feedback
        self._reindex = reindex
        self._receive = receive
        # The errors `receive` raises for a file it will not take, whose message the sender reads.
        self._refused = refused
        self.access = Access.from_ids(settings.allowed_user_ids, settings.allowed_chat_ids, settings.admin_ids)
        self.limiter = SlidingWindowLimiter(settings.rate_limit_per_minute)
        # Inline queries arrive while the user types, so they get their own budget and never eat
        # into the one for questions asked in chats.
        self.inline_limiter = SlidingWindowLimiter(settings.rate_limit_per_minute)
        self.recent = RecentAnswers(recent_capacity)
        # The last questions of each conversation, for follow-ups ("and in June?"); in memory only.
        self.conversations = Conversations()
        # The engine blocks (retrieval, maybe an LLM call); its own pool keeps slow answers from
        # starving the default executor that sqlite writes and /reindex use.
        self._executor = ThreadPoolExecutor(max_workers=answer_workers, thread_name_prefix="pressroom-answer")
        self._reindexing = False

    # -- lifecycle ------------------------------------------------------------------------------

    async def post_init(self, application: Application) -> None:
        bot = application.bot
        try:
            # The default menu in English, and one per language the bot speaks.
            await bot.set_my_commands([BotCommand(*c) for c in command_descriptions("en")])
            for lang in languages():
                if lang != "en":
                    await bot.set_my_commands([BotCommand(*c) for c in command_descriptions(lang)], language_code=lang)
            # Admins see their commands too, in their private chat with the bot only.
            for admin in self.settings.admin_ids:
                for lang in languages():
                    commands = [BotCommand(*c) for c in command_descriptions(lang, admin=True)]
                    code = None if lang == "en" else lang
                    await bot.set_my_commands(commands, scope=BotCommandScopeChat(admin), language_code=code)
        except TelegramError as exc:
            # The command menu is a convenience; the bot works without it.
            log.warning("could not set the command menu: %s", exc)
        log.info("Pressroom bot @%s is up", bot.username)

    async def post_shutdown(self, application: Application) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- plumbing -------------------------------------------------------------------------------

    async def _blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def _reply(
        self, update: Update, context: Context, html_text: str, markup: InlineKeyboardMarkup | None = None
    ) -> Message:
        chat = update.effective_chat
        message = update.effective_message
        assert chat is not None
        # In groups the reply quotes the question so the answer stays attached to it in a busy chat.
        quote = (
            ReplyParameters(message.message_id, allow_sending_without_reply=True)
            if message is not None and chat.type != ChatType.PRIVATE
            else None
        )
        return await context.bot.send_message(chat.id, html_text, reply_markup=markup, reply_parameters=quote)

    async def _admit(self, update: Update, context: Context) -> bool:
        user, chat = update.effective_user, update.effective_chat
        if self.access.allows(user.id if user else None, chat.id if chat else None):
            return True
        await self._reply(update, context, text(_lang(update), "not_allowed"))
        return False

    async def _ask_usage(self, update: Update, lang: Lang) -> str:
        releases = await self._blocking(self.engine.releases, _viewer(update))
        examples = catalogue.example_questions(releases, lang, count=1)
        if examples:
            return text(lang, "ask_usage", example=escape_text(examples[0]))
        return text(lang, "ask_usage_plain")

    async def _is_admin(self, update: Update, context: Context, lang: Lang, *, refusal: str = "admin_only") -> bool:
        user = update.effective_user
        if self.access.is_admin(user.id if user else None):
            return True
        await self._reply(update, context, text(lang, refusal))
        return False

    async def _send_parts(
        self, update: Update, context: Context, parts: list[str], markup: InlineKeyboardMarkup | None
    ) -> list[Message]:
        """An answer's messages, the buttons under the last one."""
        return [
            await self._reply(update, context, part, markup if index == len(parts) - 1 else None)
            for index, part in enumerate(parts)
        ]

    async def _within_limits(self, update: Update, context: Context, asked: str, lang: Lang) -> bool:
        """The length limit and the user's rate limit, each refusal said once (a reply to every flooded
        message would itself be a flood)."""
        limit = self.settings.max_question_chars
        if len(asked) > limit:
            await self._reply(update, context, text(lang, "too_long", length=len(asked), limit=limit))
            return False
        user, chat = update.effective_user, update.effective_chat
        assert chat is not None
        verdict = self.limiter.check(user.id if user else chat.id)
        if not verdict.allowed:
            if verdict.first_refusal:
                await self._reply(update, context, text(lang, "rate_limited", seconds=verdict.retry_after_seconds))
            return False
        return True

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        """The whole question → answer path shared by private chats, groups and /ask."""
        lang = _lang(update)
        if not await self._admit(update, context):
            return
        if not question:
            await self._reply(update, context, await self._ask_usage(update, lang))
            return
        if not await self._within_limits(update, context, question, lang):
            return
        chat = update.effective_chat
        assert chat is not None
        key = _conversation_key(update)
        resolution = self._resolve(update, key, question)
        async with typing(context.bot, chat.id):
            answer = await self._blocking(self.engine.answer, resolution.question, viewer=_viewer(update))
        answer_id = self.recent.add(answer)
        parts = to_telegram_html(answer)
        if resolution.follow_up:
            # Say how the follow-up was read, so a wrong reading is seen at once.
            parts[0] = understood_html(resolution.question) + parts[0]
        markup = answer_keyboard(answer_id, answer.citations, lang)
        # Remembered before it is sent: the next question may arrive while the answer is going out.
        turn = self.conversations.add(
            key, Turn(resolution.question, answer.language, releases_of(answer.citations, answer.related))
        )
        sent = await self._send_parts(update, context, parts, markup)
        for message in sent:
            self.recent.link(chat.id, message.message_id, answer_id)
        self.conversations.link(key[0], [m.message_id for m in sent], turn)
        await self._log_question(answer, chat.type)

    def _resolve(self, update: Update, key: tuple[int, int | None], question: str) -> Resolution:
        """The question read against the conversation: a reply to one of the bot's answers is a follow-up
        of that answer; otherwise a question without a subject of its own leans on the last one."""
        message = update.effective_message
        replied = message.reply_to_message if message is not None else None
        if replied is not None:
            turn = self.conversations.by_message(key[0], replied.message_id)
            if turn is not None:
                return resolve(question, turn, forced=True)
        return resolve(question, self.conversations.last(key))

    async def _log_question(self, answer: Answer, chat_type: str) -> None:
        # After the reply, and never fatal: bookkeeping must not delay or cost anyone their answer.
        try:
            await asyncio.to_thread(
                self.feedback.record_question,
                answer.question,
                answered=answer.answered,
                mode=answer.mode,
                language=answer.language,
                chat_type=chat_type,
                topic=_topic(answer),
            )
        except Exception:
            log.exception("could not record a question in the feedback store")

    # -- commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        if await self._admit(update, context):
            releases = await self._blocking(self.engine.releases, _viewer(update))
            await self._reply(update, context, catalogue.welcome(releases, _lang(update)))

    async def help(self, update: Update, context: Context) -> None:
        if not await self._admit(update, context):
            return
        lang = _lang(update)
        body = text(lang, "help", bot=escape_text(context.bot.username or "bot"))
        user = update.effective_user
        if self.access.is_admin(user.id if user else None):
            body += text(lang, "help_admin")
        await self._reply(update, context, body)

    async def about(self, update: Update, context: Context) -> None:
        if await self._admit(update, context):
            releases = await self._blocking(self.engine.releases, _viewer(update))
            await self._reply(update, context, catalogue.about(releases, _lang(update)))

    async def sources(self, update: Update, context: Context) -> None:
        if not await self._admit(update, context):
            return
        lang = _lang(update)
        releases = await self._blocking(self.engine.releases, _viewer(update))
        body, page, pages = catalogue.sources_page(releases, 0, lang)
        await self._reply(update, context, body, sources_keyboard(page, pages, lang))

    async def ask(self, update: Update, context: Context) -> None:
        message = update.effective_message
        await self._answer(update, context, command_argument(message.text if message else None))

    async def check(self, update: Update, context: Context) -> None:
        """/check CLAIM, or /check in reply to a message: the replied text is the claim."""
        message = update.effective_message
        lang = _lang(update)
        if not await self._admit(update, context):
            return
        claim = command_argument(message.text if message else None)
        replied = message.reply_to_message if message else None
        if not claim and replied is not None:
            claim = (replied.text or replied.caption or "").strip()
        if not claim:
            await self._reply(update, context, text(lang, "check_usage"))
            return
        if not await self._within_limits(update, context, claim, lang):
            return
        chat = update.effective_chat
        assert chat is not None
        async with typing(context.bot, chat.id):
            result = await self._blocking(self.engine.check, claim, viewer=_viewer(update))
        # Kept like an answer so that its [n] buttons reveal the passages and its votes are recorded.
        answer_id = self.recent.add(_as_answer(result))
        parts = claim_to_telegram_html(result)
        await self._send_parts(update, context, parts, answer_keyboard(answer_id, result.citations, lang))

    async def unknown_command(self, update: Update, context: Context) -> None:
        if await self._admit(update, context):
            await self._reply(update, context, text(_lang(update), "unknown_command"))

    async def reindex(self, update: Update, context: Context) -> None:
        lang = _lang(update)
        if not await self._is_admin(update, context, lang):
            return
        if self._reindex is None:
            await self._reply(update, context, text(lang, "reindex_unavailable"))
            return
        if self._reindexing:
            await self._reply(update, context, text(lang, "reindex_busy"))
            return
        self._reindexing = True
        try:
            await self._reply(update, context, text(lang, "reindex_started"))
            try:
                # The default executor, not the answer pool: questions keep being answered meanwhile.
                summary, before = await asyncio.to_thread(self._reindex_and_refresh, self._reindex)
            except Exception:
                log.exception("reindex failed")
                await self._reply(update, context, text(lang, "reindex_failed"))
                return
            body = text(lang, "reindex_done", summary=escape_text(reindex_summary(summary, lang)))
            await self._reply(update, context, body)
        finally:
            self._reindexing = False
        await self._report(context, summary, before)

    async def scheduled_ingest(self, context: Context) -> None:
        """The periodic ingest (PRESSROOM_REFRESH_MINUTES): what the website published since is picked up
        without anyone sending /reindex; the report chat hears what changed, as after /reindex."""
        if self._reindex is None or self._reindexing:
            return  # one running already: the next turn comes soon enough
        self._reindexing = True
        try:
            summary, before = await asyncio.to_thread(self._reindex_and_refresh, self._reindex)
        except Exception:
            log.exception("the scheduled ingest failed")
            return
        finally:
            self._reindexing = False
        await self._report(context, summary, before)

    def _reindex_and_refresh(self, reindex: Reindex) -> tuple[Mapping[str, Any], list[ReleaseInfo]]:
        """The ingest's summary, and the releases before it (for the report of what changed)."""
        before = self.engine.releases(self._report_viewer())
        summary = reindex()
        self.engine.refresh()
        return summary, before

    def _report_viewer(self) -> Viewer:
        """The report chat reads what the ingest changed: only the releases its members may see."""
        return Viewer.in_chat(None, self.settings.report_chat_id, private=False)

    async def _report(self, context: Context, summary: Mapping[str, Any], before: list[ReleaseInfo]) -> None:
        """Tell the report chat what the ingest changed, when one is set; never fatal."""
        chat_id = self.settings.report_chat_id
        if chat_id is None:
            return
        try:
            after = await self._blocking(self.engine.releases, self._report_viewer())
            report = change_report(
                summary,
                before,
                after,
                self.engine.release_texts,
                summary_line=reindex_summary(summary, "en"),
            )
            if report:
                for part in split_html_lines(report):
                    await context.bot.send_message(chat_id, part)
        except Exception:
            log.exception("could not post the ingest report")

    # -- releases sent to the bot -----------------------------------------------------------------

    async def document(self, update: Update, context: Context) -> None:
        """An admin sends a release (pdf, docx, txt, md, html) in a private chat: saved into the corpus,
        ingested, and the admin gets the summary. Anyone else is refused and nothing is downloaded."""
        message = update.effective_message
        document = message.document if message else None
        if document is None:
            return
        lang = _lang(update)
        if not await self._is_admin(update, context, lang, refusal="upload_admin_only"):
            return
        if self._receive is None:
            await self._reply(update, context, text(lang, "upload_unavailable"))
            return
        limit = int(self.settings.upload_max_mb * 1024 * 1024)
        name = document.file_name or "release"
        if document.file_size is not None and document.file_size > limit:
            reason = f"{name}: {document.file_size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB"
            await self._reply(update, context, text(lang, "upload_refused", reason=escape_text(reason)))
            return
        if self._reindexing:
            await self._reply(update, context, text(lang, "reindex_busy"))
            return
        self._reindexing = True
        try:
            content = bytes(await (await document.get_file()).download_as_bytearray())
            before = await self._blocking(self.engine.releases, self._report_viewer())
            try:
                received = await asyncio.to_thread(self._receive, name, content)
            except self._refused as exc:
                await self._reply(update, context, text(lang, "upload_refused", reason=escape_text(str(exc))))
                return
            except Exception:
                log.exception("receiving a release failed")
                await self._reply(update, context, text(lang, "reindex_failed"))
                return
            await asyncio.to_thread(self.engine.refresh)
            summary = escape_text(reindex_summary(received.summary, lang))
            shown = escape_text(received.name)
            if received.reason is not None:
                body = text(lang, "upload_failed", name=shown, reason=escape_text(received.reason))
            elif received.already_there:
                body = text(lang, "upload_same", name=shown, summary=summary)
            elif received.renamed:
                body = text(lang, "upload_renamed", name=shown, summary=summary)
            else:
                body = text(lang, "upload_saved", name=shown, summary=summary)
        finally:
            self._reindexing = False
        await self._reply(update, context, body)
        await self._report(context, received.summary, before)

    async def stats(self, update: Update, context: Context) -> None:
        lang = _lang(update)
        if not await self._is_admin(update, context, lang):
            return
        figures = await asyncio.to_thread(self.feedback.stats)
        await self._reply(update, context, text(lang, "stats", **figures))

    async def digest(self, update: Update, context: Context) -> None:
        """/digest [7d]: the organisers' digest, for admins."""
        lang = _lang(update)
        if not await self._is_admin(update, context, lang):
            return
        message = update.effective_message
        argument = command_argument(message.text if message else None) or "7d"
        try:
            period = parse_period(argument)
        except PeriodError:
            await self._reply(update, context, text(lang, "digest_usage"))
            return
        hidden = await self._blocking(self.engine.hidden_titles, _viewer(update))
        report = await asyncio.to_thread(build_digest, self.feedback, period, hidden=hidden)
        body = render(report, lang, html=True)
        for part in split_html_lines(body):
            await self._reply(update, context, part)

    # -- messages -------------------------------------------------------------------------------

    async def private_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        await self._answer(update, context, (message.text or "").strip() if message else "")

    async def group_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None:
            return
        question = group_question(message, context.bot.username, context.bot.id)
        if question is not None:
            await self._answer(update, context, question)

    # -- buttons --------------------------------------------------------------------------------

    async def _admit_button(self, update: Update) -> bool:
        query = update.callback_query
        assert query is not None
        chat = update.effective_chat
        if self.access.allows(query.from_user.id, chat.id if chat else None):
            return True
        await query.answer(text(_lang(update), "not_allowed"), show_alert=True)
        return False

    async def sources_page(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        if not await self._admit_button(update):
            return
        lang = _lang(update)
        wanted = parse_sources_page(query.data or "") or 0
        releases = await self._blocking(self.engine.releases, _viewer(update))
        body, page, pages = catalogue.sources_page(releases, wanted, lang)
        await query.answer()
        try:
            await query.edit_message_text(body, reply_markup=sources_keyboard(page, pages, lang))
        except BadRequest as exc:
            # Pressing a button for the page already shown (e.g. after the corpus shrank) is harmless.
            if "not modified" not in str(exc).lower():
                raise

    async def reveal_passage(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        if not await self._admit_button(update):
            return
        request = parse_cite(query.data or "")
        answer = self.recent.get(request.answer_id) if request else None
        citation = None
        if answer is not None and request is not None:
            citation = next((c for c in answer.citations if c.n == request.n), None)
        if citation is None:
            await query.answer(text(_lang(update), "passage_expired"), show_alert=True)
            return
        message = query.message
        if not isinstance(message, Message):
            # The answer message is no longer accessible to reply to: an alert is all that is left.
            await query.answer(_alert(citation.quote), show_alert=True)
            return
        await query.answer()
        await context.bot.send_message(
            message.chat.id,
            passage_html(citation),
            reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True),
        )

    async def vote(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        if not await self._admit_button(update):
            return
        lang = _lang(update)
        request = parse_vote(query.data or "")
        answer = self.recent.get(request.answer_id) if request else None
        if answer is None or request is None:
            await query.answer(text(lang, "passage_expired"), show_alert=True)
            return
        await asyncio.to_thread(
            self.feedback.record_vote,
            answer_id=request.answer_id,
            question=answer.question,
            answer=answer.answer,
            mode=answer.mode,
            vote=request.vote,
            user_id=query.from_user.id,
            topic=_topic(answer),
        )
        await query.answer(text(lang, "vote_thanks"))

    async def reaction(self, update: Update, context: Context) -> None:
        """👍 or 👎 set on one of the bot's answers counts as a vote on it, like the buttons."""
        reaction = update.message_reaction
        if reaction is None:
            return
        voter = reaction.user.id if reaction.user else (reaction.actor_chat.id if reaction.actor_chat else None)
        if voter is None or not self.access.allows(voter, reaction.chat.id):
            return
        found = self.recent.by_message(reaction.chat.id, reaction.message_id)
        vote = _reaction_vote(reaction.new_reaction)
        if found is None or vote is None:
            return  # not an answer still in memory, or a reaction that is not a vote (❤️, removed)
        answer_id, answer = found
        await asyncio.to_thread(
            self.feedback.record_vote,
            answer_id=answer_id,
            question=answer.question,
            answer=answer.answer,
            mode=answer.mode,
            vote=vote,
            user_id=voter,
            how="reaction",
            topic=_topic(answer),
        )

    # -- inline mode ----------------------------------------------------------------------------

    async def inline_query(self, update: Update, context: Context) -> None:
        query = update.inline_query
        assert query is not None
        lang = language_of(query.from_user.language_code)
        question = " ".join(query.query.split())

        async def hint(key: str, **values: object) -> None:
            button = InlineQueryResultsButton(text(lang, key, **values), start_parameter="inline")
            await query.answer([], cache_time=INLINE_CACHE_S, is_personal=True, button=button)

        if not self.access.allows(query.from_user.id, None):
            await hint("inline_refused")
            return
        if not question:
            await hint("inline_hint")
            return
        if len(question) > self.settings.max_question_chars:
            await hint("too_long", length=len(question), limit=self.settings.max_question_chars)
            return
        verdict = self.inline_limiter.check(query.from_user.id)
        if not verdict.allowed:
            await hint("rate_limited", seconds=verdict.retry_after_seconds)
            return

        answer = await self._blocking(self.engine.answer, question, viewer=_inline_viewer(query))
        title, body = inline_card(answer)
        article = InlineQueryResultArticle(
            id=secrets.token_hex(8),
            title=title,
            description=_inline_description(answer),
            input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML),
        )
        try:
            await query.answer([article], cache_time=INLINE_CACHE_S, is_personal=True)
        except BadRequest as exc:
            # The user kept typing and Telegram dropped this query: nobody is waiting for the answer.
            if "query is too old" not in str(exc).lower() and "query id is invalid" not in str(exc).lower():
                raise
            log.debug("inline query expired before its answer: %s", exc)
        await self._log_question(answer, "inline")
