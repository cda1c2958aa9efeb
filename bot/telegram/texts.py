"""Everything the bot says on its own (not the engine's answers), in English and French.

Strings are Telegram HTML: literal `<`, `>` and `&` must not appear, and every placeholder is filled with
already-escaped text by the caller.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "fr"]

_EN: dict[str, str] = {
    "welcome": (
        "Hello! I answer questions about {org}'s campaigns from its press releases, and every answer"
        " cites its sources.\n\nTry for example:\n{examples}\n\nSee /help for more."
    ),
    "welcome_empty": (
        "Hello! I answer questions about the campaigns in the press releases I have been given,"
        " and every answer cites its sources. No release is indexed yet."
    ),
    "the_organisation": "the organisation",
    "help": (
        "<b>How to ask</b>\n"
        "• In a private chat, just write your question.\n"
        "• In a group, mention me (@{bot} your question), reply to one of my messages, or use /ask.\n"
        "• In any chat, type @{bot} followed by a question to share an answer.\n\n"
        "<b>Commands</b>\n"
        "/ask question — ask a question\n"
        "/check sentence — check a claim against the releases (or reply /check to a message)\n"
        "/sources — the press releases I know, newest first\n"
        "/about — what this bot is\n"
        "/help — this message\n\n"
        "Under each answer, the [n] buttons show the passage it comes from; 👍/👎 tell us if it helped."
    ),
    "help_admin": (
        "\n\n<b>Admin</b>\n/reindex — re-read the press releases\n/stats — usage and votes\n"
        "/digest [7d] — what was asked and not answered, answers voted down, topics, per day"
    ),
    "digest_usage": "Give the period as hours, days or weeks, for example: /digest 7d",
    "about": (
        "<b>Pressroom</b> answers questions from {count} press releases{orgs}. It only states what the"
        " releases say and cites every answer; when they do not cover a question it says so. Questions"
        " and votes are stored without your Telegram id."
    ),
    "about_orgs": " by {orgs}",
    "ask_usage": "Ask me a question, for example:\n/ask {example}",
    "ask_usage_plain": "Ask me a question after the command, for example: /ask what was announced?",
    "check_usage": (
        "Write the sentence to check after the command, for example: /check 5,000 people signed the"
        " petition. Or reply /check to a message."
    ),
    "too_long": "That question is a bit long ({length} characters). Please keep it under {limit}.",
    "rate_limited": "You're asking faster than I can keep up. Please wait about {seconds} s and ask again.",
    "not_allowed": "Sorry, this bot is private. Ask its administrators for access.",
    "admin_only": "Sorry, only the bot's administrators can use this command.",
    "unknown_command": "I don't know that command. See /help.",
    "error": "Sorry, something went wrong on my side. Please try again in a moment.",
    "sources_title": "<b>Press releases</b> ({total}) — page {page}/{pages}",
    "sources_empty": "No press release is indexed yet.",
    "prev": "‹ Prev",
    "next": "Next ›",
    "source_button": "[{n}] source",
    "passage_expired": "That answer is too old for me to find. Please ask again.",
    "vote_thanks": "Thanks for your feedback!",
    "reindex_started": "Reindexing…",
    "reindex_busy": "A reindex is already running.",
    "reindex_unavailable": "Reindexing is not available in this deployment.",
    "reindex_failed": "Reindexing failed; the details are in the log. The previous index is still in use.",
    "reindex_done": "Reindex done: {summary}.",
    "stats": "<b>Questions</b>: {questions} ({unanswered} unanswered)\n<b>Votes</b>: 👍 {up} · 👎 {down}",
    "inline_hint": "Type a question about the campaigns",
    "inline_refused": "Not available",
    "example_org_date": "What did {org} announce on {date}?",
    "example_org": "What did {org} announce in “{title}”?",
    "example_title": "What does “{title}” say?",
}

_FR: dict[str, str] = {
    "welcome": (
        "Bonjour ! Je réponds aux questions sur les campagnes de {org} à partir de ses communiqués de"
        " presse, et chaque réponse cite ses sources.\n\nEssayez par exemple :\n{examples}\n\n"
        "Voir /help pour en savoir plus."
    ),
    "welcome_empty": (
        "Bonjour ! Je réponds aux questions sur les campagnes à partir des communiqués de presse qu’on"
        " m’a confiés, et chaque réponse cite ses sources. Aucun communiqué n’est encore indexé."
    ),
    "the_organisation": "l’organisation",
    "help": (
        "<b>Comment poser une question</b>\n"
        "• En conversation privée, écrivez simplement votre question.\n"
        "• Dans un groupe, mentionnez-moi (@{bot} votre question), répondez à l’un de mes messages"
        " ou utilisez /ask.\n"
        "• Dans n’importe quelle conversation, tapez @{bot} suivi d’une question pour partager une réponse.\n\n"
        "<b>Commandes</b>\n"
        "/ask question — poser une question\n"
        "/check phrase — vérifier une affirmation dans les communiqués (ou répondre /check à un message)\n"
        "/sources — les communiqués que je connais, du plus récent au plus ancien\n"
        "/about — à propos de ce bot\n"
        "/help — ce message\n\n"
        "Sous chaque réponse, les boutons [n] montrent le passage cité ; 👍/👎 nous disent si elle a aidé."
    ),
    "help_admin": (
        "\n\n<b>Administration</b>\n/reindex — relire les communiqués\n/stats — utilisation et votes\n"
        "/digest [7d] — questions sans réponse, réponses mal notées, sujets, par jour"
    ),
    "digest_usage": "Donnez la période en heures, jours ou semaines, par exemple : /digest 7d",
    "about": (
        "<b>Pressroom</b> répond à partir de {count} communiqués de presse{orgs}. Il ne dit que ce que"
        " disent les communiqués et cite chaque réponse ; quand ils ne couvrent pas une question, il le"
        " dit. Les questions et les votes sont enregistrés sans votre identifiant Telegram."
    ),
    "about_orgs": " de {orgs}",
    "ask_usage": "Posez-moi une question, par exemple :\n/ask {example}",
    "ask_usage_plain": "Posez votre question après la commande, par exemple : /ask qu’a-t-on annoncé ?",
    "check_usage": (
        "Écrivez la phrase à vérifier après la commande, par exemple : /check 5 000 personnes ont signé la"
        " pétition. Ou répondez /check à un message."
    ),
    "too_long": "Cette question est un peu longue ({length} caractères). Merci de rester sous {limit}.",
    "rate_limited": "Vous posez des questions plus vite que je ne peux suivre. Réessayez dans {seconds} s environ.",
    "not_allowed": "Désolé, ce bot est privé. Demandez l’accès à ses administrateurs.",
    "admin_only": "Désolé, seuls les administrateurs du bot peuvent utiliser cette commande.",
    "unknown_command": "Je ne connais pas cette commande. Voir /help.",
    "error": "Désolé, un problème est survenu de mon côté. Réessayez dans un instant.",
    "sources_title": "<b>Communiqués de presse</b> ({total}) — page {page}/{pages}",
    "sources_empty": "Aucun communiqué n’est encore indexé.",
    "prev": "‹ Préc.",
    "next": "Suiv. ›",
    "source_button": "[{n}] source",
    "passage_expired": "Cette réponse est trop ancienne pour que je la retrouve. Reposez la question.",
    "vote_thanks": "Merci pour votre avis !",
    "reindex_started": "Réindexation…",
    "reindex_busy": "Une réindexation est déjà en cours.",
    "reindex_unavailable": "La réindexation n’est pas disponible dans ce déploiement.",
    "reindex_failed": "La réindexation a échoué ; les détails sont dans le journal. L’index précédent reste utilisé.",
    "reindex_done": "Réindexation terminée : {summary}.",
    "stats": "<b>Questions</b> : {questions} ({unanswered} sans réponse)\n<b>Votes</b> : 👍 {up} · 👎 {down}",
    "inline_hint": "Tapez une question sur les campagnes",
    "inline_refused": "Non disponible",
    "example_org_date": "Qu’a annoncé {org} le {date} ?",
    "example_org": "Qu’a annoncé {org} dans « {title} » ?",
    "example_title": "Que dit « {title} » ?",
}

_SUMMARY_LABELS: dict[Lang, dict[str, str]] = {
    "en": {
        "added": "added",
        "updated": "updated",
        "unchanged": "unchanged",
        "removed": "removed",
        "skipped": "skipped",
        "chunks_embedded": "chunks embedded",
    },
    "fr": {
        "added": "ajoutés",
        "updated": "mis à jour",
        "unchanged": "inchangés",
        "removed": "supprimés",
        "skipped": "ignorés",
        "chunks_embedded": "passages vectorisés",
    },
}

_CATALOGUES: dict[Lang, dict[str, str]] = {"en": _EN, "fr": _FR}


def language_of(language_code: str | None) -> Lang:
    """French for any French locale (fr, fr-CA, …), English otherwise."""
    return "fr" if (language_code or "").lower().startswith("fr") else "en"


def text(lang: Lang, key: str, **values: object) -> str:
    return _CATALOGUES[lang][key].format(**values)


def catalogue_keys(lang: Lang) -> set[str]:
    return set(_CATALOGUES[lang])


def summary_label(lang: Lang, key: str) -> str:
    return _SUMMARY_LABELS[lang].get(key, key.replace("_", " "))


SUMMARY_ORDER = ("added", "updated", "unchanged", "removed", "skipped", "chunks_embedded")

_COMMANDS: dict[Lang, tuple[tuple[str, str], ...]] = {
    "en": (
        ("ask", "Ask a question about the campaigns"),
        ("check", "Check a claim against the press releases"),
        ("sources", "The press releases, newest first"),
        ("about", "What this bot is"),
        ("help", "How to ask"),
        ("start", "Welcome and example questions"),
    ),
    "fr": (
        ("ask", "Poser une question sur les campagnes"),
        ("check", "Vérifier une affirmation dans les communiqués"),
        ("sources", "Les communiqués, du plus récent au plus ancien"),
        ("about", "À propos de ce bot"),
        ("help", "Comment poser une question"),
        ("start", "Accueil et exemples de questions"),
    ),
}


def command_descriptions(lang: Lang) -> tuple[tuple[str, str], ...]:
    """The public commands for setMyCommands; admin commands are left out so they stay unadvertised."""
    return _COMMANDS[lang]
