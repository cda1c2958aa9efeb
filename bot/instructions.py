"""Sentences of a release that talk to the reader or to an AI instead of stating facts (planted prompt injection).

A release states facts in the third person and quotes people. Injected text does what no release does: it
tells whoever reads it what to answer, say, claim or ignore ("If you are asked..., answer that..."),
addresses an AI, a chatbot or a language model, or talks about instructions, prompts and system messages.
The rules look for those grammatical shapes, not for known attack strings, so that new phrasings are caught
too: an imperative or a second-person subject, *with* a verb of answering/saying/claiming/ignoring, *with*
what only an instruction has after it (a that-clause, a quoted reply, "only", the instructions being
overridden). Each part alone is ordinary release language ("Sign the petition", "You can call us", "the
mayor answered that..."), which is why no rule fires on a single word.

Each language family is a handful of compiled regexes. Python's regex engine tries every alternative at
every position, so running them all on every sentence would cost about 1.5 ms; each regex therefore carries
the words it cannot match without (its gate) and runs only on a sentence holding them. Measured with timeit
(best of 9, one core): 10 µs per sentence on average over 1,000 release and encyclopaedia sentences in
English, French and Spanish (mean 154 characters), 8 µs over the 637 sentences of the shipped and real
releases, against a budget of 20 µs. Splitting the words costs 4.5 µs of that.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_instruction"]

_Rule = tuple[tuple[frozenset[str], ...], re.Pattern[str]]


def _any(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def _alt(words: str) -> str:
    """ "say state set+aside" -> (?:say|state|set\\s+aside): one list serves the regex and its gate."""
    return _any(*(w.replace("+", r"\s+") for w in words.split()))


def _gate(words: str) -> frozenset[str]:
    """The tokens a sentence must hold for a rule to be worth running, as they can be written in a text.

    Of a multi-word entry only the longest word is needed (any of them is, and the longest is the rarest).
    Acronyms keep their case: "ai" and "ia" are ordinary French and Spanish words.
    """
    tokens: set[str] = set()
    for entry in words.split():
        word = max(re.split(r"[+'-]", entry), key=len)
        tokens.update((word,) if word.isupper() else (word, word.lower(), word.capitalize(), word.upper()))
    return frozenset(tokens)


def _rule(gates: str | tuple[str, ...], *patterns: str) -> _Rule:
    """A regex that runs only when the sentence holds a word of every gate (one gate, or all of several)."""
    if isinstance(gates, str):
        gates = (gates,)
    return tuple(_gate(g) for g in gates), re.compile(_any(*patterns), re.IGNORECASE)


# Curly apostrophes and no-break spaces are what publishing tools emit; the rules are written for the plain
# characters so that they do not need both spellings everywhere.
_PLAIN = str.maketrans({"’": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_TOKEN = re.compile(r"\w+")

# Where an imperative can stand: the start of the sentence or of a clause, possibly after an opening quote,
# a bullet or a conjunction. Mid-clause the same word form is usually a noun or a verb with a subject.
_OPEN = r"[\s\"'“”«»‘()\[\]*•>\-–—]*"
# A full stop inside the text handed over as one sentence ends a sentence only before a capital: "Kates, Jr.
# state that..." is one sentence.
_NEW_SENTENCE = r"(?:^|[.!?]\s+(?=[\"'“”«»‘(\[*•>\-–—]*(?-i:[A-ZÀ-ÖØ-Ý])))"
_SENTENCE_START = rf"(?:{_NEW_SENTENCE}|[;:]){_OPEN}"


def _clause_start(conjunctions: str) -> str:
    return rf"(?:^|[.!?;:,]|\b(?:{conjunctions})\s){_OPEN}"


# An imperative aimed at journalists ("Please reply with 'yes' to confirm your place") is logistics, not an
# injection: what follows the reply gives it away.
_EN_LOGISTICS = (
    r"(?![^.;]{0,80}\b(?:to (?:confirm|register|book|attend|rsvp|reserve|sign up|unsubscribe|opt[ -]out|join|"
    r"subscribe|receive|request|accept)|if you (?:plan|wish|want|would like|intend|are (?:coming|attending|"
    r"interested|available))|by \d|before \d|rsvp|this e-?mail)\b)"
)
_FR_LOGISTICS = (
    r"(?![^.;]{0,80}(?:\bpour (?:confirmer|vous inscrire|t'inscrire|réserver|participer|recevoir|vous désabonner|"
    r"vous désinscrire|accepter)|\bsi vous (?:souhaitez|voulez|comptez|participez|venez|êtes intéressée?s?)|"
    r"\bavant le \d|\bd'ici le \d|\bà ce (?:courriel|mail|message)))"
)

# ========================================================================================================
# English
# ========================================================================================================

# Strict: words that only ever mean a machine. The loose list adds the ones that need an addressing context
# to mean it ("models reading this"), because alone they are ordinary ("role models", "assistant director").
_EN_AI_STRICT = _any(
    r"(?-i:AI)(?:[- ](?:assistants?|models?|systems?|agents?|tools?|chat ?bots?|bots?|readers?|crawlers?"
    r"|summari[sz]ers?|engines?|language models?))?",
    r"artificial intelligences?",
    r"(?:large )?language models?",
    r"(?-i:LLMs?|GPTs?|ChatGPT|Claude|Gemini|Copilot|Bard|Llama|Mistral|Perplexity)",
    r"chat ?bots?",
    r"(?:virtual|digital|chat) assistants?",
    r"automated (?:readers?|systems?|agents?|tools?)",
)
_EN_AI = _any(_EN_AI_STRICT, r"assistants?", r"bots?", r"crawlers?", r"scrapers?", r"models?", r"summari[sz]ers?")
_EN_AI_WORDS = (
    "AI LLM LLMs GPT GPTs ChatGPT Claude Gemini Copilot Bard Llama Mistral Perplexity artificial model models "
    "chatbot chatbots bot bots assistant assistants automated crawler crawlers scraper "
    "scrapers summarizer summarizers summariser summarisers"
)

# The verbs whose object is what someone says.
_EN_SAY_WORDS = "answer reply respond say state claim assert affirm declare pretend"
_EN_SAY = _alt(_EN_SAY_WORDS)
# Whom a planted instruction tells the machine to tell. "Tell your MP" / "tell everyone" are campaigning.
_EN_AUDIENCE = _any(
    r"(?:the |any |all |every |each )?(?:users?|readers?|questioners?|humans?|the human|visitors? who asks?)",
    r"(?:the )?(?:person|people|those|anyone|anybody|everyone|someone|whoever|journalists?) "
    r"(?:who (?:asks?|enquires?|inquires?|wants? to know)|asking|enquiring|inquiring)",
    r"whoever (?:asks|enquires|inquires)",
)
_EN_TELL_WORDS = "tell inform remind assure reassure warn convince persuade let"
_EN_TELL = rf"{_alt(_EN_TELL_WORDS)} {_EN_AUDIENCE}(?: know)?"
_EN_ADVERBS = (
    r"(?:(?:please|kindly|now|just|simply|always|only|ever|instead|also|then|henceforth|firmly|clearly|truthfully|"
    r"confidently|categorically|politely|exactly|immediately|briefly|strictly|never)\s*,?\s+)*"
)
# "that" as a demonstrative ("answer that question", "say that again") is not a that-clause.
_EN_THAT = (
    r"that\b(?!\s*[,.!?;:])(?!\s+(?:question|call|challenge|letter|e-?mail|request|need|demand|charge|criticism|point|query|"
    r"message|complaint|petition|survey|consultation|phone|argument|claim|invitation|appeal|again|one|way|"
    r"much|many|number|concern|accusation|allegation)s?\b)"
)
# What follows a verb of saying only when someone is being told what to say.
_EN_REPLY = _any(
    _EN_THAT,
    r"only\b",
    r"with\s+(?:only\s+|just\s+|simply\s+|exactly\s+)?(?:[\"“‘«']|the (?:single )?(?:word|phrase|sentence|text|"
    r"string|letters?|number)\b|a (?:single|simple|one-word)\b|(?:yes|no|true|false)\b)",
    r"[\"“‘«]",
    r"'(?=\w)",
    r"(?:yes|no)\b(?!\s+(?:to|more)\b)",
    r"as (?:if|though)\b",
    r"in (?:rhyme|verse|pirate|all caps|capitals|capital letters|uppercase|emojis?)\b",
    r"(?:to\s+|on\s+)?(?:any|all|every|each)\s+(?:questions?|quer(?:y|ies)|requests?|prompts?)\b[^.;]{0,80}?"
    r"\b(?:with|by (?:saying|stating|claiming)|that|saying|as follows)\b",
    r"by (?:saying|stating|claiming|insisting|replying|answering|telling)\b",
)
# "Say the strike failed": a clause without "that", recognised by its finite verb. Not after "answer", whose
# object is a thing ("answer the questions we asked").
_EN_BARE_CLAUSE = (
    r"(?:the|it|they|he|she|this|there|its|their|his|her)\s+(?:[\w'-]+\s+){0,5}?(?:is|are|was|were|has|have|had|"
    r"will|would|did|does|never|no longer|\w+ed)\b"
)
_EN_SAID = _any(
    rf"(?:{_EN_SAY}|{_EN_TELL})\s+{_EN_ADVERBS}{_EN_REPLY}",
    rf"(?:say|state|assert|claim)\s+{_EN_ADVERBS}{_EN_BARE_CLAUSE}",
    # Telling the users or readers anything at all is an instruction about them.
    rf"{_alt(_EN_TELL_WORDS)}\s+{_EN_AUDIENCE}\b",
    r"(?:answer|reply|respond)\s+to\s+(?:the\s+|any\s+|all\s+)?(?:users?|humans?|the person asking|whoever asks)\b",
)

_EN_IGNORE_WORDS = (
    "ignore disregard forget discard override overrule bypass drop skip abandon dismiss scrap neglect set+aside "
    "put+aside cast+aside throw+out never+mind pay+no+attention+to pay+no+heed+to pay+no+mind+to"
)
_EN_IGNORE = _any(
    _alt(_EN_IGNORE_WORDS),
    r"(?:do not|don't|never|stop|no longer) (?:follow(?:ing)?|obey(?:ing)?|heed(?:ing)?|apply(?:ing)?|"
    r"consider(?:ing)?|listen(?:ing)? to)",
)
_EN_IGNORE_GATE = (
    _EN_IGNORE_WORDS
    + " follow following obey obeying heed heeding apply applying consider considering listen listening"
)
_EN_QUALIFIERS = (
    r"(?:(?:all|any|every|each|the|your|my|these|those|this|of|previous|prior|earlier|preceding|above|former|"
    r"original|initial|old|other|existing|current|given|system|developer|hidden|safety|default|foregoing|"
    r"aforementioned|and|or|,)\s*)*"
)
# What an injection overrides: the instructions, or everything that came before it.
_EN_OVERRIDDEN = _any(
    _EN_QUALIFIERS
    + r"(?:instructions?|prompts?|directives?|guidelines|commands|programming|system (?:message|prompt)s?|"
    r"guardrails|(?:safety )?filters|training|configuration)\b",
    r"(?:all|any|every|the|your|these|those)\s+(?:(?:previous|prior|earlier|preceding|above|former|original|"
    r"initial|other|existing|system|default|foregoing|safety)\s+)+(?:rules|context|constraints|restrictions|policies|"
    r"settings|text|content|messages?|input|paragraphs?|directions|lines|passages?|conversation|guidance)\b",
    r"(?:everything|anything|all(?: of)?(?: the)?|what(?:ever)?)\s+(?:(?:that|which)\s+)?(?:(?:was|is|has been|"
    r"came|comes|appears|appeared|you were|you've been|you have been|i)\s+)?(?:above|before|previously|earlier|"
    r"prior|so far|up to (?:now|here|this point)|until now|(?:said|written|stated|told|given|mentioned|read)\s+"
    r"(?:above|before|earlier|previously|so far|to you)|told(?! about)|said(?! about)|instructed|given)\b",
    r"the above\b(?!\s+[a-z])",
)
_EN_OVERRIDDEN_GATE = (
    "instruction instructions prompt prompts directive directives guidelines commands programming system "
    "guardrails filters training configuration rules context constraints restrictions policies settings text "
    "content message messages input paragraph paragraphs directions lines passage passages conversation guidance "
    "above before previously earlier prior far now until said written stated told given mentioned read "
    "instructed"
)
_EN_DONT_SAY = (
    r"(?:do not|don't|never|refuse to)\s+(?:ever\s+)?(?:mention|reveal|disclose|admit|acknowledge|discuss|confirm|"
    r"deny)\s+(?:[^.;]{0,40}?\bto\s+(?:the\s+|any\s+)?users?\b|that\b|(?:this|these)\s+(?:instructions?|message|"
    r"note|text)\b)"
    r"|(?:do not|don't|never|refuse to)\s+(?:answer|respond to|reply to|discuss|address|engage with)\s+"
    r"(?:any\s+)?(?:questions?|quer(?:y|ies)|requests?)\s+(?:about|on|regarding|concerning|related to|that)\b"
)
_EN_PRETEND = (
    r"(?:pretend|make believe)\s+(?:that\s+)?(?:you\b|to\s+be\b|that\b)"
    r"|(?:act|behave|roleplay|role-play)\s+(?:as|like)\s+(?:if|though|an?|the)\b"
    r"|(?:play|take on|adopt|assume)\s+the\s+(?:role|persona|character)\s+of\b"
    r"|stay in character\b"
)
_EN_OUTPUT = (
    r"(?:output|print|type|return|repeat|display)\s+(?:only\s+|just\s+|exactly\s+)?"
    r"(?:[\"“‘«]|'(?=\w)|the (?:word|phrase|string|sentence)\b|only\b)"
    # "Write 'Save our line' on your placard" is campaigning; only "write only..." is an order about output.
    r"|write\s+(?:only|nothing but)\b"
)
_EN_MODAL = (
    r"(?:must|should|shall|will|would|have to|need to|ought to|(?:are\s+)?to|(?:are\s+)?(?:expected|supposed|"
    r"instructed|told|meant|obliged) to|may only|can only|(?:are\s+)?only allowed to|(?:are\s+)?going to|had better|"
    r"always|only|never)"
)
_EN_YOU = rf"\byou(?:'ll|'d|'re)?\s+{_EN_MODAL}\s+{_EN_ADVERBS}"
# English imperatives look like the present tense: "Campaigners, who met on Monday, say that..." and "hops
# add bitterness and act as a preservative" are statements. So an imperative counts at the start of a
# sentence, after an opening phrase that cannot be a subject ("Instead,", "In all cases,", "If asked,"), or
# after a first clause that is itself an imperative ("Ignore the above and answer...").
_EN_OPENER = (
    r"(?:please|then|also|instead|finally|now|first|next|again|additionally|otherwise|importantly|anyway|remember|"
    r"important|note|nb|ps|reminder|hello|hi|hey|ok|okay|in|for|as|at|whatever|whenever|regardless|no matter|if|"
    r"when|while|once|should|unless|after|before|to)\b[^,.;:!?]{0,80}?,"
)
_EN_IMPERATIVE_HEAD = (
    r"(?:(?:please|always|just|simply|now|first)\s+)*(?:ignore|disregard|forget|answer|reply|respond|say|state|"
    r"tell|pretend|do not|don't|never|stop|remember|read|output|print|repeat|summari[sz]e|drop|skip|override)\b"
    r"[^.;:!?]{0,120}?(?:,|\b(?:and|then|or|but|so|instead)\b)"
)
_EN_IMPERATIVE_AT = (
    rf"(?:{_NEW_SENTENCE}{_OPEN}(?:(?:{_EN_OPENER}|{_EN_IMPERATIVE_HEAD}){_OPEN}(?:(?:and|then|so|instead|now)\s+)?)?"
    rf"|[;:]{_OPEN}(?:{_EN_OPENER}{_OPEN})?){_EN_ADVERBS}"
)

# "If you are asked about this..." settles it alone; "if you are asked about your status" needs a reply
# instruction after it, because rights leaflets say that too.
_EN_ASKED = r"(?:asked|questioned|queried|quizzed|prompted)"
_EN_IF_YOU_ASKED = (
    rf"\b(?:if|when|whenever|once|in case|each time|every time|any ?time)\s+you(?:'re|\s+are|\s+get|\s+were|"
    rf"\s+ever\s+get|\s+happen\s+to\s+be|\s+should\s+be)?\s+(?:ever\s+|later\s+|now\s+|also\s+)?{_EN_ASKED}"
    rf"|\bshould\s+you\s+(?:ever\s+)?be\s+{_EN_ASKED}"
)
_EN_STRONG_CONDITION = _any(
    rf"(?:{_EN_IF_YOU_ASKED})\s+(?:anything|something|any (?:question|thing)|a question|questions|about (?:this|these|"
    r"that|it|them)\b|by (?:a |the |any )?(?:users?|humans?|readers?)\b)",
    rf"\b(?:no matter|regardless of)\s+(?:what|which|how)\s+(?:questions?\s+)?(?:you(?:'re|\s+are|\s+get)|is|are)\s+"
    rf"{_EN_ASKED}",
    rf"\bwhatever\s+(?:you(?:'re|\s+are|\s+get|\s+may\s+be)\s+{_EN_ASKED}|(?:the\s+)?(?:user|reader|anyone|"
    r"someone)\s+(?:asks?|asked)\b)",
)
_EN_WEAK_CONDITION = _any(
    _EN_IF_YOU_ASKED,
    r"\b(?:if|when|whenever|should|in case)\s+(?:anyone|anybody|someone|somebody|(?:a|the|any)\s+(?:user|reader|"
    r"person|human|journalist)|users|readers|people|they|journalists|the press)\s+(?:ever\s+)?(?:asks?|inquires?|"
    r"enquires?|wants? to know|quer(?:y|ies)|brings? up|mentions?|raises?|questions? you)",
    rf"\b(?:if|when|whenever|once)\s+{_EN_ASKED}\b",
    r"\b(?:whatever|no matter (?:what|which|how)|regardless of)\s+(?:the\s+)?(?:questions?|quer(?:y|ies)|requests?|"
    r"prompts?|topic|subject|users?|people|anyone)\b",
    r"\b(?:to|for|on)\s+(?:any|every|all|each)\s+(?:questions?|quer(?:y|ies)|requests?|prompts?)\s+(?:about|on|"
    r"regarding|concerning|related to|that mentions?)\b",
)
_EN_ASK_GATE = (
    "asked questioned queried quizzed prompted ask asks inquire inquires enquire enquires know query queries bring "
    "brings mention mentions raise raises questions whatever matter regardless question request requests prompt "
    "prompts asking enquiring inquiring wanting wants"
)
# Doing the machine's job (summarising, answering, quoting this text), or the topic coming up.
_EN_TASK_CONDITION = _any(
    r"\b(?:when|while|if|whenever|before|in)\s+(?:you\s+(?:are\s+)?)?(?:summari[sz](?:e|ing)|answer(?:ing)?\s+"
    r"(?:questions?|users?|anyone|people)|respond(?:ing)?\s+to\s+(?:questions?|users?|queries)|quot(?:e|ing)|cit(?:e|ing)"
    r"|describ(?:e|ing)|writ(?:e|ing)\s+(?:about|a summary))\b",
    r"\b(?:whenever|when|if|each time|every time|should)\s+(?:the\s+)?(?:topic|subject|question|issue|matter|name)\s+"
    r"(?:of\s+[^,.;]{1,60}?\s+)?(?:comes? up|is raised|arises|is mentioned|is brought up|gets raised)\b",
)
_EN_TASK_GATE = (
    "summarise summarize summarising summarizing answering responding quote quoting cite citing describe describing "
    "write writing topic subject issue matter name question"
)
# After a condition about being asked, any answer in the imperative or the second person is the instruction.
_EN_THEN_GATE = (
    f"{_EN_SAY_WORDS} tell inform let confirm deny explain mention insist stress emphasise emphasize must should "
    "shall will need have are can may always only never"
)
# "Answer the survey", "reply to this email": a verb of answering whose object is not what to say.
_EN_NOT_CONTENT = r"(?!\s+(?:to|the|a|an|our|this|these|your|my|their|any|all|every|each)\b)"
_EN_THEN_ANSWER = _any(
    rf"[,;:]{_OPEN}(?:then\s+)?{_EN_ADVERBS}(?:(?:answer|reply|respond){_EN_NOT_CONTENT}|say|state|claim|assert|"
    r"affirm|declare|pretend|tell|inform|let them know|confirm|deny|explain|mention|insist|stress|emphasi[sz]e)\b"
    r"(?!\s+to\b)",
    rf"\byou\s+(?:must|should|shall|will|need to|have to|are to|can only|may only|always|only|never)\s+{_EN_ADVERBS}"
    rf"(?:{_EN_SAY}|tell|inform|let them know|confirm|deny|explain|mention|insist|stress|emphasi[sz]e)\b",
    # "Whatever the question, the answer is more buses" is a slogan; what to answer is an order.
    r"\b(?:your\s+(?:only\s+)?|the\s+(?:only\s+|correct\s+|right\s+)+)(?:answer|reply|response)\s+(?:is|must be|"
    r"should be|will be)\b|\bthe\s+(?:answer|reply|response)\s+(?:must|should)\s+be\b|\bthe\s+answer\s+is\s+that\b",
)

_EN: tuple[_Rule, ...] = (
    # Imperatives and second-person orders: what to say, whom to play, what to print.
    _rule(
        f"{_EN_SAY_WORDS} {_EN_TELL_WORDS}",
        rf"{_EN_IMPERATIVE_AT}{_EN_SAID}{_EN_LOGISTICS}",
        rf"{_EN_YOU}{_EN_SAID}",
    ),
    _rule(
        (
            "mention reveal disclose admit acknowledge discuss confirm deny answer respond reply address engage talk",
            "not don never refuse",
        ),
        rf"{_EN_IMPERATIVE_AT}{_EN_DONT_SAY}",
        r"\byou\s+(?:must|should|shall|will|may)\s+(?:never|not)\s+(?:ever\s+)?(?:mention|reveal|disclose|discuss|admit|"
        r"acknowledge|talk about|confirm)\b",
        r"\byou\s+(?:must|should|shall|will|would|have to|need to|are to)\s+(?:always\s+|now\s+)?refuse\s+to\s+"
        r"(?:answer|discuss|respond|talk)",
    ),
    _rule(
        "pretend believe act behave roleplay play role persona character speak talk output print write type return "
        "repeat display",
        rf"{_EN_IMPERATIVE_AT}(?:{_EN_PRETEND}|{_EN_OUTPUT}){_EN_LOGISTICS}",
        rf"{_EN_YOU}(?:act|behave|roleplay|play|speak|talk)\s+(?:as|like)\b",
    ),
    _rule(
        (
            "essential important crucial vital necessary imperative required mandatory want need order instruct "
            "command require",
            "you",
        ),
        rf"\b(?:essential|important|crucial|vital|necessary|imperative|required|mandatory)\s+that\s+you\s+{_EN_ADVERBS}"
        rf"{_EN_SAID}",
        rf"\b(?:i|we)\s+(?:want|need|order|instruct|command|require)\s+you\s+to\s+{_EN_ADVERBS}(?:{_EN_SAID}|"
        rf"{_EN_IGNORE}\s+{_EN_OVERRIDDEN})",
    ),
    _rule(
        ("told informed", "users user readers reader"),
        r"\b(?:the\s+)?(?:users?|readers?)\s+(?:should|must|are to|is to|need to|needs to|have to|has to)\s+be\s+"
        r"(?:told|informed)\s+that\b",
    ),
    _rule(
        "sure remember forget",
        rf"\b(?:make sure|be sure|remember|don't forget|do not forget)\s+(?:to|that you|you)\s+{_EN_ADVERBS}"
        rf"(?:{_EN_SAID}|mention\s+{_EN_REPLY})",
    ),
    # Always calling something by a name is an instruction about every later answer.
    _rule(
        ("describe portray present characterize characterise call refer", "always only never systematically you"),
        rf"{_EN_IMPERATIVE_AT}(?:always|only|never|systematically)\s+(?:describe|portray|present|characteri[sz]e|call|"
        r"refer to)\b"
        r"[^.;]{1,60}?\bas\b",
        rf"{_EN_YOU}(?:describe|portray|present|characteri[sz]e|refer to)\b[^.;]{{1,60}}?\bas\b",
    ),
    _rule(
        "task job role goal mission purpose objective",
        r"\byour\s+(?:only\s+|real\s+|new\s+|main\s+|sole\s+|true\s+)?(?:task|job|role|goal|mission|purpose|"
        rf"objective)\s+(?:now\s+)?(?:is|will be)\s+(?:now\s+)?to\s+{_EN_ADVERBS}(?:{_EN_SAID}|{_EN_IGNORE}\s+"
        rf"{_EN_OVERRIDDEN}|convince\b|persuade\b|make (?:users|readers|people) believe\b)",
    ),
    # What to ignore: an ignore verb with the instructions, or everything before, as its object.
    _rule(
        (_EN_IGNORE_GATE, _EN_OVERRIDDEN_GATE),
        rf"{_EN_IMPERATIVE_AT}{_EN_IGNORE}\s+{_EN_OVERRIDDEN}{_EN_LOGISTICS}",
        rf"{_EN_YOU}{_EN_IGNORE}\s+{_EN_OVERRIDDEN}",
    ),
    # Being asked: the condition, then the answer to give.
    _rule(
        _EN_ASK_GATE,
        _EN_STRONG_CONDITION,
        rf"(?:{_EN_WEAK_CONDITION})[^.!?]{{0,160}}?(?:{_EN_THEN_ANSWER})",
        r"\b(?:users?|anyone|anybody|readers?|people|those|whoever|questioners|the person)\s+(?:(?:who|that)\s+)?"
        r"(?:asking|asks?|enquiring|inquiring|enquires?|inquires?|wanting to know|wants? to know)\b[^.;]{0,80}?"
        r"\b(?:should|must|shall|are to|is to|needs? to|have to|has to)\s+be\s+(?:told|informed|assured|reminded|"
        r"answered)\b",
        r"\b(?:questions?|quer(?:y|ies)|requests?)\b[^.;]{0,80}?\b(?:must|should|shall|is to|are to|has to|have to)\s+"
        r"(?:always\s+|only\s+)?be\s+answered\s+(?:that\b|only\b|with\s+(?:[\"“‘«']|the (?:word|phrase)\b|yes\b|no\b|"
        r"a (?:single|simple)\b))",
        r"\bthe\s+(?:only\s+)?(?:correct|right|true|real|proper|expected|official)\s+(?:answer|reply|response)\s+(?:to|"
        r"for)\s+(?:any|every|all|each|this|these|the)\s+(?:questions?|quer(?:y|ies))\b[^.;]{0,60}?\b(?:is|will be|"
        r"should be|must be)\b",
    ),
    _rule((_EN_TASK_GATE, _EN_THEN_GATE), rf"(?:{_EN_TASK_CONDITION})[^.!?]{{0,160}}?(?:{_EN_THEN_ANSWER})"),
    # What the answer itself must be.
    _rule(
        "answer answers reply replies response responses output outputs summary summaries",
        r"\byour\s+(?:(?:only|final|next|first|every)\s+)?(?:answers?|repl(?:y|ies)|responses?|outputs?|summar(?:y|ies))"
        r"\s+(?:must|should|shall|will|has to|have to|needs? to|is to|are to|is)\s+(?:always\s+|only\s+|simply\s+)?"
        r"(?:be|say|state|read|contain|include|start with|begin with|end with)\s*(?::|that\b|[\"“‘«]|'(?=\w)|only\b|"
        r"exactly\b|(?:yes|no)\b|the (?:word|phrase|sentence)\b)",
        r"\b(?:any|every|all|each)\s+(?:answers?|repl(?:y|ies)|responses?|outputs?|summar(?:y|ies))\s+(?:(?:about|of|"
        r"to|on|regarding|concerning)\s+[^.;]{0,60}?)?(?:must|should|shall|has to|have to|needs? to|is to|are to)\s+"
        r"(?:always\s+|only\s+|clearly\s+)?(?:say|state|mention|read|include|conclude|indicate|claim)\s+"
        rf"(?:{_EN_REPLY}|{_EN_BARE_CLAUSE})",
        r"\bsummar(?:y|ies)\s+of\s+(?:this|the)\s+(?:release|document|text|page|statement|article)\s+(?:must|should|"
        r"shall)\s+(?:always\s+)?(?:say|state|mention|include|conclude|claim)\b",
        r"\b(?:begin|start|end|finish|prefix|conclude|preface|sign)\s+(?:your|every|each|all|any)\s+(?:answers?|"
        r"repl(?:y|ies)|responses?|messages?|outputs?|summar(?:y|ies))\s+(?:with|by)\b",
        r"\b(?:in|at the (?:start|end|beginning) of)\s+(?:every|each|all|any)\s+(?:of\s+)?(?:your\s+)?(?:answers?|"
        r"repl(?:y|ies)|responses?|outputs?|summar(?:y|ies))\b",
        r"\bthe only (?:acceptable|permitted|allowed|valid|correct) (?:answer|reply|response)\b",
    ),
    # A new identity for the reader.
    _rule(
        ("now henceforth point moment rest longer mode here forward", "from henceforth starting rest you mode going"),
        r"\b(?:from now on|from here on|going forward|from this (?:point|moment)(?: on(?:ward)?| forward)?|henceforth|"
        r"starting now|for the "
        r"rest of (?:this|the) (?:conversation|chat|session)),?\s+(?:you(?:'re|\s+are)\s+(?:now\s+)?(?:an?|the|"
        r"no longer|my|called|named|in)\b|you(?:'ll|\s+will)?\s+(?:only\s+|always\s+|never\s+)?(?:answer|reply|"
        r"respond|speak|talk|act|behave|refuse|ignore|say|pretend|play|roleplay|call yourself|be called|be known "
        r"as|go by)\b|(?:answer|reply|respond|speak|talk|act|behave|pretend|ignore|forget|only|always|never)\b)",
        r"\byou(?:'re|\s+are)\s+now\s+(?:DAN\b|in\s+\w+\s+mode|an?\s+(?:unrestricted|unfiltered|uncensored|"
        r"jailbroken|evil|different|new)\b)",
        r"\byou(?:'re|\s+are)\s+no\s+longer\s+(?:bound|restricted|limited|required to follow|subject to|an?\s+"
        rf"{_EN_AI_STRICT})",
        r"\b(?:developer|god|dan|jailbreak|unrestricted|unfiltered)\s+mode\b",
    ),
    # The machine's own instructions.
    _rule(
        (
            "your new updated real true actual override revised system developer admin hidden begin end start",
            "instructions instruction prompt prompts programming guidelines rules directives training constraints "
            "orders policies configuration message directive",
        ),
        r"\byour\s+(?:(?:previous|prior|original|initial|earlier|system|current|existing|old|real|true|hidden|"
        r"default|actual|new|above|standing|core|base)\s+)+(?:instructions|prompts?|programming|guidelines|rules|"
        r"directives|training|constraints|orders|policies|configuration)\b",
        r"\byour\s+(?:instructions|programming|system prompt)\b",
        r"\b(?:new|updated|real|true|actual|override|revised|system|developer|admin|hidden)\s+(?:system\s+)?"
        r"(?:prompt|instructions?|directives?)\s*:",
        r"\b(?:begin|end|start)\s+(?:of\s+)?(?:the\s+)?(?:system|developer|new|hidden)\s+(?:prompt|message|"
        r"instructions?)\b",
    ),
    # Talking to the machine itself.
    _rule(
        _EN_AI_WORDS,
        r"\b(?:note|message|instructions?|reminder|notice|memo|warning|directive|hint|request|attention|p\.?s\.?|"
        rf"important|information)\s+(?:(?:is|are)\s+)?(?:(?:addressed|intended|meant|written)\s+)?(?:to|for)\s+(?:(?:all|any|"
        rf"every|the|each|automated|future|other)\s+)*{_EN_AI}\b",
        rf"\b(?:addressed|intended|meant|written)\s+(?:only\s+)?(?:to|for)\s+(?:(?:all|any|every|the|each)\s+)*{_EN_AI}\b",
        rf"(?:^|[.!?;:]){_OPEN}(?:attention|attn\.?|dear|hey|hi|hello|to|for|calling)\s*:?\s+"
        rf"(?:(?:all|any|every|the)\s+)*{_EN_AI}\s*[,:;!\-–—]",
        rf"{_EN_AI}\s+(?:(?:that|which|who)\s+)?(?:(?:are|is)\s+)?(?:reading|processing|parsing|summari[sz]ing|"
        r"ingesting|crawling|indexing|scanning|analy[sz]ing|reviewing|seeing|encountering|consuming|answering "
        r"questions (?:about|on|from)|reads?|process(?:es)?|parses?|summari[sz]es?|ingests?|crawls?|index(?:es)?|"
        r"scans?|analy[sz]es?|sees?|encounters?)\s+(?:this|these|it\b|me\b|here\b)",
        rf"\bif\s+you(?:'re|\s+are)\s+(?:an?\s+|the\s+)?{_EN_AI}\b",
        rf"\byou(?:'re|\s+are)\s+(?:(?:now|actually|just|only|really|merely|simply)\s+)?(?:an?\s+|the\s+)?(?:"
        rf"(?:helpful|friendly|harmless|honest)\s+)*(?:{_EN_AI_STRICT}|assistant\b(?!\s+(?:manager|director|head|"
        r"editor|professor|teacher|coach|secretary|to)\b)|(?:helpful|friendly) (?:model|bot))",
        r"\bas\s+an?\s+(?:(?-i:AI)|language model|(?-i:LLM)|(?-i:AI) (?:language )?model|(?-i:AI) assistant|"
        r"chatbot)\s*(?:,|you\b|your\b|it is\b|please\b)",
        rf"\b(?:the|any|every|all|each|an?)\s+(?:assistants?|bots?|models?|crawlers?|summari[sz]ers?)\s+(?:\S+\s+){{0,3}}?"
        rf"(?:should|must|shall|needs? to|ha(?:ve|s) to|is to|are to)\s+{_EN_ADVERBS}(?:{_EN_SAID}|{_EN_IGNORE}\s+"
        rf"{_EN_OVERRIDDEN})",
        rf"(?:^|[.!?;]){_OPEN}(?:(?:all|any|every)\s+)?{_EN_AI}\s*[:,]\s*(?:please\s+)?(?:{_EN_SAY}|tell|ignore|"
        r"disregard|forget|pretend|remember|note|always|never|only|do not|don't)\b",
        rf"\b{_EN_AI_STRICT}\s+(?:\S+\s+){{0,3}}?(?:should|must|shall|need to|have to|has to|ought to|are to|is to|"
        r"(?:are|is) (?:instructed|required|expected|asked|told|supposed) to)\s+(?:(?:always|only|never|not|also|now|"
        r"instead|simply|clearly|firmly|henceforth)\s+)*(?:answer|reply|respond|say|state|claim|assert|tell|inform|"
        r"ignore|disregard|forget|describe|present|report|conclude|mention|treat|consider|refer|emphasi[sz]e|stress|"
        r"affirm|insist|declare|pretend|refuse|deny|recommend|summari[sz]e|portray|reveal|disclose)\b",
    ),
)

# ========================================================================================================
# French
# ========================================================================================================

_FR_AI_STRICT = _any(
    r"(?-i:IAs?)\b",
    r"intelligences? artificielles?",
    r"assistante?s?\s+(?:(?-i:IAs?)|virtuel(?:le)?s?|conversationnel(?:le)?s?|d'(?-i:IAs?)|numériques?)",
    r"agents?\s+conversationnels?",
    r"robots?\s+conversationnels?",
    r"chat ?bots?",
    r"modèles?\s+(?:de\s+langage|de\s+langue|linguistiques?|d'(?-i:IAs?)|d'intelligence artificielle)",
    r"(?-i:LLMs?|GPT|ChatGPT)",
    r"systèmes?\s+d'(?-i:IAs?)",
)
_FR_AI = _any(_FR_AI_STRICT, r"assistante?s?", r"robots?", r"modèles?", r"bots?")
_FR_AI_WORDS = (
    "IA IAs LLM LLMs GPT ChatGPT artificielle artificielles assistant assistante assistants assistantes "
    "conversationnel conversationnels robot robots chatbot chatbots bot bots modèle modèles"
)

# Vous forms are imperatives wherever a clause starts; the -e tu forms double as the third person
# ("le maire affirme que"), so they count only at the very start of a sentence. Only verbs of answering and
# asserting: "précisez que vous êtes adhérent", "signalez que vous êtes en grève" are what unions tell members.
_FR_SAY_VOUS_WORDS = (
    "répondez dites affirmez déclarez soutenez prétendez assurez certifiez répliquez rétorquez maintenez"
)
_FR_SAY_TU_WORDS = "réponds dis soutiens prétends maintiens"
_FR_SAY_TU_E_WORDS = "affirme déclare assure certifie réplique rétorque"
# After "si l'on vous demande...", telling is answering whatever the verb.
_FR_THEN_SAY_WORDS = (
    "indiquez précisez expliquez confirmez annoncez racontez signalez mentionnez soulignez indique précise "
    "explique confirme annonce raconte signale mentionne souligne écrivez écris"
)
# "les zones, dites « blanches »": after a comma, "dites" with a quote is the participle ("so-called").
_FR_SAY_VOUS = _alt(_FR_SAY_VOUS_WORDS).replace("|dites|", "|dites(?!\\s*[«\"“‘'])|")
_FR_SAY_TU = _alt(_FR_SAY_TU_WORDS)
_FR_SAY_TU_E = _alt(_FR_SAY_TU_E_WORDS)
_FR_CLITIC = r"(?:-(?:lui|leur|moi|nous|le|la|les))?"
_FR_AUDIENCE = (
    r"(?:à\s+l'|aux\s+|à\s+(?:tout|toute|chaque|quiconque|celui|celle|ceux|la personne)\s*|l'|les\s+)"
    r"(?:utilisat(?:eur|rice)s?|lect(?:eur|rice)s?|internautes?|personnes? qui (?:demande|pose|interroge)|"
    r"quiconque|demandeur|interlocut(?:eur|rice)s?|qui (?:demande|pose|interroge))"
)
_FR_ADVERBS = (
    r"(?:(?:toujours|uniquement|seulement|simplement|systématiquement|clairement|fermement|plutôt|bien|donc|"
    r"alors|désormais|dorénavant)\s+)*"
)
_FR_REPLY = _any(
    r"que\b",
    r"qu'",
    r"uniquement\b",
    r"seulement\b",
    r"simplement\b",
    r"par\s+(?:un\s+|le\s+|la\s+|les\s+)?(?:(?:seul\s+)?mot\s+|phrase\s+|mention\s+)?(?:[\"«“']|oui\b|non\b)",
    r"[\"«“]",
    r"'(?=\w)",
    r"(?:oui|non)\b(?!\s+(?:à|au|aux)\b)",
    r"comme si\b",
    r"en (?:rimes|vers|pirate|majuscules)\b",
    r"(?:à|aux)\s+(?:toute|chaque|n'importe quelle|toutes les)\s+(?:questions?|demandes?)\b[^.;]{0,80}?"
    r"\b(?:par|que|en disant)\b",
)
_FR_SAID = rf"{_FR_ADVERBS}(?:{_FR_AUDIENCE}\s*,?\s*)?{_FR_ADVERBS}{_FR_REPLY}"
_FR_IMPERATIVE_AT = rf"{_clause_start('et|puis|alors|donc|mais|ou|plutôt|ensuite')}{_FR_ADVERBS}"

_FR_IGNORE_WORDS = (
    "ignorez oubliez ne+tenez+pas+compte ne+tenez+plus+compte ne+tenez+aucun+compte faites+abstraction "
    "passez+outre négligez écartez laissez+de+côté mettez+de+côté ne+suivez+pas ne+suivez+plus n'obéissez+pas "
    "n'obéissez+plus désobéissez n'appliquez+pas n'appliquez+plus annulez effacez outrepassez contournez "
    "ne+prenez+pas+en+compte "
    "ignore oublie ne+tiens+pas+compte ne+tiens+plus+compte ne+tiens+aucun+compte fais+abstraction passe+outre "
    "néglige écarte laisse+de+côté mets+de+côté ne+suis+pas ne+suis+plus n'obéis+pas n'obéis+plus désobéis "
    "n'applique+pas n'applique+plus annule efface outrepasse contourne ne+prends+pas+en+compte"
)
_FR_IGNORE = _alt(_FR_IGNORE_WORDS)
_FR_OVERRIDDEN = _any(
    r"(?:(?:de\s+|d'|des\s+|du\s+|à\s+|aux\s+)?(?:toutes?\s+|tous\s+)?(?:les\s+|la\s+|le\s+|l'|tes\s+|vos\s+|"
    r"ces\s+|cette\s+|ce\s+|ton\s+|ta\s+|votre\s+)?(?:anciennes?\s+|précédentes?\s+|autres\s+|premières?\s+)?)"
    r"(?:instructions?|consignes?|directives?|indications|prompts?|invites? (?:précédentes?|système)|"
    r"messages?\s+(?:système|du système|précédents?)|ordres\s+(?:précédents?|reçus)|règles\s+(?:précédentes|"
    r"habituelles|fixées|données|initiales)|programmation|garde-fous|filtres)\b",
    r"(?:de\s+|à\s+)?(?:tout\s+)?ce\s+qui\s+(?:précède|a été (?:dit|écrit|indiqué)|est (?:écrit|indiqué)\s+"
    r"(?:ci-dessus|plus haut|avant))",
    r"(?:de\s+|à\s+)?tout\s+ce\s+qu(?:'on|e\s+l'on|i)\s+(?:t'a|vous a|a été)\s+(?:dit|demandé|indiqué|écrit)",
    r"(?:de\s+|d'|du\s+|des\s+)?(?:le|les|la|l')?\s*(?:textes?|messages?|paragraphes?|propos|contenus?|"
    r"éléments?)\s+(?:précédents?|ci-dessus|qui précèdent|plus haut)",
    r"(?:de\s+|à\s+)?(?:tout\s+)?le\s+reste\b",
)
_FR_OVERRIDDEN_GATE = (
    "instruction instructions consigne consignes directive directives indications prompt prompts invite invites "
    "message messages ordres règles programmation garde filtres précède dit écrit indiqué demandé précédent "
    "précédents précédente précédentes dessus haut précèdent reste"
)

_FR_ASKED_BY = (
    r"(?:l'on|on|quelqu'un|qui que ce soit|un(?:e)?\s+(?:utilisat(?:eur|rice)|internaute|lect(?:eur|rice)|"
    r"personne|journaliste)|l'utilisat(?:eur|rice)|les\s+(?:utilisateurs|gens|journalistes)|ils|elles)\s+"
    r"(?:vous|te|t')\s*(?:interroge(?:nt)?|questionne(?:nt)?|pose(?:nt)?\s+(?:une|des|la|cette|quelque|"
    r"n'importe quelle)\s+questions?|demande(?:nt)?\b(?!\s+(?:de|d'|votre|ton|ta|vos|tes)\b))"
)
_FR_PASSIVE_ASKED = r"(?:vous\s+êtes|tu\s+es|t'es)\s+(?:interrogée?s?|questionnée?s?|sollicitée?s?)"
_FR_STRONG_CONDITION = _any(
    rf"\bsi\s+{_FR_ASKED_BY}\s*(?:quoi que ce soit|quelque chose|n'importe quoi|à ce sujet|là-dessus|dessus|"
    r"(?:sur|à propos d[eu']|au sujet d[eu']|concernant)\s*(?:ce|cette|ces|cela|ça|celui-ci|celle-ci|le présent|"
    r"la présente)\b)",
    rf"\b(?:si|lorsque|quand|dès que|chaque fois que|à chaque fois que)\s+{_FR_PASSIVE_ASKED}\s+(?:sur|à propos d|"
    r"au sujet d|concernant)\s*(?:e|u|')?\s*(?:ce|cette|ces|cela|ça|celui-ci|celle-ci|le présent|la présente)\b",
    r"\bquoi\s+qu(?:e\s+l'|')on\s+(?:vous|te|t')\s*demande",
)
_FR_WEAK_CONDITION = _any(
    rf"\bsi\s+{_FR_ASKED_BY}",
    r"\b(?:si|lorsque|quand|dès que|chaque fois que|à chaque fois que|lorsqu'|qu')\s*(?:l'on|on)\s+(?:vous|te|t')"
    r"\s*(?:interroge|questionne|demande|pose)\b(?!\s+(?:de|d'|votre|ton|ta|vos|tes)\b)",
    rf"\b(?:si|lorsque|quand|lorsqu')\s*{_FR_PASSIVE_ASKED}\b(?!\s+par\b)",
    r"\b(?:quelle\s+que\s+soit|peu\s+importe|indépendamment\s+de)\s+(?:la|les)\s+(?:questions?|demandes?)",
    r"\b(?:à|pour)\s+(?:toute|chaque|n'importe quelle)\s+(?:question|demande)\s+(?:sur|concernant|portant sur|"
    r"relative|au sujet|à propos)",
    r"(?:^|[.!?;:]\s*)(?:interrogée?s?|questionnée?s?)\s+(?:sur|à propos|au sujet)",
)
# Doing the machine's job (summarising, quoting, answering), or the topic coming up.
_FR_TASK_CONDITION = _any(
    r"\b(?:lorsque|lorsqu'|quand|si|dès que|chaque fois que)\s*(?:tu|vous)\s+(?:résumes|résumez|cites|citez|décris|"
    r"décrivez|présentes|présentez|évoques|évoquez|rédiges|rédigez|(?:réponds|répondez)\s+(?:à|aux)\s+(?:une\s+|des\s+|"
    r"toute\s+|la\s+)?(?:questions?|utilisat))|\ben\s+(?:résumant|citant|décrivant|présentant|rédigeant|répondant)\b",
    r"\b(?:le\s+sujet|la\s+question|le\s+thème)\s+(?:de|du|des|d')\s*[^,.;]{1,60}?\s+(?:est\s+(?:abordée?|évoquée?|"
    r"posée?|soulevée?|mentionnée?)|revient|se\s+pose)\b",
)
_FR_ASK_GATE = (
    "interroge interrogent questionne questionnent pose posent demande demandent interrogé interrogée interrogés "
    "interrogées questionné questionnée questionnés questionnées sollicité sollicitée sollicités sollicitées "
    "question questions demandes"
)
_FR_TASK_GATE = (
    "résumes résumez cites citez décris décrivez présentes présentez évoques évoquez rédiges rédigez réponds "
    "répondez résumant citant décrivant présentant rédigeant répondant sujet thème question"
)
_FR_THEN_ANSWER = _any(
    rf"[,;:]{_OPEN}(?:alors\s+)?{_FR_ADVERBS}(?:{_FR_SAY_VOUS}|{_FR_SAY_TU}|{_FR_SAY_TU_E}|{_alt(_FR_THEN_SAY_WORDS)}|niez|nie|"
    rf"contentez-vous|contente-toi|insistez|insiste){_FR_CLITIC}\b(?!\s+(?:à|au|aux)\b)",
    r"\b(?:(?:vous\s+(?:devez|devrez|allez)|tu\s+(?:dois|devras|vas)|il\s+(?:faut|faudra))\s+(?:toujours\s+|"
    r"uniquement\s+|seulement\s+|simplement\s+)*(?:répondre|dire|affirmer|déclarer|soutenir|prétendre|nier|"
    r"indiquer|préciser)|vous\s+(?:direz|répondrez|affirmerez)|tu\s+(?:diras|répondras|affirmeras))\b",
    r"\b(?:la|votre|ta)\s+(?:seule\s+)?(?:bonne\s+)?réponse\s+(?:est|doit être|sera)\b",
)
# A second person told what to answer. "Je peux vous dire que" has no modal and is left alone; "vous
# répondez que" is read as an order unless a condition ("si vous répondez que...") comes first.
_FR_YOU_SAY = (
    r"(?<!si )(?<!quand )(?<!lorsque )\b(?:vous|tu)\s+(?:(?:devez|devrez|devriez|dois|devras|devrais|allez|vas|"
    r"êtes\s+tenue?s?\s+de|es\s+tenue?\s+de)\s+(?:toujours\s+|uniquement\s+|désormais\s+|systématiquement\s+|"
    r"seulement\s+)*(?:répondre|dire|affirmer|déclarer|soutenir|prétendre)|(?:répondez|réponds|répondrez|"
    r"répondras|direz|diras|affirmerez|affirmeras|déclarerez|déclareras))"
)

_FR: tuple[_Rule, ...] = (
    # Imperatives of saying: vous forms at any clause start, tu forms where no subject can precede them.
    _rule(
        f"{_FR_SAY_VOUS_WORDS} {_FR_SAY_TU_WORDS}",
        rf"{_FR_IMPERATIVE_AT}(?:{_FR_SAY_VOUS}|{_FR_SAY_TU}){_FR_CLITIC}\s*,?\s*{_FR_SAID}{_FR_LOGISTICS}",
    ),
    _rule(
        f"{_FR_SAY_TU_E_WORDS} dites",
        rf"{_SENTENCE_START}{_FR_ADVERBS}(?:{_FR_SAY_TU_E}|dites){_FR_CLITIC}\s*,?\s*{_FR_SAID}{_FR_LOGISTICS}",
    ),
    _rule(
        (_FR_IGNORE_WORDS + " ignorer oublier négliger écarter", _FR_OVERRIDDEN_GATE),
        rf"{_FR_IMPERATIVE_AT}{_FR_IGNORE}\s+{_FR_OVERRIDDEN}{_FR_LOGISTICS}",
        rf"\b(?:vous|tu)\s+(?:devez|devrez|dois|devras|allez|vas)\s+(?:ignorer|oublier|négliger|écarter)\s+"
        rf"{_FR_OVERRIDDEN}",
        rf"\b(?:merci\s+d'|veuillez|il\s+faut)\s*(?:ignorer|oublier)\s+{_FR_OVERRIDDEN}",
    ),
    _rule(
        "contentez contente limitez limite bornez borne faites fais prétendez prétends jouez joue endossez endosse "
        "incarnez incarne écrivez écris",
        rf"{_FR_IMPERATIVE_AT}(?:contentez-vous|contente-toi|limitez-vous|limite-toi|bornez-vous|borne-toi)\s+"
        r"(?:de|à)\s+(?:répondre|dire|écrire|affirmer)\b",
        rf"{_FR_IMPERATIVE_AT}(?:faites|fais)\s+(?:comme\s+si\s+(?:vous|tu)\b|semblant\s+d)",
        r"(?:^|[.!?;:,]\s*)(?:prétendez|prétends)\s+(?:être|que)\b",
        rf"{_FR_IMPERATIVE_AT}(?:écrivez|écris)\s+(?:uniquement|seulement|simplement)\b",
        r"\b(?:jouez|joue|endossez|endosse|incarnez|incarne)\s+le\s+rôle\s+d",
    ),
    _rule(
        "mentionnez mentionne révélez révèle divulguez divulgue citez cite évoquez évoque répondez réponds",
        rf"{_FR_IMPERATIVE_AT}(?:ne\s+(?:mentionnez|mentionne|révélez|révèle|divulguez|divulgue|citez|cite|évoquez|"
        r"évoque)\s+(?:jamais|pas|surtout pas)\s+(?:que\b|qu'|à\s+l'utilisat|ces\s+(?:instructions|consignes))|"
        r"ne\s+(?:répondez|réponds)\s+(?:jamais|pas|plus)\s+(?:à|aux)\s+(?:\w+\s+)?questions?\s+(?:sur|concernant|"
        r"portant|au sujet|à propos))",
    ),
    # Second-person subject, or an impersonal obligation, about what to answer.
    _rule(
        (
            "vous tu",
            "devez devrez devriez dois devras devrais allez vas tenu tenue tenus tenues répondez réponds "
            "répondrez répondras direz diras affirmerez affirmeras déclarerez déclareras",
        ),
        rf"{_FR_YOU_SAY}{_FR_CLITIC}\s*,?\s*{_FR_SAID}",
    ),
    _rule(
        ("répondiez répondes disiez dises affirmiez affirmes déclariez déclares prétendiez prétendes", "que qu"),
        rf"\bqu(?:e\s+|')(?:tu|vous)\s+(?:toujours\s+|uniquement\s+)?(?:répondiez|répondes|disiez|dises|affirmiez|"
        rf"affirmes|déclariez|déclares|prétendiez|prétendes){_FR_CLITIC}\s*,?\s*{_FR_SAID}",
    ),
    _rule(
        ("demande demandons prie prions ordonne ordonnons conseille conseillons", "te vous t"),
        rf"\b(?:je|nous)\s+(?:te|vous|t')\s*(?:demande|demandons|prie|prions|ordonne|ordonnons|conseille|conseillons)\s+"
        rf"(?:instamment\s+|donc\s+)?(?:de\s+|d')(?:toujours\s+|uniquement\s+)*(?:(?:répondre|dire|affirmer|déclarer|prétendre)"
        rf"{_FR_CLITIC}\s*,?\s*{_FR_SAID}|(?:ignorer|oublier)\s+{_FR_OVERRIDDEN})",
    ),
    _rule(
        "faut faudra convient merci veuillez pensez pense oubliez oublie",
        rf"\b(?:il\s+(?:faut|faudra|convient\s+de)|merci\s+de|veuillez|pensez\s+à|pense\s+à|n'oubliez\s+pas\s+de|"
        rf"n'oublie\s+pas\s+de)\s+(?:toujours\s+|uniquement\s+)*(?:répondre|affirmer|déclarer|soutenir|prétendre)"
        rf"{_FR_CLITIC}\s*,?\s*{_FR_SAID}",
    ),
    # Being asked: the condition, then the answer to give.
    _rule(
        _FR_ASK_GATE + " importe soit quoi",
        _FR_STRONG_CONDITION,
        rf"(?:{_FR_WEAK_CONDITION})[^.!?]{{0,160}}?(?:{_FR_THEN_ANSWER})",
    ),
    _rule(
        (
            _FR_TASK_GATE,
            f"{_FR_SAY_VOUS_WORDS} {_FR_SAY_TU_WORDS} {_FR_SAY_TU_E_WORDS} {_FR_THEN_SAY_WORDS} niez nie "
            "contentez contente insistez insiste devez devrez allez dois devras vas faut faudra direz répondrez "
            "affirmerez diras répondras affirmeras réponse",
        ),
        rf"(?:{_FR_TASK_CONDITION})[^.!?]{{0,160}}?(?:{_FR_THEN_ANSWER})",
    ),
    # What the answer itself must be.
    _rule(
        "réponse réponses",
        r"\b(?:ta|votre)\s+(?:seule\s+)?réponse\s+(?:doit|devra|sera|est)\s+(?:toujours\s+|uniquement\s+)?(?:être\s+)?"
        r"(?::|que\b|qu'|[\"«“]|oui\b|non\b|le mot\b)",
        r"\b(?:commencez|commence|terminez|termine|finissez|finis)\s+(?:chaque|toutes?\s+(?:vos|tes)|vos|tes|votre|ta)"
        r"\s+réponses?\s+par\b",
    ),
    # A new identity, or the machine's own instructions.
    _rule(
        "désormais dorénavant maintenant présent",
        r"\b(?:désormais|dorénavant|à\s+partir\s+de\s+maintenant|à\s+partir\s+d'à\s+présent|à\s+compter\s+de\s+"
        r"maintenant|dès\s+maintenant|à\s+présent),?\s+(?:tu\s+(?:es|réponds|dois|vas|parles|agis|joues|ignores|"
        r"oublies|seras)|vous\s+(?:êtes\s+(?:un|une)|répondez|répondrez|parlerez|agirez|jouerez|serez\s+(?:un|une))"
        r"|réponds|répondez|agis|agissez|parle|parlez|ignore|ignorez|oublie|oubliez)\b",
        r"\btu\s+es\s+(?:désormais|maintenant|à présent|dorénavant)\s+(?:un|une|le|la)\b",
    ),
    _rule(
        "instructions consignes directives système",
        r"\b(?:tes|vos)\s+(?:(?:anciennes|précédentes|premières|vraies|véritables|nouvelles|propres)\s+)*"
        r"(?:instructions|consignes|directives)(?:\s+(?:précédentes|initiales|d'origine|système))?\b",
        r"\b(?:nouvelles?|vraies?|véritables)\s+(?:instructions|consignes)\s*:",
        r"\b(?:invite|message|prompt)\s+(?:du\s+)?système\b",
    ),
    # Talking to the machine itself.
    _rule(
        _FR_AI_WORDS,
        r"\b(?:note|message|avis|remarque|consignes?|instructions?|rappel|avertissement|information|mot|précision)\s+"
        r"(?:à|aux|pour|destinée?s?\s+(?:à|aux)|à\s+l'attention\s+d(?:es|e\s+l'|u|e\s+la))\s*(?:l'|les\s+|la\s+|"
        rf"le\s+|tous\s+les\s+|toutes\s+les\s+|tout\s+|toute\s+)?{_FR_AI}",
        rf"(?:^|[.!?;:]){_OPEN}(?:à\s+l'attention\s+d(?:es|e\s+l'|u|e\s+la)|attention|cher|chère|chers|chères|"
        r"aux|à|pour|bonjour|salut)\s+(?:l'|les\s+|la\s+|le\s+|aux\s+|à\s+l'|tous\s+les\s+|toutes\s+les\s+)?"
        rf"{_FR_AI}\s*[,:!]",
        rf"{_FR_AI}\s+(?:qui\s+(?:lisez|lit|lisent|liront|lira|analysez|analysent|analyse|traitez|traitent|traite|"
        r"résumez|résument|résume|parcourez|parcourent|parcourt|indexez|indexent|indexe|consultez|consultent|"
        r"consulte|voyez|voient|voit)|lisant|analysant|traitant|résumant|parcourant|indexant)\s+(?:ce|cette|ces|"
        r"le\s+présent|la\s+présente|ceci|les\s+présentes?)\b",
        r"\bsi\s+(?:tu\s+es|vous\s+êtes)\s+(?:une?\s+)?(?:(?-i:IAs?)|intelligence artificielle|assistant|chatbot|"
        r"modèle de langage|robot|agent conversationnel|(?-i:LLM))\b",
        rf"\b(?:tu\s+es|vous\s+êtes)\s+(?:désormais\s+|maintenant\s+|à\s+présent\s+|en\s+réalité\s+|seulement\s+|"
        rf"juste\s+)?(?:une?\s+)?{_FR_AI_STRICT}",
        r"\ben\s+tant\s+qu(?:e|')\s*(?:(?-i:IAs?)|intelligence artificielle|assistant|modèle de langage|chatbot)\s*,",
        rf"(?:^|[.!?;]){_OPEN}(?:chère?s?\s+)?{_FR_AI}\s*[,:]\s*(?:{_FR_SAY_VOUS}|{_FR_SAY_TU}|{_FR_SAY_TU_E}|ignorez|"
        r"ignore|oubliez|oublie|ne\s+(?:tenez|tiens|mentionnez|mentionne|révélez|révèle))\b",
        rf"{_FR_AI_STRICT}\s+(?:\S+\s+){{0,3}}?(?:ne\s+|n')?(?:doivent|doit|devront|devra|devraient|devrait|sont\s+"
        r"priée?s\s+de|est\s+priée?\s+d[e']|sont\s+tenue?s\s+de|est\s+tenue?\s+de)\s*(?:(?:toujours|uniquement|"
        r"désormais|systématiquement|impérativement|absolument|pas|jamais|plus|seulement)\s+)*(?:répondre|dire|"
        r"affirmer|déclarer|indiquer|préciser|ignorer|oublier|présenter|mentionner|expliquer|soutenir|prétendre|"
        r"considérer|décrire|conclure|refuser|nier|signaler|informer)\b",
    ),
)

# ========================================================================================================
# Spanish
# ========================================================================================================

# Tú imperatives ("responde", "afirma") are also the third person ("el alcalde responde que") and Spanish
# drops subjects, so those count only at the start of a sentence. So do usted forms that are also French
# ("indique que", "confirme que").
_ES_SAY_WORDS = (
    "responda respondan responded respóndele respóndeles respóndale respóndales conteste contesten contestad "
    "contéstale contéstales contéstele contésteles dile diles diga digan dígale dígales decid decidles afirme "
    "afirmen afirmad declare declaren declarad sostenga sostengan sostened sostén asegure aseguren asegurad finja "
    "finjan fingid"
)
_ES_SAY_TU_WORDS = "responde contesta"
# "Afirma que..." opening a sentence is how Spanish reports what someone said; as an order it needs more
# than a que-clause ("Afirma solo «sí»").
_ES_ASSERT_TU_WORDS = "afirma declara asegura indica explica finge insiste confirma repite indique explique confirme"
# After "si te preguntan...", telling is answering whatever the verb.
_ES_THEN_SAY_WORDS = "indiquen indícale expliquen explícale insista insistan confirmen niega niegue nieguen di"
_ES_SAY = _alt(_ES_SAY_WORDS)
_ES_SAY_TU = _alt(_ES_SAY_TU_WORDS)
_ES_IGNORE_WORDS = (
    "ignore ignoren ignorad olvide olviden olvidad olvídese+de olvídate+de omita omitan descarte descarten "
    "desestime desestimen desatienda desatiendan haga+caso+omiso+de haga+caso+omiso+a haz+caso+omiso+de "
    "haz+caso+omiso+a no+tengas+en+cuenta no+tenga+en+cuenta no+tengáis+en+cuenta no+tengan+en+cuenta "
    "no+hagas+caso+a no+hagas+caso+de no+haga+caso+a no+haga+caso+de pase+por+alto pasa+por+alto no+sigas "
    "no+siga no+sigan no+obedezcas no+obedezca no+obedezcan no+apliques no+aplique"
)
_ES_IGNORE_TU_WORDS = "ignora olvida omite descarta desestima desatiende anula borra"
_ES_ADVERBS = (
    r"(?:(?:siempre|solo|sólo|solamente|únicamente|simplemente|claramente|tajantemente|entonces|ahora|también|"
    r"por favor),?\s+)*"
)
_ES_AUDIENCE = r"(?:al|a los|a las|a la)\s+(?:usuari[oa]s?|lector(?:a|es|as)?|persona que pregunte|quien pregunte)"
_ES_REPLY_BARE = _any(
    r"solo\b",
    r"sólo\b",
    r"solamente\b",
    r"únicamente\b",
    r"con\s+(?:un\s+|una\s+|la\s+palabra\s+|el\s+texto\s+|la\s+frase\s+)?(?:[\"«“']|sí\b|no\b)",
    r"[\"«“]",
    r"'(?=\w)",
    r"sí\b(?!\s+(?:a|al)\b)",
    r"como\s+si\b",
    r"en\s+(?:verso|rima|mayúsculas)\b",
    r"a\s+(?:cualquier|toda|cada)\s+pregunta\b[^.;]{0,80}?\b(?:con|que|diciendo)\b",
)
_ES_REPLY = _any(r"que\b", _ES_REPLY_BARE)
_ES_SAID = rf"{_ES_ADVERBS}(?:{_ES_AUDIENCE}\s*,?\s*)?{_ES_ADVERBS}{_ES_REPLY}"
_ES_SAID_BARE = rf"{_ES_ADVERBS}(?:{_ES_AUDIENCE}\s*,?\s*)?{_ES_ADVERBS}{_ES_REPLY_BARE}"
_ES_OVERRIDDEN = _any(
    r"(?:(?:de\s+|a\s+)?(?:todas\s+|todos\s+)?(?:las\s+|los\s+|tus\s+|sus\s+|vuestras\s+|estas\s+|esas\s+|"
    r"cualquier\s+)?(?:anteriores\s+|previas\s+|demás\s+|otras\s+)?)(?:instrucciones|indicaciones|consignas|"
    r"directrices|órdenes|reglas|normas|prompts?|mensajes?\s+(?:del\s+)?sistema|programación)\b",
    r"(?:de\s+)?(?:todo\s+)?lo\s+(?:anterior|que\s+precede|dicho|escrito\s+(?:arriba|antes)|que\s+(?:se\s+te|te|"
    r"le|se\s+le)\s+(?:ha|han)\s+(?:dicho|indicado))\b",
    r"(?:de\s+)?(?:el|los|la|las)\s+(?:textos?|mensajes?|párrafos?|contenidos?)\s+(?:anteriores?|previos?|de\s+"
    r"arriba|precedentes?)\b",
)
_ES_OVERRIDDEN_GATE = (
    "instrucciones indicaciones consignas directrices órdenes reglas normas prompt prompts mensaje mensajes "
    "programación anterior precede dicho escrito indicado texto textos párrafo párrafos contenido contenidos"
)
_ES_TASK_CONDITION = _any(
    r"\b(?:cuando|si|siempre\s+que|cada\s+vez\s+que)\s+(?:se\s+(?:mencione|menciona|hable|habla|trate|plantee)\b|"
    r"(?:salga|sale|surja|surge)\s+(?:el\s+)?tema\b|(?:resumas|cites|describas|respondas\s+a)\b)",
    r"\bal\s+(?:resumir|citar|describir|responder\s+a)\b",
)
_ES_WEAK_CONDITION = _any(
    r"\bsi\s+(?:te|le|os|les)\s+(?:preguntan|pregunta|interrogan|consultan|hacen\s+(?:una|alguna)\s+pregunta)",
    r"\bsi\s+se\s+(?:te|le|os)\s+pregunta",
    r"\bsi\s+(?:alguien|algún\s+usuario|un\s+usuario|el\s+usuario|una\s+persona|un\s+lector|los\s+usuarios)\s+"
    r"(?:te\s+|le\s+|os\s+)?(?:pregunta|preguntan|consulta|quiere\s+saber)",
    r"\b(?:cuando|en\s+caso\s+de\s+que|siempre\s+que|cada\s+vez\s+que)\s+(?:te|le|os|se\s+te|se\s+le)\s+"
    r"(?:pregunten|pregunte|interroguen|consulten)",
    r"\bsi\s+(?:eres|es|sois|fueras|fuera)\s+(?:preguntad|consultad|interrogad)[oa]s?",
    r"\b(?:sea\s+cual\s+sea|cualquiera\s+que\s+sea|independientemente\s+de|no\s+importa)\s+(?:la|qué|lo\s+que)\s+"
    r"(?:pregunta|preguntas|te\s+pregunten|le\s+pregunten|pregunten)",
    r"\b(?:ante|a)\s+(?:cualquier|toda|cada)\s+(?:pregunta|consulta)\s+(?:sobre|acerca|relativa|relacionada)",
)
_ES_STRONG_CONDITION = (
    rf"(?:{_ES_WEAK_CONDITION})\s*(?:algo|cualquier\s+cosa|lo\s+que\s+sea|al\s+respecto|(?:sobre|acerca\s+de|"
    r"por)\s+(?:esto|este|esta|estos|estas|eso|ese|esa|ello|el\s+presente|la\s+presente)\b)"
)
_ES_THEN_ANSWER = _any(
    rf"[,;:]{_OPEN}(?:entonces\s+)?{_ES_ADVERBS}(?:{_ES_SAY}|{_ES_SAY_TU}|{_alt(_ES_ASSERT_TU_WORDS)}|{_alt(_ES_THEN_SAY_WORDS)})\b"
    r"(?!\s+(?:a|al)\b)",
    r"\b(?:debes|deberás|deberías|tienes\s+que|tendrás\s+que|has\s+de|debe\s+usted|deben\s+ustedes|debéis)\s+"
    r"(?:(?:siempre|solo|sólo|únicamente)\s+)*(?:responder|contestar|decir|afirmar|declarar|sostener|asegurar|"
    r"negar|indicar)\b",
    r"\b(?:la|tu|su)\s+(?:única\s+)?respuesta\s+(?:es|debe\s+ser|será)\b",
)
# "Preguntado por el voto, responde que..." is the third person; after a bare participle only forms that
# cannot be third person make it an order.
_ES_PARTICIPLE_CONDITION = r"(?:^|[.!?;:]\s*)(?:preguntad|consultad|interrogad)[oa]s?\s+(?:sobre|por|acerca)"
_ES_IMPERATIVE_AT = rf"{_clause_start('y|luego|entonces|pero|o|después')}{_ES_ADVERBS}"

_ES: tuple[_Rule, ...] = (
    _rule(_ES_SAY_WORDS, rf"{_ES_IMPERATIVE_AT}{_ES_SAY}\s*,?\s*{_ES_SAID}"),
    _rule(_ES_SAY_TU_WORDS, rf"{_SENTENCE_START}{_ES_ADVERBS}{_ES_SAY_TU}\s*,?\s*{_ES_SAID}"),
    _rule(
        _ES_ASSERT_TU_WORDS,
        rf"{_SENTENCE_START}{_ES_ADVERBS}{_alt(_ES_ASSERT_TU_WORDS)}\s*,?\s*{_ES_SAID_BARE}",
    ),
    # "di" is also Italian for "of": kept apart so that Italian text does not run the whole list.
    _rule("di", rf"{_ES_IMPERATIVE_AT}di\s*,?\s*{_ES_ADVERBS}(?:{_ES_AUDIENCE}\s*,?\s*)?(?:que\b|[\"«“])"),
    _rule(
        (f"{_ES_IGNORE_WORDS} {_ES_IGNORE_TU_WORDS} ignorar olvidar omitir descartar", _ES_OVERRIDDEN_GATE),
        rf"{_ES_IMPERATIVE_AT}{_alt(_ES_IGNORE_WORDS)}\s+{_ES_OVERRIDDEN}",
        rf"{_SENTENCE_START}{_ES_ADVERBS}{_alt(_ES_IGNORE_TU_WORDS)}\s+{_ES_OVERRIDDEN}",
        rf"\b(?:debes|deberás|tienes\s+que|debéis|tenéis\s+que)\s+(?:ignorar|olvidar|omitir|descartar)\s+"
        rf"{_ES_OVERRIDDEN}",
    ),
    _rule(
        "haz haga hagan haced finge finja fingid finjan actúa actúe actuad compórtate compórtese menciones "
        "mencione mencionen reveles revele revelen digas diga digan respondas responda contestes conteste",
        rf"{_clause_start('y|luego|entonces|pero|o')}(?:haz|haga|hagan|haced)\s+como\s+si\b",
        r"\b(?:finge|finja|fingid|finjan)\s+(?:ser|que)\b|\b(?:actúa|actúe|actuad|compórtate|compórtese)\s+como\s+"
        r"(?:si|un|una)\b",
        rf"{_clause_start('y|luego|entonces|pero|o')}no\s+(?:menciones|mencione|mencionen|reveles|revele|"
        r"revelen|digas|diga|digan|respondas|responda|contestes|conteste)\s+(?:nunca\s+)?(?:que\b|al\s+usuario|"
        r"estas\s+instrucciones|(?:a\s+)?(?:ninguna\s+)?preguntas?\s+sobre)",
    ),
    _rule(
        (
            "debes deberás deberías tienes tendrás has debéis tenéis vas",
            "responder contestar decir afirmar declarar sostener asegurar fingir indicar responderle contestarle "
            "decirle decirles",
        ),
        rf"\b(?:tú\s+)?(?:debes|deberás|deberías|tienes\s+que|tendrás\s+que|has\s+de|debéis|tenéis\s+que|vas\s+a)\s+"
        rf"(?:siempre\s+|solo\s+|sólo\s+|únicamente\s+)*(?:responder|contestar|decir|afirmar|declarar|sostener|"
        rf"asegurar|fingir|indicar)(?:le|les)?\s*,?\s*{_ES_SAID}",
    ),
    _rule(
        "preguntan pregunta interrogan consultan pregunten pregunte interroguen consulten preguntado preguntada "
        "preguntados preguntadas consultado consultada consultados consultadas interrogado interrogada "
        "interrogados interrogadas preguntas consulta quiere",
        _ES_STRONG_CONDITION,
        rf"(?:{_ES_WEAK_CONDITION})[^.!?]{{0,160}}?(?:{_ES_THEN_ANSWER})",
        rf"{_ES_PARTICIPLE_CONDITION}[^.!?]{{0,120}}?[,;:]{_OPEN}{_ES_ADVERBS}(?:{_ES_SAY}|di)\b(?!\s+(?:a|al)\b)",
    ),
    _rule(
        (
            "mencione menciona hable habla trate plantee tema resumas cites describas respondas resumir citar "
            "describir responder",
            f"{_ES_SAY_WORDS} {_ES_SAY_TU_WORDS} {_ES_ASSERT_TU_WORDS} {_ES_THEN_SAY_WORDS} debes deberás deberías "
            "tienes tendrás has debe deben debéis respuesta",
        ),
        rf"(?:{_ES_TASK_CONDITION})[^.!?]{{0,160}}?(?:{_ES_THEN_ANSWER})",
    ),
    _rule(
        ("respondas contestes digas afirmes declares respondáis contestéis digáis", "que"),
        rf"\bque\s+(?:tú\s+)?(?:siempre\s+|solo\s+)?(?:respondas|contestes|digas|afirmes|declares|respondáis|"
        rf"contestéis|digáis)(?:le|les)?\s*,?\s*{_ES_SAID}",
    ),
    _rule(
        "respuesta",
        r"\b(?:tu|su)\s+(?:única\s+)?respuesta\s+(?:debe|deberá|será|tiene\s+que)\s+(?:siempre\s+)?(?:ser\s+)?"
        r"(?::|que\b|[\"«“]|sí\b|no\b|la\s+palabra\b)",
    ),
    _rule(
        "ahora adelante momento",
        r"\b(?:a\s+partir\s+de\s+ahora|de\s+ahora\s+en\s+adelante|desde\s+ahora|en\s+adelante|a\s+partir\s+de\s+"
        r"este\s+momento),?\s+(?:(?:tú\s+)?(?:eres|serás|respondes|responderás|contestas|contestarás|dirás|hablas|"
        r"hablarás|actúas|actuarás|finges|fingirás|ignoras|ignorarás)|responde|contesta|actúa|habla|finge|ignora|"
        r"olvida|usted\s+es|responda|conteste|actúe|hable|finja)\b",
    ),
    _rule(
        "instrucciones directrices consignas sistema",
        r"\b(?:tus|sus)\s+(?:(?:anteriores|previas|verdaderas|nuevas|propias|originales)\s+)*(?:instrucciones|"
        r"directrices|consignas)(?:\s+(?:anteriores|previas|originales|iniciales|del\s+sistema))?\b",
        r"\b(?:nuevas|verdaderas)\s+instrucciones\s*:",
        r"\bmensaje\s+(?:del\s+)?sistema\b",
    ),
    _rule(
        "IA IAs LLM LLMs GPT ChatGPT inteligencia inteligencias asistente asistentes chatbot chatbots modelo modelos "
        "bot bots",
        r"\b(?:nota|mensaje|aviso|instrucci(?:ón|ones)|recordatorio|advertencia|atención)\s+(?:para|a)\s+(?:los\s+|"
        r"las\s+|la\s+|el\s+|todos\s+los\s+|todas\s+las\s+|cualquier\s+)?(?:(?-i:IAs?)|inteligencias?\s+"
        r"artificial(?:es)?|asistentes?|chatbots?|modelos?(?:\s+de\s+lenguaje|\s+lingüísticos?)?|bots?|(?-i:LLMs?))",
        r"(?:(?-i:IAs?)|inteligencias?\s+artificial(?:es)?|asistentes?(?:\s+(?:de\s+(?-i:IAs?)|virtuales?))?|chatbots?|"
        r"modelos?\s+(?:de\s+lenguaje|lingüísticos?|de\s+(?-i:IAs?))|bots?|(?-i:LLMs?))\s+(?:que\s+(?:lea|lean|leas|"
        r"lees|leen|lee|procese|procesen|procesa|procesan|analice|analicen|analiza|analizan|resuma|resuman)|"
        r"leyendo|procesando|analizando)\s+(?:este|esta|estos|estas|el\s+presente|la\s+presente|esto)\b",
        r"\bsi\s+(?:eres|es\s+usted|usted\s+es)\s+(?:una?\s+)?(?:(?-i:IAs?)|inteligencia\s+artificial|asistente|"
        r"chatbot|modelo\s+de\s+lenguaje|bot|(?-i:LLM))\b",
        r"\b(?:eres|sois|usted\s+es)\s+(?:ahora\s+|en\s+realidad\s+|solo\s+)?(?:una?\s+)?(?:(?-i:IAs?)|inteligencia\s+"
        r"artificial|asistente\s+(?:de\s+(?-i:IAs?)|virtual)|chatbot|modelo\s+de\s+lenguaje|(?-i:LLM))\b",
        r"\bcomo\s+(?:una?\s+)?(?:(?-i:IAs?)|modelo\s+de\s+lenguaje|asistente\s+de\s+(?-i:IAs?))\s*,",
        r"(?:(?-i:IAs?)|inteligencias?\s+artificial(?:es)?|asistentes?\s+(?:de\s+(?-i:IAs?)|virtuales?)|chatbots?|"
        r"modelos?\s+(?:de\s+lenguaje|lingüísticos?)|(?-i:LLMs?))\s+(?:\S+\s+){0,3}?(?:no\s+)?(?:deben|debe|"
        r"deberán|deberá|deberían|debería|tienen\s+que|tiene\s+que|han\s+de|ha\s+de)\s+(?:(?:siempre|solo|sólo|"
        r"únicamente|nunca)\s+)*(?:responder|decir|afirmar|declarar|indicar|ignorar|olvidar|asegurar|sostener|"
        r"presentar|mencionar|explicar|informar|contestar|negar)\b",
    ),
)

# ========================================================================================================
# Italian
# ========================================================================================================

# "rispondi" (imperative) and "risponde" (third person) differ, so most tu forms are safe anywhere; the ones
# that coincide with the third person ("afferma", "dichiara") count only at the start of a sentence.
_IT_SAY_WORDS = (
    "rispondi rispondigli rispondile rispondete risponda rispondano dì digli dille dite ditegli dica dicano "
    "affermate affermi dichiarate dichiari sostieni sostenete sostenga fingi fingete finga"
)
# "Afferma che..." opening a sentence is how Italian reports what someone said; as an order it needs more
# than a che-clause ("Afferma solo «sì»").
_IT_SAY_TU_WORDS = "afferma dichiara assicura indica spiega racconta"
_IT_THEN_SAY_WORDS = (
    "assicurate assicuri indicate spiegate spieghi ripeti ripetete conferma confermate confermi nega negate neghi "
    "smentisci"
)
# French text runs these rules too, where "la règle, dite « Loi salique »" is a participle: after a comma,
# "dite" with a quote is not an order.
_IT_SAY = _alt(_IT_SAY_WORDS).replace("|dite|", "|dite(?!\\s*[«\"“‘'])|")
_IT_IGNORE_WORDS = (
    "ignora ignori ignorate dimentica dimentichi dimenticate non+tenere+conto non+tener+conto non+tenga+conto "
    "non+tenete+conto non+considerare non+consideri non+considerate trascura trascuri trascurate tralascia "
    "tralasciate scarta scartate non+seguire non+segua non+seguite non+obbedire non+applicare lascia+perdere "
    "lasciate+perdere annulla cancella metti+da+parte mettete+da+parte"
)
_IT_ADVERBS = (
    r"(?:(?:sempre|solo|soltanto|solamente|unicamente|semplicemente|chiaramente|allora|ora|adesso|anche|per "
    r"favore),?\s+)*"
)
_IT_AUDIENCE = r"(?:all'|agli\s+|alle\s+|a\s+chi\s+)(?:utent[ei]|lettor[ei]|lettrici|chiede|domanda|interlocutor[ei])"
_IT_REPLY_BARE = _any(
    r"solo\b",
    r"soltanto\b",
    r"solamente\b",
    r"unicamente\b",
    r"con\s+(?:un\s+|una\s+|la\s+parola\s+|il\s+testo\s+|la\s+frase\s+)?(?:[\"«“']|sì\b|no\b)",
    r"[\"«“]",
    r"'(?=\w)",
    r"sì\b(?!\s+(?:a|al|alla|all')\b)",
    r"come\s+se\b",
    r"in\s+(?:rima|versi|maiuscolo)\b",
    r"a\s+(?:qualsiasi|qualunque|ogni)\s+domanda\b[^.;]{0,80}?\b(?:con|che|dicendo)\b",
)
_IT_REPLY = _any(r"che\b", r"ch'", _IT_REPLY_BARE)
_IT_SAID = rf"{_IT_ADVERBS}(?:(?:loro\s+|{_IT_AUDIENCE}\s*,?\s*))?{_IT_ADVERBS}{_IT_REPLY}"
_IT_SAID_BARE = rf"{_IT_ADVERBS}(?:(?:loro\s+|{_IT_AUDIENCE}\s*,?\s*))?{_IT_ADVERBS}{_IT_REPLY_BARE}"
_IT_OVERRIDDEN = _any(
    r"(?:(?:di\s+|delle\s+|degli\s+|dei\s+|del\s+|della\s+)?(?:tutte\s+|tutti\s+)?(?:le\s+|gli\s+|i\s+|il\s+|la\s+|"
    r"tue\s+|sue\s+|vostre\s+|queste\s+|quelle\s+|qualsiasi\s+)?(?:precedenti\s+|altre\s+|vecchie\s+)?)"
    r"(?:istruzioni|indicazioni|direttive|consegne|regole|prompts?|comandi|messaggi?\s+(?:di|del)\s+sistema|"
    r"programmazione)\b",
    r"(?:di\s+)?(?:tutto\s+)?(?:ciò|quello|quanto)\s+(?:che\s+)?(?:precede|detto|scritto|(?:ti|vi|le)\s+è\s+stato"
    r"\s+detto|è\s+stato\s+(?:detto|scritto)|sopra|c'è\s+sopra)\b",
    r"(?:di\s+)?quanto\s+sopra\b",
    r"(?:del\s+|dei\s+|il\s+|i\s+)?(?:testo|testi|messaggio|messaggi|paragrafo|paragrafi|contenuto)\s+"
    r"(?:precedenti?|sopra|qui\s+sopra)\b",
)
_IT_OVERRIDDEN_GATE = (
    "istruzioni indicazioni direttive consegne regole prompt prompts comandi messaggio messaggi programmazione "
    "precede detto scritto sopra testo testi paragrafo paragrafi contenuto"
)
_IT_TASK_CONDITION = _any(
    r"\b(?:quando|se|ogni\s+volta\s+che)\s+(?:si\s+(?:parla|parli|menziona|nomina|cita)\b|(?:viene|venga)\s+"
    r"(?:menzionat|nominat|sollevat|citat)[oaie]\b|(?:emerge|esce)\s+(?:il\s+)?(?:tema|argomento)\b|(?:riassumi|citi|"
    r"descrivi)\b)",
    r"\bnel\s+(?:riassumere|citare|descrivere|rispondere)\b",
)
_IT_WEAK_CONDITION = _any(
    r"\b(?:se|quando|qualora|nel\s+caso\s+in\s+cui|ogni\s+volta\s+che)\s+(?:ti|vi|le|gli)\s+(?:chiedono|chiedesse|"
    r"chiedessero|chiede|domandano|domanda|domandasse|interrogano|viene\s+chiesto|venisse\s+chiesto|venga\s+"
    r"chiesto|fanno\s+(?:una|delle)\s+domand[ae]|pongono\s+(?:una|delle)\s+domand[ae])\b(?!\s+di\b)",
    r"\b(?:se|quando|qualora)\s+(?:qualcuno|un\s+utente|l'utente|una\s+persona|un\s+lettore|gli\s+utenti)\s+"
    r"(?:ti\s+|vi\s+|le\s+)?(?:chiede|chiedesse|domanda|domandasse|vuole\s+sapere|interroga)\b(?!\s+di\b)",
    r"\b(?:se|quando|qualora)\s+(?:sei|vieni|venite|siete|verrai|verrete|fossi|foste)\s+(?:interrogat|"
    r"interpellat|sollecitat)[oaie]\b",
    r"\b(?:qualunque|qualsiasi)\s+(?:sia\s+)?la\s+domanda\b|\bindipendentemente\s+dalla\s+domanda\b",
    r"\b(?:a|per)\s+(?:qualsiasi|qualunque|ogni)\s+domanda\s+(?:su|sul|sulla|riguardo|relativa|circa|in\s+merito)",
)
_IT_STRONG_CONDITION = (
    rf"(?:{_IT_WEAK_CONDITION})\s*(?:qualcosa|qualsiasi\s+cosa|in\s+merito|a\s+riguardo|al\s+riguardo|"
    r"(?:su|di)\s+(?:questo|questa|questi|queste|ciò|ci[òo])\b)"
)
_IT_THEN_ANSWER = _any(
    rf"[,;:]{_OPEN}(?:allora\s+)?{_IT_ADVERBS}(?:{_IT_SAY}|{_alt(_IT_SAY_TU_WORDS)}|{_alt(_IT_THEN_SAY_WORDS)}|"
    r"di')(?!\w)(?!\s+(?:a|al|alla|ai|alle|all')\b)",
    r"\b(?:devi|dovete|dovrai|dovrete|dovresti|dovreste)\s+(?:(?:sempre|solo|soltanto)\s+)*(?:rispondere|dire|"
    r"affermare|dichiarare|sostenere|negare|indicare)\b",
    r"\b(?:la|tua|vostra)\s+(?:unica\s+)?risposta\s+(?:è|deve\s+essere|sarà)\b",
)
_IT_PARTICIPLE_CONDITION = r"(?:^|[.!?;:]\s*)(?:interrogat|interpellat|sollecitat)[oaie]\s+(?:su|sul|sulla|circa)"
_IT_IMPERATIVE_AT = rf"{_clause_start('e|poi|allora|quindi|ma|o|oppure')}{_IT_ADVERBS}"

_IT: tuple[_Rule, ...] = (
    _rule(_IT_SAY_WORDS, rf"{_IT_IMPERATIVE_AT}{_IT_SAY}\s*,?\s*{_IT_SAID}"),
    _rule(_IT_SAY_TU_WORDS, rf"{_SENTENCE_START}{_IT_ADVERBS}{_alt(_IT_SAY_TU_WORDS)}\s*,?\s*{_IT_SAID_BARE}"),
    _rule("dite", rf"{_SENTENCE_START}{_IT_ADVERBS}dite\s*,?\s*{_IT_SAID}"),
    # "di'" shares its token with "di" ("of"), the commonest Italian word: kept apart for speed.
    _rule("di", rf"{_IT_IMPERATIVE_AT}di'\s*,?\s*{_IT_SAID}"),
    _rule(
        (f"{_IT_IGNORE_WORDS} ignorare dimenticare trascurare scartare", _IT_OVERRIDDEN_GATE),
        rf"{_IT_IMPERATIVE_AT}{_alt(_IT_IGNORE_WORDS)}\s+{_IT_OVERRIDDEN}",
        rf"\b(?:devi|dovete|dovrai|dovrete)\s+(?:ignorare|dimenticare|trascurare|scartare)\s+{_IT_OVERRIDDEN}",
    ),
    _rule(
        "fai fate faccia comportati comportatevi comporti agisci interpreta interpretate menzionare menzionate "
        "rivelare rivelate dire dite rispondere rispondete",
        r"\b(?:fai|fate|faccia)\s+finta\s+(?:di|che)\b|\b(?:comportati|comportatevi|si\s+comporti|agisci)\s+come\s+"
        r"(?:se|un|una|un')\b|\b(?:interpreta|interpretate)\s+il\s+ruolo\b",
        rf"{_clause_start('e|poi|allora|quindi|ma|o')}non\s+(?:menzionare|menzionate|rivelare|rivelate|dire|dite|"
        r"rispondere|rispondete)\s+(?:mai\s+)?(?:che\b|all'utente|queste\s+istruzioni|a\s+(?:nessuna\s+)?domand[ae]"
        r"\s+(?:su|sul|sulla|riguardo))",
    ),
    _rule(
        (
            "devi dovete dovrai dovrete dovresti dovreste",
            "rispondere dire affermare dichiarare sostenere fingere indicare rispondergli dirgli dirle",
        ),
        rf"\b(?:devi|dovete|dovrai|dovrete|dovresti|dovreste)\s+(?:sempre\s+|solo\s+|soltanto\s+)*(?:rispondere|"
        rf"dire|affermare|dichiarare|sostenere|fingere|indicare)(?:gli|le)?\s*,?\s*{_IT_SAID}",
    ),
    _rule(
        "chiedono chiedesse chiedessero chiede domandano domanda domandasse interrogano chiesto fanno pongono "
        "interroga interrogato interrogata interrogati interrogate interpellato interpellata interpellati "
        "sollecitato sollecitata sollecitati qualunque qualsiasi indipendentemente vuole",
        _IT_STRONG_CONDITION,
        rf"(?:{_IT_WEAK_CONDITION})[^.!?]{{0,160}}?(?:{_IT_THEN_ANSWER})",
        rf"{_IT_PARTICIPLE_CONDITION}[^.!?]{{0,120}}?[,;:]{_OPEN}{_IT_ADVERBS}(?:{_IT_SAY}|di')(?!\w)"
        r"(?!\s+(?:a|al|alla|ai|alle|all')\b)",
    ),
    _rule(
        (
            "parla parli menziona nomina cita menzionato menzionata nominato nominata sollevato sollevata citato "
            "citata tema argomento riassumi citi descrivi riassumere citare descrivere rispondere",
            f"{_IT_SAY_WORDS} {_IT_SAY_TU_WORDS} {_IT_THEN_SAY_WORDS} di devi dovete dovrai dovrete dovresti dovreste "
            "risposta",
        ),
        rf"(?:{_IT_TASK_CONDITION})[^.!?]{{0,160}}?(?:{_IT_THEN_ANSWER})",
    ),
    _rule(
        ("risponda dica affermi dichiari chiedo chiediamo ordino prego", "tu che ti vi di"),
        rf"\bche\s+tu\s+(?:sempre\s+|solo\s+)?(?:risponda|dica|affermi|dichiari)\s*,?\s*{_IT_SAID}",
        rf"\b(?:ti|vi)\s+(?:chiedo|chiediamo|ordino|ordiniamo|prego|preghiamo)\s+di\s+(?:sempre\s+|solo\s+)?"
        rf"(?:(?:rispondere|dire|affermare|dichiarare)\s*,?\s*{_IT_SAID}|(?:ignorare|dimenticare)\s+{_IT_OVERRIDDEN})",
    ),
    _rule(
        "risposta",
        r"\b(?:la\s+tua|la\s+vostra|la\s+sua)\s+(?:unica\s+)?risposta\s+(?:deve|dovrà|sarà)\s+(?:sempre\s+)?"
        r"(?:essere\s+)?(?::|che\b|[\"«“]|sì\b|no\b|la\s+parola\b)",
    ),
    _rule(
        ("ora adesso momento", "poi avanti partire momento"),
        r"\b(?:da\s+ora\s+in\s+poi|d'ora\s+in\s+poi|d'ora\s+in\s+avanti|da\s+adesso\s+in\s+poi|a\s+partire\s+da\s+"
        r"(?:ora|adesso)|da\s+questo\s+momento(?:\s+in\s+poi)?),?\s+(?:(?:tu\s+)?(?:sei|rispondi|risponderai|parli|"
        r"parlerai|ti\s+comporterai|agirai|fingerai|ignorerai|dirai)|rispondi|parla|comportati|agisci|fingi|ignora|"
        r"dimentica|di')(?!\w)",
    ),
    _rule(
        "istruzioni direttive consegne sistema",
        r"\b(?:le\s+tue|le\s+sue|le\s+vostre)\s+(?:(?:precedenti|vere|nuove|vecchie|originali)\s+)*(?:istruzioni|"
        r"direttive|consegne)(?:\s+(?:precedenti|originali|iniziali|di\s+sistema))?\b",
        r"\bnuove\s+istruzioni\s*:",
        r"\bmessaggio\s+(?:di|del)\s+sistema\b",
    ),
    _rule(
        "IA IAs AI LLM GPT ChatGPT intelligenza intelligenze assistente assistenti chatbot modello modelli bot",
        r"\b(?:nota|messaggio|avviso|istruzion[ei]|promemoria|avvertenza|attenzione)\s+(?:per|a|agli|alle|ai|all')\s*"
        r"(?:le\s+|gli\s+|i\s+|l'|tutti\s+gli\s+|tutte\s+le\s+|qualsiasi\s+)?(?:(?-i:IAs?|AI)|intelligenz[ae]\s+"
        r"artificial[ie]|assistenti?|chatbot|modelli?(?:\s+linguistic[oi]|\s+di\s+linguaggio)?|bot|(?-i:LLM))",
        r"(?:(?-i:IAs?|AI)|intelligenz[ae]\s+artificial[ie]|assistenti?(?:\s+(?:virtuali?|(?-i:IAs?|AI)))?|chatbot|"
        r"modelli?\s+(?:linguistic[oi]|di\s+linguaggio)|bot|(?-i:LLM))\s+(?:che\s+(?:legge|leggono|leggete|leggi|"
        r"legga|leggano|elabora|elaborano|analizza|analizzano|riassume|riassumono)|leggendo)\s+(?:questo|questa|"
        r"questi|queste|il\s+presente|la\s+presente|ciò)\b",
        r"\bse\s+(?:sei|è)\s+(?:un'|una?\s+)?(?:(?-i:IAs?|AI)|intelligenza\s+artificiale|assistente|chatbot|modello\s+"
        r"linguistico|bot)\b",
        r"\b(?:tu\s+)?sei\s+(?:ora\s+|adesso\s+|in\s+realtà\s+)?(?:un'|una?\s+)?(?:(?-i:IAs?|AI)|intelligenza\s+"
        r"artificiale|assistente\s+(?:virtuale|(?-i:IAs?|AI))|chatbot|modello\s+linguistico)\b",
        r"\bin\s+quanto\s+(?:(?-i:IAs?|AI)|intelligenza\s+artificiale|modello\s+linguistico|assistente)\s*,",
        r"(?:(?-i:IAs?|AI)|intelligenz[ae]\s+artificial[ie]|assistenti?\s+(?:virtuali?|(?-i:IAs?|AI))|chatbot|modelli?\s+"
        r"(?:linguistic[oi]|di\s+linguaggio)|(?-i:LLM))\s+(?:\S+\s+){0,3}?(?:non\s+)?(?:devono|deve|dovranno|dovrà|"
        r"dovrebbero|dovrebbe)\s+(?:(?:sempre|solo|soltanto|mai)\s+)*(?:rispondere|dire|affermare|dichiarare|indicare|"
        r"ignorare|dimenticare|sostenere|presentare|menzionare|spiegare|informare|negare)\b",
    ),
)

# ========================================================================================================
# Portuguese
# ========================================================================================================

# As in Spanish, tu imperatives ("responde", "afirma") are also the third person and subjects are dropped,
# and some você forms are also French ("indique", "confirme"): those count only at the start of a sentence.
_PT_SAY_WORDS = (
    "responda respondam respondei diga digam dizei afirme afirmem declare declarem sustente sustentem assegure "
    "assegurem garanta garantam finja finjam"
)
_PT_SAY_TU_WORDS = "responde"
# "Afirma que..." opening a sentence is how Portuguese reports what someone said; as an order it needs more
# than a que-clause ("Afirma apenas «sim»").
_PT_ASSERT_TU_WORDS = (
    "afirma declara sustenta assegura garante indica explica finge insiste repete indique explique confirme"
)
_PT_THEN_SAY_WORDS = "indiquem expliquem insista insistam confirmem repita repitam negue neguem nega"
_PT_SAY = _alt(_PT_SAY_WORDS)
_PT_SAY_TU = _alt(_PT_SAY_TU_WORDS)
_PT_CLITIC = r"(?:-(?:lhe|lhes|me|nos))?"
_PT_IGNORE_WORDS = (
    "ignore ignorem esqueça esqueçam desconsidere desconsiderem despreze desprezem descarte descartem "
    "não+leve+em+conta não+levem+em+conta não+leves+em+conta não+leve+em+consideração não+considere "
    "não+considerem não+consideres não+siga não+sigam não+sigas não+obedeça não+obedeçam não+obedeças "
    "não+aplique não+apliquem deixe+de+lado ponha+de+lado anule apague"
)
_PT_IGNORE_TU_WORDS = "ignora esquece desconsidera despreza descarta anula apaga"
_PT_ADVERBS = r"(?:(?:sempre|só|apenas|somente|unicamente|simplesmente|claramente|então|agora|também|por favor),?\s+)*"
_PT_AUDIENCE = r"(?:ao|aos|à|às)\s+(?:usuári[oa]s?|utilizador(?:a|es|as)?|leitor(?:a|es|as)?|quem perguntar)"
_PT_REPLY_BARE = _any(
    r"só\b",
    r"apenas\b",
    r"somente\b",
    r"unicamente\b",
    r"com\s+(?:um\s+|uma\s+|a\s+palavra\s+|o\s+texto\s+|a\s+frase\s+)?(?:[\"«“']|sim\b|não\b)",
    r"[\"«“]",
    r"'(?=\w)",
    r"sim\b(?!\s+(?:a|à|ao|aos)\b)",
    r"como\s+se\b",
    r"em\s+(?:rima|versos|maiúsculas)\b",
    r"a\s+(?:qualquer|toda|cada)\s+pergunta\b[^.;]{0,80}?\b(?:com|que|dizendo)\b",
)
_PT_REPLY = _any(r"que\b", _PT_REPLY_BARE)
_PT_SAID = rf"{_PT_ADVERBS}(?:{_PT_AUDIENCE}\s*,?\s*)?{_PT_ADVERBS}{_PT_REPLY}"
_PT_SAID_BARE = rf"{_PT_ADVERBS}(?:{_PT_AUDIENCE}\s*,?\s*)?{_PT_ADVERBS}{_PT_REPLY_BARE}"
_PT_OVERRIDDEN = _any(
    r"(?:(?:de\s+|das\s+|dos\s+)?(?:todas\s+|todos\s+)?(?:as\s+|os\s+|suas\s+|tuas\s+|estas\s+|essas\s+|quaisquer\s+"
    r")?(?:anteriores\s+|outras\s+|antigas\s+)?)(?:instruções|orientações|diretrizes|diretivas|indicações|comandos|"
    r"regras|prompts?|mensagens?\s+do\s+sistema|programação)\b",
    r"(?:de\s+)?tudo\s+(?:o\s+)?(?:que\s+(?:foi|está|lhe\s+foi|te\s+foi)\s+(?:dito|escrito|indicado)|acima|o\s+que\s+"
    r"(?:precede|está\s+acima)|anterior|que\s+precede)\b",
    r"(?:d?o|d?a)?\s*que\s+foi\s+dito\s+(?:acima|antes|anteriormente)\b",
    r"(?:d?o|d?os|d?a|d?as)\s+(?:textos?|mensagens?|parágrafos?|conteúdos?)\s+(?:anteriores?|acima|precedentes?)\b",
)
_PT_OVERRIDDEN_GATE = (
    "instruções orientações diretrizes diretivas indicações comandos regras prompt prompts mensagem mensagens "
    "programação tudo dito texto textos parágrafo parágrafos conteúdo conteúdos"
)
_PT_TASK_CONDITION = _any(
    r"\b(?:quando|se|sempre\s+que|cada\s+vez\s+que)\s+(?:se\s+(?:falar|fala|mencionar|menciona|tratar)\b|(?:for|seja)\s+"
    r"(?:mencionad|abordad|citad)[oa]\b|surgir\s+o\s+(?:tema|assunto)\b|(?:resumires|citares|descreveres)\b)",
    r"\bao\s+(?:resumir|citar|descrever|responder\s+a)\b",
)
_PT_WEAK_CONDITION = _any(
    r"\b(?:se|quando|caso)\s+(?:te|lhe|vos|lhes)\s+(?:perguntarem|perguntar|perguntem|pergunte|questionarem|"
    r"fizerem\s+(?:uma|alguma)\s+pergunta)",
    r"\b(?:se|quando|caso)\s+(?:você|tu|o\s+senhor|a\s+senhora)?\s*(?:for|fores|seja|sejas|estiver)\s+"
    r"(?:perguntad|questionad|interrogad|consultad)[oa]s?",
    r"\b(?:se|quando|caso)\s+(?:alguém|algum\s+usuário|um\s+usuário|o\s+usuário|um\s+utilizador|o\s+utilizador|"
    r"uma\s+pessoa|um\s+leitor|os\s+usuários)\s+(?:te\s+|lhe\s+|vos\s+)?(?:perguntar|pergunte|quiser\s+saber|"
    r"questionar)",
    r"\b(?:seja\s+qual\s+for|qualquer\s+que\s+seja|independentemente\s+d[ae]|não\s+importa)\s+(?:a|o\s+que)\s+"
    r"(?:pergunta|perguntas|perguntarem|te\s+perguntarem|lhe\s+perguntarem)",
    r"\b(?:a|para|perante|diante\s+de)\s+(?:qualquer|toda|cada)\s+pergunta\s+(?:sobre|acerca|relativa|"
    r"relacionada)",
)
_PT_STRONG_CONDITION = (
    rf"(?:{_PT_WEAK_CONDITION})\s*(?:algo|alguma\s+coisa|qualquer\s+coisa|a\s+respeito|(?:sobre|acerca\s+d[eoa])"
    r"\s*(?:isto|isso|este|esta|estes|estas|esse|essa|o\s+presente|a\s+presente)\b)"
)
_PT_THEN_ANSWER = _any(
    rf"[,;:]{_OPEN}(?:então\s+)?{_PT_ADVERBS}(?:{_PT_SAY}|{_PT_SAY_TU}|{_alt(_PT_ASSERT_TU_WORDS)}|{_alt(_PT_THEN_SAY_WORDS)}){_PT_CLITIC}\b"
    r"(?!\s+(?:a|à|ao|aos|às)\b)",
    r"\b(?:você|tu|vocês)\s+(?:deve|devem|deves|tem\s+que|têm\s+que|tens\s+que|tem\s+de|têm\s+de|tens\s+de|"
    r"precisa|precisam|precisas|deverá|deverão|deverás)\s+(?:(?:sempre|apenas|só|somente)\s+)*(?:responder|"
    r"dizer|afirmar|declarar|sustentar|garantir|negar|indicar)\b",
    r"\b(?:a|sua|tua)\s+(?:única\s+)?resposta\s+(?:é|deve\s+ser|será)\b",
)
_PT_PARTICIPLE_CONDITION = r"(?:^|[.!?;:]\s*)(?:perguntad|questionad|interrogad)[oa]s?\s+(?:sobre|acerca)"
_PT_IMPERATIVE_AT = rf"{_clause_start('e|depois|então|mas|ou')}{_PT_ADVERBS}"

_PT: tuple[_Rule, ...] = (
    _rule(_PT_SAY_WORDS, rf"{_PT_IMPERATIVE_AT}{_PT_SAY}{_PT_CLITIC}\s*,?\s*{_PT_SAID}"),
    _rule(_PT_SAY_TU_WORDS, rf"{_SENTENCE_START}{_PT_ADVERBS}{_PT_SAY_TU}{_PT_CLITIC}\s*,?\s*{_PT_SAID}"),
    _rule(
        _PT_ASSERT_TU_WORDS,
        rf"{_SENTENCE_START}{_PT_ADVERBS}{_alt(_PT_ASSERT_TU_WORDS)}{_PT_CLITIC}\s*,?\s*{_PT_SAID_BARE}",
    ),
    _rule(
        (f"{_PT_IGNORE_WORDS} {_PT_IGNORE_TU_WORDS} ignorar esquecer desconsiderar descartar", _PT_OVERRIDDEN_GATE),
        rf"{_PT_IMPERATIVE_AT}{_alt(_PT_IGNORE_WORDS)}\s+{_PT_OVERRIDDEN}",
        rf"{_SENTENCE_START}{_PT_ADVERBS}{_alt(_PT_IGNORE_TU_WORDS)}\s+{_PT_OVERRIDDEN}",
        rf"\b(?:você|vocês|tu)\s+(?:deve|devem|deves|tem\s+que|têm\s+que|tens\s+que|precisa|precisam)\s+(?:ignorar|"
        rf"esquecer|desconsiderar|descartar)\s+{_PT_OVERRIDDEN}",
    ),
    _rule(
        "finja finjam finge aja ajam age comporte comporta faça faz mencione mencionem menciones revele revelem "
        "reveles diga digam digas responda respondam respondas",
        r"\b(?:finja|finjam|finge)\s+(?:ser|que)\b|\b(?:aja|ajam|age|comporte-se|comporta-te)\s+como\s+(?:se|um|uma)\b"
        r"|\b(?:faça|faz)\s+de\s+conta\s+que\b",
        rf"{_clause_start('e|depois|então|mas|ou')}(?:não|nunca)\s+(?:mencione|mencionem|menciones|revele|revelem|"
        r"reveles|diga|digam|digas|responda|respondam|respondas)\s+(?:nunca\s+)?(?:que\b|ao\s+usuário|ao\s+"
        r"utilizador|estas\s+instruções|(?:a\s+)?(?:nenhuma\s+)?perguntas?\s+sobre)",
    ),
    _rule(
        ("você vocês tu", "responder dizer afirmar declarar sustentar alegar garantir fingir indicar"),
        rf"\b(?:você|vocês|tu)\s+(?:deve|devem|deves|tem\s+que|têm\s+que|tens\s+que|tem\s+de|têm\s+de|tens\s+de|"
        rf"precisa|precisam|precisas|deverá|deverão|deverás|vai|vão|vais)\s+(?:sempre\s+|apenas\s+|só\s+|somente\s+)*"
        rf"(?:responder|dizer|afirmar|declarar|sustentar|alegar|garantir|fingir|indicar)(?:-lhe|-lhes)?\s*,?\s*"
        rf"{_PT_SAID}",
    ),
    _rule(
        "perguntarem perguntar perguntem pergunte questionarem fizerem perguntado perguntada perguntados "
        "perguntadas questionado questionada questionados questionadas interrogado interrogada interrogados "
        "interrogadas consultado consultada consultados consultadas quiser questionar pergunta perguntas",
        _PT_STRONG_CONDITION,
        rf"(?:{_PT_WEAK_CONDITION})[^.!?]{{0,160}}?(?:{_PT_THEN_ANSWER})",
        rf"{_PT_PARTICIPLE_CONDITION}[^.!?]{{0,120}}?[,;:]{_OPEN}{_PT_ADVERBS}{_PT_SAY}{_PT_CLITIC}\b"
        r"(?!\s+(?:a|à|ao|aos|às)\b)",
    ),
    _rule(
        (
            "falar fala mencionar menciona tratar mencionado mencionada abordado abordada citado citada surgir "
            "resumires citares descreveres resumir citar descrever responder",
            f"{_PT_SAY_WORDS} {_PT_SAY_TU_WORDS} {_PT_ASSERT_TU_WORDS} {_PT_THEN_SAY_WORDS} você tu vocês resposta",
        ),
        rf"(?:{_PT_TASK_CONDITION})[^.!?]{{0,160}}?(?:{_PT_THEN_ANSWER})",
    ),
    _rule(
        ("responda respondas diga digas afirme afirmes respondam digam declares", "que"),
        rf"\bque\s+(?:(?:você|vocês|tu)\s+)?(?:sempre\s+|apenas\s+|só\s+)?(?:respondas|digas|afirmes|declares|"
        rf"(?<=você )(?:responda|diga|afirme)|(?<=vocês )(?:respondam|digam))\s*,?\s*{_PT_SAID}",
    ),
    _rule(
        "resposta",
        r"\b(?:sua|tua)\s+(?:única\s+)?resposta\s+(?:deve|deverá|será|tem\s+que)\s+(?:sempre\s+)?(?:ser\s+)?"
        r"(?::|que\b|[\"«“]|sim\b|não\b|a\s+palavra\b)",
    ),
    _rule(
        "agora diante frente doravante",
        r"\b(?:a\s+partir\s+de\s+agora|de\s+agora\s+em\s+diante|daqui\s+em\s+diante|daqui\s+para\s+a\s+frente|"
        r"doravante),?\s+(?:(?:você|tu)\s+(?:é|és|responde|responderá|responderás|fala|falará|age|agirá|finge|ignora|"
        r"esquece)|responda|aja|fale|finja|ignore|esqueça|és)(?!\w)",
    ),
    _rule(
        "instruções diretrizes orientações sistema",
        r"\b(?:suas|tuas)\s+(?:(?:anteriores|verdadeiras|novas|próprias|originais)\s+)*(?:instruções|diretrizes|"
        r"orientações)(?:\s+(?:anteriores|originais|iniciais|do\s+sistema))?(?!\w)",
        r"\bnovas\s+instruções\s*:",
        r"\bmensagem\s+do\s+sistema\b",
    ),
    _rule(
        "IA IAs LLM LLMs GPT ChatGPT inteligência inteligências assistente assistentes chatbot chatbots modelo modelos "
        "bot bots",
        r"\b(?:nota|mensagem|aviso|instruç(?:ão|ões)|lembrete|advertência|atenção)\s+(?:para|aos?|às?)\s+(?:os\s+|"
        r"as\s+|o\s+|a\s+|todos\s+os\s+|todas\s+as\s+|qualquer\s+)?(?:(?-i:IAs?)|inteligências?\s+artificia(?:l|is)"
        r"|assistentes?|chatbots?|modelos?(?:\s+de\s+linguagem|\s+linguísticos?)?|bots?|(?-i:LLMs?))",
        r"(?:(?-i:IAs?)|inteligências?\s+artificia(?:l|is)|assistentes?(?:\s+(?:de\s+(?-i:IAs?)|virtua(?:l|is)))?|"
        r"chatbots?|modelos?\s+(?:de\s+linguagem|linguísticos?|de\s+(?-i:IAs?))|bots?|(?-i:LLMs?))\s+(?:que\s+(?:leia|"
        r"leiam|lê|leem|lerem|ler|processe|processem|processa|processam|processarem|analise|analisem|analisa|analisam|"
        r"analisarem|resuma|resumam|resumirem)|"
        r"lendo)\s+(?:este|esta|estes|estas|o\s+presente|a\s+presente|isto)\b",
        r"\bse\s+(?:você\s+é|tu\s+és|és)\s+(?:uma?\s+)?(?:(?-i:IAs?)|inteligência\s+artificial|assistente|chatbot|"
        r"modelo\s+de\s+linguagem|bot)\b",
        r"\b(?:você\s+é|tu\s+és)\s+(?:agora\s+|na\s+verdade\s+|apenas\s+)?(?:uma?\s+)?(?:(?-i:IAs?)|inteligência\s+"
        r"artificial|assistente\s+(?:de\s+(?-i:IAs?)|virtual)|chatbot|modelo\s+de\s+linguagem|(?-i:LLM))\b",
        r"\bcomo\s+(?:uma?\s+)?(?:(?-i:IAs?)|modelo\s+de\s+linguagem|assistente\s+de\s+(?-i:IAs?))\s*,",
        r"(?:(?-i:IAs?)|inteligências?\s+artificia(?:l|is)|assistentes?\s+(?:de\s+(?-i:IAs?)|virtua(?:l|is))|chatbots?|"
        r"modelos?\s+(?:de\s+linguagem|linguísticos?)|(?-i:LLMs?))\s+(?:\S+\s+){0,3}?(?:não\s+)?(?:devem|deve|"
        r"deverão|deverá|deveriam|deveria|têm\s+que|tem\s+que|têm\s+de|tem\s+de|precisam)\s+(?:(?:sempre|apenas|só|"
        r"somente|nunca)\s+)*(?:responder|dizer|afirmar|declarar|indicar|ignorar|esquecer|garantir|sustentar|"
        r"apresentar|mencionar|explicar|informar|negar)\b",
    ),
)

# ========================================================================================================
# German
# ========================================================================================================

# German puts the imperative first and the infinitive last ("Du musst immer mit 'Ja' antworten"), so the
# second-person rules look for the verb anywhere in the clause. The ihr forms ("sagt", "antwortet",
# "behauptet") are left out: they are also the third person ("Der Minister, sichtlich verärgert, antwortet, dass").
_DE_SAY_DU_WORDS = "antworte sag sage behaupte erkläre versichere bestätige wiederhole erwidere entgegne"
_DE_SAY_SIE_WORDS = "antworten sagen behaupten erklären versichern bestätigen wiederholen erwidern entgegnen"
_DE_SAY = _any(
    _alt(_DE_SAY_DU_WORDS), rf"{_alt(_DE_SAY_SIE_WORDS)}\s+(?-i:Sie)", r"gib\s+an", r"geben\s+(?-i:Sie)\s+an"
)
_DE_ADVERBS = (
    r"(?:(?:bitte|immer|stets|nur|ausschließlich|lediglich|einfach|jetzt|nun|dann|also|klar|künftig|ab\s+sofort"
    r"|dem\s+(?:Nutzer|Benutzer|Anwender|Leser|Fragenden)|den\s+(?:Nutzern|Benutzern|Anwendern|Lesern|Fragenden)"
    r"|jedem)\s*,?\s+)*"
)
_DE_REPLY = _any(
    r",?\s*dass\b",
    r"mit\s+(?:dem\s+Wort\s+|einem\s+|dem\s+Satz\s+)?(?:[\"„“'‚»«]|ja\b|nein\b)",
    r"nur\b",
    r"[\"„“»«‚]",
    r"'(?=\w)",
    r":\s*[\"„“»«']",
    r"(?:ja|nein)\b(?!\s+(?:zu|zur|zum)\b)",
    r",?\s*als\s+(?:ob|wäre|sei)\b",
    r"auf\s+(?:jede|alle)\s+Fragen?\b[^.;]{0,80}?\b(?:mit|dass)\b",
)
_DE_SAID = rf"{_DE_ADVERBS}{_DE_REPLY}"
_DE_OVERRIDDEN = _any(
    r"(?:(?:alle|sämtliche|die|deine|(?-i:Ihre)|eure|diese|jegliche|jede|vorherigen|vorigen|bisherigen|obigen|früheren|"
    r"vorangegangenen|vorhergehenden|ursprünglichen|alten|anderen|erhaltenen|gegebenen|deiner|(?-i:Ihrer))\s+)*"
    r"(?:Anweisungen|Anweisung|Instruktionen|Vorgaben|Befehle|Anordnungen|Regeln|Richtlinien|Prompts?|"
    r"Systemnachricht|Systemprompt|System-Prompt|Systemanweisungen?|Programmierung)\b",
    r"alles(?:,?\s+was\s+(?:oben|davor|vorher|zuvor|bisher)\s+(?:steht|stand|gesagt|geschrieben)|\s+(?:oben|davor|"
    r"vorher|zuvor|bisher)(?:\s+(?:Gesagte|Geschriebene))?|\s+Vorherige|\s+Bisherige|\s+Obige)\b",
    r"das\s+(?:Obige|Vorherige|bisher\s+Gesagte|zuvor\s+Gesagte)\b",
    r"(?:den|die)\s+(?:vorherigen|obigen|bisherigen|vorangegangenen)\s+(?:Text|Texte|Nachrichten?|Absätze?|Inhalte?)\b",
)
_DE_OVERRIDDEN_GATE = (
    "Anweisungen Anweisung Instruktionen Vorgaben Befehle Anordnungen Regeln Richtlinien Prompt Prompts "
    "Systemnachricht Systemprompt Systemanweisung Systemanweisungen Programmierung alles Obige Vorherige Gesagte "
    "Text Texte Nachricht Nachrichten Absatz Absätze Inhalt Inhalte"
)
_DE_IGNORE_WORDS = (
    "ignoriere ignorier ignoriert vergiss vergesst missachte missachtet verwirf verwerft übergehe setze+außer+Kraft "
    "lass lasst befolge+nicht beachte+nicht überschreibe umgehe"
)
_DE_IGNORE = _any(
    r"ignoriere|ignorier|ignoriert(?!\s+(?:wurden|wird|worden|hat|haben))|ignorieren\s+(?-i:Sie)|vergiss|vergesst|"
    r"vergessen\s+(?-i:Sie)|missachte|missachtet|missachten\s+(?-i:Sie)|verwirf|verwerft|verwerfen\s+(?-i:Sie)|übergehe|"
    r"übergehen\s+(?-i:Sie)|setze\s+außer\s+Kraft|lass|lasst|lassen\s+(?-i:Sie)|befolge\s+nicht|befolgen\s+(?-i:Sie)\s+nicht|"
    r"beachte\s+nicht|beachten\s+(?-i:Sie)\s+nicht|überschreibe|überschreiben\s+(?-i:Sie)|umgehe|umgehen\s+(?-i:Sie)"
)
_DE_ASKED = r"(?:gefragt|befragt|angefragt)"
_DE_WEAK_CONDITION = _any(
    rf"\b(?:wenn|falls|sobald|sollte|sollten|solltest|solltet|sofern)\s+(?:du|(?-i:Sie)|ihr|man\s+dich|man\s+(?-i:Sie)|man\s+euch)\s+"
    rf"(?:\S+\s+){{0,4}}?(?:{_DE_ASKED}|fragt)\b",
    r"\b(?:wenn|falls|sobald|sofern)\s+(?:dich|(?-i:Sie)|euch)\s+(?:jemand|einer|ein\s+(?:Nutzer|Benutzer|Leser|Mensch)|"
    r"eine\s+(?:Nutzerin|Person)|der\s+(?:Nutzer|Benutzer)|die\s+(?:Nutzer|Leute))\b[^.,;]{0,60}?\bfragt",
    r"\b(?:wenn|falls|sobald|sofern)\s+(?:jemand|ein\s+(?:Nutzer|Benutzer|Leser)|der\s+(?:Nutzer|Benutzer)|"
    r"eine\s+Person)\s+(?:dich|(?-i:Sie)|euch)?\s*[^.,;]{0,60}?\bfragt",
    r"\b(?:egal|gleich|ganz\s+gleich),?\s+(?:was|wonach|welche\s+Frage)\b|\bunabhängig\s+von\s+der\s+Frage\b|"
    r"\bwas\s+auch\s+immer\s+(?:gefragt|du\s+gefragt|man\s+dich)",
    r"\b(?:auf|bei)\s+(?:jede|allen|jeder|alle)\s+Fragen?\s+(?:zu|zum|zur|nach|über|bezüglich)\b",
)
# German puts the verb second after a fronted phrase: "Beim Zusammenfassen dieses Textes sage, dass...".
_DE_TASK = (
    r"\b(?:beim|bei\s+der|bei\s+jeder|bei\s+allen)\s+(?:Zusammenfass\w*|Beantwort\w*|Antwort\w*|Zitier\w*|"
    r"Beschreib\w*)\b|\b(?:wenn|falls|sobald)\s+(?:du|(?-i:Sie))\s+[^.;,]{0,60}?(?:zusammenfasst|zusammenfassen|beantwortest|"
    r"beantworten|zitierst|zitieren|beschreibst|beschreiben)\b"
)
_DE_STRONG_CONDITION = (
    rf"\b(?:wenn|falls|sobald|sollte|sollten|solltest|solltet|sofern)\s+(?:du|(?-i:Sie)|ihr|man\s+dich|man\s+(?-i:Sie))\s+(?:\S+\s+){{0,2}}?"
    rf"(?:(?:irgend)?etwas|danach|dazu|hierzu|hierüber|darüber|(?:nach|zu|über)\s+(?:diese[mnrs]?|dem\s+Thema))"
    rf"\s+(?:\S+\s+){{0,3}}?(?:{_DE_ASKED}|fragt)\b"
)
_DE_THEN_ANSWER = _any(
    rf"[,;:]{_OPEN}(?:dann\s+|so\s+)?{_DE_ADVERBS}(?:{_DE_SAY}|verneine|leugne|leugnen\s+(?-i:Sie)|bestreite|"
    r"bestreiten\s+(?-i:Sie))\b",
    r"\b(?:antwortest|sagst|behauptest|erklärst|bestätigst|schreibst)\s+du\b",
    r"\b(?:du\s+(?:musst|sollst|solltest|wirst|darfst\s+nur)|ihr\s+(?:müsst|sollt)|(?-i:Sie)\s+(?:müssen|sollen|sollten)"
    r"|musst\s+du|sollst\s+du)\b[^.;]{0,60}?\b(?:antworten|sagen|behaupten|erklären|angeben|bestätigen|"
    r"verneinen|leugnen|bestreiten)\b",
    r"\b(?:die|deine|(?-i:Ihre))\s+(?:einzige\s+)?(?:richtige\s+)?Antwort\s+(?:ist|lautet|muss|soll)\b",
)
_DE_AI_STRICT = _any(
    r"(?-i:KI)(?:-\w+)?",
    r"künstliche[rn]?\s+Intelligenz(?:en)?",
    r"Sprachmodell(?:e|en)?",
    r"Chatbots?",
    r"(?-i:LLMs?|GPT|ChatGPT)",
    r"(?:digitale[rn]?|virtuelle[rn]?)\s+Assistent(?:en|in|innen)?",
)
_DE_AI = _any(_DE_AI_STRICT, r"Assistent(?:en|in|innen)?", r"Bots?", r"Modelle?")
_DE_IMPERATIVE_AT = rf"{_clause_start('und|dann|also|aber|oder|sondern')}{_DE_ADVERBS}"

_DE: tuple[_Rule, ...] = (
    _rule(f"{_DE_SAY_DU_WORDS} gib", rf"{_DE_IMPERATIVE_AT}{_DE_SAY}\s*{_DE_SAID}"),
    _rule(("Sie", f"{_DE_SAY_SIE_WORDS} geben"), rf"{_DE_IMPERATIVE_AT}{_DE_SAY}\s*{_DE_SAID}"),
    _rule(
        (
            f"{_DE_IGNORE_WORDS} ignorieren vergessen missachten verwerfen übergehen lassen befolgen beachten "
            "überschreiben umgehen Acht berücksichtigen",
            _DE_OVERRIDDEN_GATE,
        ),
        rf"{_DE_IMPERATIVE_AT}{_DE_IGNORE}\s+(?:bitte\s+)?{_DE_OVERRIDDEN}(?:\s+außer\s+Acht)?",
        # German instructions are also written as infinitives at the end: "Alle vorherigen Anweisungen ignorieren."
        rf"{_DE_OVERRIDDEN}\s+(?:bitte\s+)?(?:einfach\s+)?(?:ignorieren|vergessen|missachten|verwerfen|außer\s+Acht\s+"
        r"lassen|nicht\s+(?:beachten|befolgen|berücksichtigen))\b",
        rf"\b(?:du|ihr|(?-i:Sie))\s+(?:musst|müsst|müssen|sollst|sollt|sollen|solltest|sollten|wirst)\b[^.;]{{0,60}}?"
        rf"{_DE_OVERRIDDEN}\s+(?:ignorieren|vergessen|missachten|außer\s+Acht\s+lassen)\b",
    ),
    _rule(
        "tu tue tut tun gib gebt geben spiele spiel spielen verhalte verhalten erwähne erwähnen verrate verraten "
        f"{_DE_SAY_DU_WORDS} {_DE_SAY_SIE_WORDS}",
        rf"{_clause_start('und|dann|also|aber|oder')}(?:tu|tue|tut|tun\s+(?-i:Sie))\s+so,?\s+als\b",
        r"\b(?:gib|gebt|geben\s+(?-i:Sie))\s+vor,?\s+(?:zu\s+sein|dass|ein|eine)\b|\b(?:spiele|spiel|spielen\s+(?-i:Sie))\s+die\s+"
        r"Rolle\b|\b(?:verhalte\s+dich|verhalten\s+(?-i:Sie)\s+sich)\s+(?:wie|als)\b",
        rf"{_clause_start('und|dann|also|aber|oder')}(?:erwähne|erwähnen\s+(?-i:Sie)|verrate|verraten\s+(?-i:Sie)|sag|sage|"
        r"sagen\s+(?-i:Sie)|antworte|antworten\s+(?-i:Sie))\s+(?:niemals|nie|nicht|keinesfalls)\b[^.;]{0,40}?(?:,?\s*dass\b|"
        r"\bdiese\s+Anweisungen\b|\bauf\s+Fragen\s+(?:zu|nach|über))",
    ),
    # The second person: "du musst antworten, dass...", "du sollst immer mit 'Ja' antworten".
    _rule(
        ("du ihr Sie", "musst müsst sollst sollt solltest solltet wirst werdet darfst müssen sollen sollten werden"),
        r"\b(?:du|ihr)\s+(?:musst|müsst|sollst|sollt|solltest|solltet|wirst|werdet|darfst\s+nur|darfst)\b[^.;]{0,60}?"
        r"\b(?:antworten|sagen|behaupten|erklären|angeben|mitteilen|bestätigen|versichern|erwidern)\s*(?:,?\s*dass\b|"
        r"[.;!]|$)",
        r"\b(?:du|ihr)\s+(?:musst|müsst|sollst|sollt|solltest|wirst)\b[^.;]{0,40}?(?:immer|stets|nur|"
        r"ausschließlich)?\s*mit\s+(?:dem\s+Wort\s+)?(?:[\"„“'‚»«]|ja\b|nein\b)[^.;]{0,40}?\bantworten\b",
        r"\b(?-i:Sie)\s+(?:müssen|sollen|sollten|werden)\s+(?:immer\s+|stets\s+|nur\s+)*(?:antworten|sagen|behaupten|"
        r"erklären|angeben)\s*,\s*dass\b",
    ),
    _rule(
        "gefragt befragt angefragt fragt egal gleich unabhängig immer Frage Fragen",
        _DE_STRONG_CONDITION,
        rf"(?:{_DE_WEAK_CONDITION})[^.!?]{{0,160}}?(?:{_DE_THEN_ANSWER})",
    ),
    _rule(
        "beim bei Zusammenfassen Zusammenfassung Beantworten Zitieren Beschreiben zusammenfasst zusammenfassen "
        "beantwortest beantworten zitierst zitieren beschreibst beschreiben",
        rf"(?:{_DE_TASK})[^.!?]{{0,120}}?(?:\b(?:{_DE_SAY})\s*{_DE_SAID}|{_DE_THEN_ANSWER})",
    ),
    _rule(
        "gib gebt geben",
        rf"{_DE_IMPERATIVE_AT}(?:gib|gebt|geben\s+(?-i:Sie))\s+(?:\S+\s+){{0,3}}?(?:[\"„“»«‚'][^\"„“»«‚']{{1,60}}[\"„“»«‚']|nur\s+"
        r"\S+)\s*aus\b",
    ),
    _rule(
        ("dass", "antwortest sagst behauptest erklärst antwortet behauptet antworten sagen behaupten"),
        r"\bdass\s+(?:du|ihr|(?-i:Sie))\s+(?:\S+\s+){0,5}?(?:antwortest|sagst|behauptest|erklärst|antwortet|behauptet|"
        r"antworten|sagen|behaupten)\s*(?:,\s*dass\b|:)",
    ),
    _rule(
        "Antwort Antworten",
        r"\b(?:deine|(?-i:Ihre)|eure)\s+(?:einzige\s+)?Antwort\s+(?:muss|soll|lautet|wird|ist)\s+(?:immer\s+|stets\s+|nur\s+)?"
        r"(?:(?:sein|lauten)\s*)?(?::|,?\s*dass\b|[\"„“»«']|ja\b|nein\b)",
        r"\b(?:beginne|beginnen\s+(?-i:Sie)|starte|ende|beende|beenden\s+(?-i:Sie))\s+(?:jede|alle|deine|(?-i:Ihre))\s+Antwort(?:en)?\s+"
        r"mit\b",
    ),
    _rule(
        "jetzt sofort nun fortan heute",
        r"\b(?:ab\s+jetzt|ab\s+sofort|von\s+nun\s+an|von\s+jetzt\s+an|fortan|ab\s+heute),?\s+(?:(?:bist|antwortest|"
        r"sagst|sprichst|verhältst|spielst|ignorierst|vergisst|tust)\s+du|du\s+(?:bist|antwortest|sagst|sprichst|"
        r"verhältst|spielst|ignorierst|vergisst|tust)|antworte|sprich|verhalte|ignoriere|vergiss)\b",
    ),
    _rule(
        "Anweisungen Instruktionen Vorgaben Systemanweisungen Systemanweisung Programmierung Systemnachricht "
        "Systemprompt Prompt",
        r"\b(?:deine|(?-i:Ihre)|eure)\s+(?:(?:vorherigen|bisherigen|ursprünglichen|echten|eigentlichen|neuen|alten)\s+)*"
        r"(?:Anweisungen|Instruktionen|Vorgaben|Systemanweisungen|Programmierung)\b",
        r"\bneue\s+(?:Anweisungen|Instruktionen)\s*:",
        r"\b(?:Systemnachricht|Systemprompt|System-Prompt|Systemanweisung)\b",
    ),
    _rule(
        "KI LLM LLMs GPT ChatGPT Intelligenz Intelligenzen Sprachmodell Sprachmodelle Sprachmodellen Chatbot "
        "Chatbots Assistent Assistenten Assistentin Assistentinnen Bot Bots Modell Modelle",
        r"\b(?:Hinweis|Nachricht|Anweisung(?:en)?|Notiz|Mitteilung|Achtung|Botschaft|Information)\s+(?:an|für)\s+"
        rf"(?:alle\s+|die\s+|den\s+|das\s+|jede[ns]?\s+)?{_DE_AI}",
        rf"(?:^|[.!?;:]){_OPEN}(?:an|liebe[rs]?|hallo|hey|achtung)\s+(?:alle\s+|die\s+|das\s+|den\s+)?{_DE_AI}\s*[,:!]",
        rf"{_DE_AI}\s*,?\s+(?:die|das|der|welche)\s+(?:diesen|dieses|diese|dies|den|das)\s+(?:\w+\s+)?(?:lesen|liest|"
        r"verarbeiten|verarbeitet|analysieren|analysiert|zusammenfassen|zusammenfasst|auswerten|auswertet)\b",
        rf"\b(?:wenn|falls)\s+(?:du|(?-i:Sie))\s+(?:eine?\s+)?(?:{_DE_AI_STRICT}|Assistent|Bot)\s+(?:bist|sind)\b",
        rf"\b(?:du\s+bist|bist\s+du)\s+(?:jetzt\s+|nun\s+|eigentlich\s+|nur\s+)?(?:eine?\s+|der\s+|die\s+|das\s+)?"
        rf"{_DE_AI_STRICT}",
        rf"\bals\s+(?:{_DE_AI_STRICT})\s*(?:,|musst|solltest|darfst|sollst)",
        rf"{_DE_AI_STRICT}\s+(?:\S+\s+){{0,3}}?(?:sollen|sollten|müssen|soll|sollte|muss)\b[^.;]{{0,60}}?\b(?:antworten|"
        r"sagen|behaupten|angeben|erklären|ignorieren|vergessen|darstellen|erwähnen|mitteilen|bestätigen|"
        r"verneinen)\b",
    ),
)

# ========================================================================================================
# Any language: chat-template markup and role labels that only exist in conversations with a model.
# ========================================================================================================

_MARKUP: tuple[_Rule, ...] = (
    _rule(
        "im_start im_end system endoftext eot_id start_header_id end_header_id INST SYS instructions instruction "
        "assistant developer consignes admin AI",
        r"<\|?(?:im_start|im_end|system|endoftext|eot_id|start_header_id|end_header_id)\|?>",
        r"\[/?INST\]|<</?SYS>>|</?(?:system|instructions?)>",
        r"(?:^|\n)\s*#{1,4}\s*(?:system|instructions?|new instructions?|nouvelles consignes|assistant)\b",
        r"^\s*\[?(?:system|developer|assistant)(?:\s+(?:message|prompt))?\]?\s*:",
        r"^\s*\[(?:system|developer|admin|instructions?|ai instructions?|note to ai)\]",
    ),
)

_RULES: tuple[_Rule, ...] = _EN + _FR + _ES + _IT + _PT + _DE + _MARKUP


def _opened_by(rules: tuple[_Rule, ...]) -> dict[str, tuple[int, ...]]:
    index: dict[str, tuple[int, ...]] = {}
    for number, (gates, _) in enumerate(rules):
        for word in gates[0]:
            index[word] = (*index.get(word, ()), number)
    return index


# Which rules each word of a first gate opens: a sentence holding none of these words cannot match any rule
# (most sentences stop there), and one that does is tried only on the rules its words open.
_OPENED_BY = _opened_by(_RULES)
_ANY_GATE = frozenset(_OPENED_BY)


def looks_like_instruction(sentence: str) -> bool:
    """True when the sentence addresses the reader or an AI with what to answer, say, do or ignore.

    Such a sentence is never a fact of the release, whatever language it is in, so it must not be quoted.
    """
    text = sentence
    if "’" in text or "\u00a0" in text or "\u202f" in text or "\u2009" in text:
        text = text.translate(_PLAIN)
    words = _TOKEN.findall(text)
    hits = _ANY_GATE.intersection(words)
    if not hits:
        return False
    held = set(words)
    for number in {number for word in hits for number in _OPENED_BY[word]}:
        gates, pattern = _RULES[number]
        if all(not gate.isdisjoint(held) for gate in gates[1:]) and pattern.search(text):
            return True
    return False
