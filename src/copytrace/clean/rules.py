"""Rules that flag boilerplate lines of a news article, for any site.

Each rule looks at one stripped, non-blank line (and, for lists and trailing
attributions, at its neighbours). To stay cheap on prose, which is almost every line,
the precise case-insensitive patterns only run on lines that passed a fast prefilter:
a dict lookup of the line's first two characters then ``str.startswith`` with the
trigger prefixes that start with them, a few substring tests on the whole text, or
the absence of final punctuation. (A case-insensitive regex search over the text
costs ten times more.) Every pattern carries a length guard, so a long prose line
that happens to start like a plug is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

#: Characters that end a line of prose (after closing quotes and brackets).
FINAL_PUNCT = ".!?…:;"
#: Closing quotes and brackets skipped when looking for final punctuation.
CLOSERS = "'\"’”»)]"
#: Characters that open a bulleted list item.
BULLETS = "•·▪■●◦‣►▸▶➤→»*-–—"

# Lower-case starts of lines that may be boilerplate; expanded below to the case
# variants news sites use ("Read more", "READ MORE", "Read More", "read more").
_TRIGGER_WORDS = (
    "read ", "also ", "see also", "more", "related", "recommended", "trending", "most ",
    "don't miss", "don’t miss", "must read", "you may", "you might", "top stories",
    "latest", "editor", "watch", "video", "listen", "gallery", "photos", "pictures",
    "advertisement", "sponsored", "story continues", "continue reading", "scroll", "click", "tap ",
    "sign up", "subscribe", "download ", "get our", "get the latest", "join ", "share ",
    "follow ", "like us", "find us", "tags", "topics", "filed under", "source", "via:",
    "originally", "first published", "this article", "this story", "copyright",
    "©", "(c)", "all rights", "unauthori", "hot right", "popular ", "photo gallery", "see the full",
    "have your say", "leave a", "comment", "in case you",
    # The same furniture in German, French, Spanish, Italian, Portuguese and Dutch.
    "lesen sie", "mehr zum", "auch interessant", "das könnte", "weiterlesen", "anzeige", "werbung",
    "jetzt ", "lire ", "à lire", "a lire", "voir aussi", "publicité", "sur le même", "abonnez", "inscrivez",
    "lee ", "lea ", "leer ", "más información", "te puede", "le puede", "noticias relacionadas", "publicidad",
    "suscr", "leggi", "potrebbe", "pubblicità", "iscriviti", "leia ", "publicidade", "assine", "lees ",
    "advertentie", "abonneer", "newsletter", "quelle", "fuente", "fonte", "bron", "dieser ", "este ", "esta ",
    "cet article", "questo articolo", "dit artikel",
    # Credits and notes at a story's foot: "(Reporting by ...)", "Contributing: ...".
    "(reporting", "(additional", "(writing", "(editing", "reporting by", "additional reporting", "writing by",
    "editing by", "--", "contributing", "write to", "contact the", "got a", "correction",
)


def _prefix_table(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Case variants of the trigger words, grouped by their first two characters."""
    table: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for variant in (word, word.capitalize(), word.upper(), word.title()):
            table[variant[:2]].add(variant)
    return {key: tuple(sorted(group)) for key, group in table.items()}


_PREFIXES = _prefix_table(w for w in _TRIGGER_WORDS if len(w) > 1)
#: Pictographs before a line's words: arrows, symbols and dingbats (U+2190-U+2BFF) and
#: emoji (U+1F000 on), with the spaces and joiners between them.
_LEADING_PICTOGRAPHS = re.compile("^[\u2190-\u2bff\U0001f000-\U0010ffff\u00a0\u200d\ufe0f ]+")
#: Single characters that make a line a candidate by themselves (a digit: a numbered
#: list's item, "1. Bin collections to change").
_FIRST_CHARS = frozenset(BULLETS + "©0123456789")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s+(?=\S)")

_PROMO = re.compile(
    r"""^(?:
      read\s+(?:more|also|next)\b
    | also\s+(?:read|see)\b
    | read\s+(?:the\s+)?(?:full|original|complete)\s+(?:article|story|report|post)\b
    | (?:continue\s+reading|story\s+continues|scroll\s+(?:down|to\s+continue))\b
    | (?:click|tap)\s+(?:here\b|to\s+(?:enlarge|expand|zoom|view\s+(?:the\s+)?(?:gallery|photos?|image)))
    # a comment count or prompt: "Have your say: 14 comments", "Join the debate - 6 comments"
    | (?:have\s+your\s+say|join\s+the\s+(?:debate|conversation|discussion)|leave\s+a\s+(?:comment|reply)
        |comments?\s*(?:\(\d+\)\s*)?(?:[:|]|$)|\d+\s+comments?\s*$)
    | sign\s+up\b | subscribe\b
    | (?:suscr[ií]bete|abonnez-vous|inscrivez-vous|iscriviti|assine|abonneer|jetzt\s+(?:anmelden|abonnieren))\b
    # labels over links and ads in other languages: "Lesen Sie auch:", "Lee también:", "À lire aussi"
    | (?:lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant|das\s+könnte\s+sie\s+(?:auch\s+)?interessieren
        |weiterlesen|anzeige|werbung|(?:à\s+|a\s+)?lire\s+(?:aussi|également|la\s+suite)|voir\s+aussi|publicité
        |sur\s+le\s+même\s+sujet|le[ea]\s+(?:también|más)|leer\s+más|más\s+información|(?:te|le)\s+puede\s+interesar
        |noticias\s+relacionadas|publicidad|leggi\s+anche|potrebbe\s+interessarti|pubblicità|leia\s+(?:também|mais)
        |publicidade|lees\s+(?:ook|meer)|advertentie|newsletter)
      \s*(?:[:|>»•\-–—]|$)
    | download\s+(?:the|our)\b.{0,40}\bapp\b
    | get\s+(?:our|the\s+latest)\b
    | join\s+our\b
    | (?:see\s+also|also\s+on|more|more\s+(?:stories|news|from\s+[^:|.]{1,40})|related(?:\s+(?:articles?
        |stories|content|coverage|reading|news|links|posts|topics))?
        |recommended(?:\s+(?:for\s+you|reading|stories|articles))?|trending(?:\s+(?:now|today|stories|this\s+week))?
        |hot\s+right\s+now|popular\s+(?:now|right\s+now|today)|in\s+case\s+you\s+missed\s+it
        |most\s+(?:read|popular|viewed|shared)(?:\s+(?:stories|articles|today|now|this\s+week|on\s+[^:|]{1,40}))?
        |(?:see\s+(?:the\s+)?(?:full\s+)?)?(?:photo|video)\s+gallery|don[’']t\s+miss|must\s+read
        |you\s+(?:may|might)\s+also\s+like|top\s+stories|latest(?:\s+news)?
        |editor[’']?s\s+picks?|watch|listen|advertisement|sponsored(?:\s+content)?|tags
        |topics|filed\s+under)
      \s*(?:[:|>»•\-–—]|$)
    # media labels: "Video: ..." may be a spec line of a review, so no colon here
    | (?:video|videos|gallery|photos|pictures)\s*(?:[|>»•]|$)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SOCIAL = re.compile(
    r"""^(?:
      (?:(?:follow|join)\s+(?:us|\S.{0,40}?)|(?:like|find)\s+us)\s+on\s+(?:twitter|x|facebook
        |instagram|tiktok|telegram|linkedin|youtube|threads|bluesky|whatsapp|snapchat
        |mastodon|google\s+news)\b
    | share\s+(?:this|on|or)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(
    r"""^(?:© | \(c\)\s*\d{4} | copyright\s*(?:©|\(c\)|\d{4}|by\b|$)
      | all\s+rights\s+reserved
      | unauthori[sz]ed\s+(?:use|reproduction|duplication|copying|distribution)\b
        .{0,40}\bthis\s+(?:material|content|article|site|website)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Labels over a list of links to other stories (a subset of the promo lines).
_LINK_LABEL = re.compile(
    r"""(?:read\s+(?:more|also|next)|also\s+read|see\s+also|related|more|recommended
      |trending|hot\s+right\s+now|popular|in\s+case\s+you\s+missed|most\s+(?:read|popular|viewed|shared)
      |lesen\s+sie|mehr\s+zum|lire|voir\s+aussi|le[ea]\s+también|más\s+información|noticias\s+relacionadas
      |leggi\s+anche|leia\s+também|lees\s+ook|top\s+stories|latest(?:\s+news)?|editor
      |don[’']t\s+miss|must\s+read|you\s+(?:may|might))\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Attribution lines, removed only above or below the story (see ``edge_attributions``).
_ATTRIBUTION = re.compile(
    r"""^(?:(?:source|sources|via|quelle|fuente|fonte|bron)\s*:
      | (?:originally|first)\s+(?:published|appeared|posted)\b
      | this\s+(?:article|story|post|report)\s+(?:was\s+|is\s+|has\s+been\s+)?(?:originally\s+
        |first\s+)?(?:published|appeared|posted|ran|reported\s+by|distributed|republished|shared|syndicated)\b
      | editor[’']?s\s+note\s*:
      | \(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b | -+\s*(?:additional\s+)?reporting\s+by\b
      | contributing\s*: | (?:write\s+to|contact\s+(?:the\s+)?(?:reporter|writer|author))\b
      | got\s+a\s+(?:news\s+)?tip\b | correction\s*:
      | this\s+(?:article|story)\s+has\s+been\s+(?:updated|corrected)\b
      | dieser\s+(?:artikel|beitrag)\s+(?:erschien|ist)\s+(?:zuerst|ursprünglich)
      | est[ea]\s+(?:art[ií]culo|noticia)\s+(?:se\s+public[óo]|apareci[óo]|fue\s+publicad[oa])
      | cet\s+article\s+(?:a\s+été|est)\s+(?:initialement|d'abord|d’abord|publié)
      | questo\s+articolo\s+è\s+(?:stato\s+)?pubblicato | este\s+artigo\s+foi\s+publicado
      | dit\s+artikel\s+verscheen
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A writer's note at the foot of the page, read as an attribution: "Priya Shah is our
# local democracy reporter covering ...", "Tom Ames covers courts for the Post."
_AUTHOR_BIO = re.compile(
    r"""^(?:[A-Z][\w.'’-]*\s+){1,3}(?:
      (?:is|was)\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){0,4}(?:reporter|correspondent|editor|writer|journalist
        |columnist|contributor|producer)s?\s+(?:for|at|with|covering|based\s+in|who\s+covers)\b
    | (?:covers|writes\s+about|reports\s+on)\b.{0,120}?\b(?:for|at)\s+(?:the|our)\b
    )""",
    re.VERBOSE,
)
#: "... contributed to this report.": a credit at the story's foot.
_CONTRIBUTED = re.compile(r"\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\.?$")
#: The last lines of an article looked at for a writer's note.
TAIL_LINES = 4
# Rules for anything inside a line. Each substring test scans the whole text (about
# 2.5 us for 4 KB) so they are few (line-start forms such as "Sign up", "Copyright",
# "ALL RIGHTS" are found by the prefixes), and each pattern only runs, case-sensitive
# on the lower-cased line, on the lines holding its substring.
_NEWSLETTER = re.compile(
    r"""(?:sign(?:ing)?\s+up|subscrib\w{0,6}|register)\b.{0,80}?\b(?:our|free)\b.{0,40}?
        \b(?:newsletters?|e-?mails?|alerts?|bulletins?|digests?|briefings?)\b
      | (?:newsletters?|digests?|briefings?|e-?mails?)\b.{0,80}?\b(?:sign\s+up|subscribe)\b""",
    re.VERBOSE,
)
_CLICK = re.compile(r"click(?:ing)?\s+here\b")
# A page's notices to its readers: affiliate links, cookies, a call to follow the site.
_AFFILIATE = re.compile(
    r"""\baffiliate\s+links?\b|\breader-supported\b
      | \b(?:earn|receive|get|make)\s+(?:a\s+)?(?:small\s+)?(?:commission|fee)\b.{0,60}?\b(?:links?|purchases?
        |buy)\b""",
    re.VERBOSE,
)
_COOKIES = re.compile(
    r"\b(?:use|uses|using)\s+cookies\b.{0,200}?\byour?\b|\baccept\s+(?:all\s+)?cookies\b"
    r"|\bcookies?\s+(?:policy|settings|preferences|notice|consent)\b"
)
_FOLLOW = re.compile(
    r"""(?:^|[:.!?–—-]\s*)(?:like|follow)\s+(?:us|@?\S.{0,40}?)\s+on\s+(?:facebook|x|twitter
        |instagram|tiktok|threads|youtube|linkedin|bluesky|whatsapp)\b""",
    re.VERBOSE,
)
_ANYWHERE: dict[str, re.Pattern[str] | None] = {
    "©": None,  # the sign alone marks a copyright line
    "eserved": re.compile(r"all\s+rights\s+reserved"),  # "Reserved" too
    "ewsletter": _NEWSLETTER,
    "ubscrib": _NEWSLETTER,
    "ign up": _NEWSLETTER,
    "lick": _CLICK,
    "ffiliate": _AFFILIATE,
    "ommission": _AFFILIATE,
    "ookie": _COOKIES,
    "acebook": _FOLLOW,
}
_ANYWHERE_LIMITS = {"©": 80, "eserved": 80, "ewsletter": 40, "ubscrib": 40, "ign up": 40, "lick": 40,
                    "ffiliate": 45, "ommission": 45, "ookie": 60, "acebook": 30}
# Caption markers, looked for in the lower-cased lines without final punctuation.
# Plain substrings: a few ``in`` tests cost less than one regex search over the line.
_CAPTION_MARKERS = (
    "(pictured", "pictured:", ", pictured", "(file photo", "(photo", "(image", "(left)",
    "(right)", "(centre)", "(center)", "(above)", "(below)", "(top)", "(bottom)", "(inset)",
    "left)", "right)", "getty images", "ap photo", "reuters/", "afp/", "epa/",
    "shutterstock", "alamy", " photo by ", " photos by ", "photo courtesy", "photograph by ",
)
# Credit labels count at the start of the line or after a full stop, bracket or bar
# ("The bridge. Photo: Jane Doe"), not inside a table row ("Score for Photo: 79").
_CREDIT = re.compile(
    r"(?:^|[.(|/–—-]\s*)(?:photo(?:graph)?s?|images?|pictures?|credits?|captions?)(?:\s+credits?)?\s*:"
)
# A photographer's credit closing a caption: "(Dana Ruiz / Pacific Wire)".
_CREDIT_AT_END = re.compile(r"[.!?][\"'’”]?\s+\((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*\s+/\s+[A-Z][^()/]{1,40}\)$")

# A page's metadata printed as lines of the text: a byline ("By Jane Doe, Staff
# Writer", "By Staff | Published March 12, 2026 10:05 PM"), a time stamp ("Updated:
# Oct. 27, 2026 at 5:20 p.m. CDT") and a breadcrumb trail ("Home > News > Local").
# Each outlet prints its own, so a repost differs from its source by these lines alone.
# Case-sensitive: a byline's name is capitalised ("By Tuesday, the council ..." is
# prose: it goes on in lower case and ends like a sentence).
_CONNECTORS = r"(?:and|&|de|da|del|der|van|von|la|le|du|al|bin|di)"
_ROLES = r"(?:staff|writers?|reporters?|correspondents?|editors?)"
#: Words that open a byline, in English, German, French, Spanish, Portuguese, Italian, Dutch.
_BYLINE_OPENERS = frozenset("By BY by Von VON von Par PAR par Por POR por Di Door door".split())
_CAPITAL = "A-ZÀ-ÖØ-Þ"
_BYLINE = re.compile(
    rf"""^(?:{"|".join(sorted(_BYLINE_OPENERS))})\s+(?:[Tt]he\s+)?[{_CAPITAL}][\w.'’-]*
        (?:\s+(?:[{_CAPITAL}][\w.'’-]*|{_CONNECTORS}|{_ROLES})){{0,7}}
        (?:\s*[,|•·–—]\s*(?P<tail>.+))?$""",
    re.VERBOSE,
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
#: A stamp's first word after its label is a date or a time ("Updated figures show
#: ..." is a heading of prose).
_STAMP = re.compile(
    rf"""^(?:published|updated|posted|last\s+updated|last\s+modified|first\s+published)\b
        \s*(?:on|at|:)?\s*(?:\d|{_MONTHS}\b|{_DAYS}\b|today\b|yesterday\b)""",
    re.IGNORECASE | re.VERBOSE,
)
#: An outlet's name and a date ("Commonwealth Newsline | June 11, 2025, 10:05 AM ET").
_SOURCE_STAMP = re.compile(
    rf"""^[{_CAPITAL}][\w.'’&-]*(?:\s+(?:[{_CAPITAL}][\w.'’&-]*|of|the|and|&)){{0,5}}\s*[|•·–—]\s*
        (?P<tail>(?:(?i:{_MONTHS}|{_DAYS}|published|updated|posted)|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}
        |\d{{4}}-\d\d-\d\d)\b.*)$""",
    re.VERBOSE,
)
#: A year or a time of day, which a date stamp prints.
_YEAR_OR_TIME = re.compile(r"\b\d{4}\b|\d:\d\d")
#: Words in lower case that may follow a byline's name, beside capitalised words and
#: figures: the writer's role, a date's or a time's ("Staff writer", "Published Oct.
#: 27, 2026 at 5:05 p.m. CDT"). Prose goes on in other words.
_BYLINE_WORDS = frozenset(
    "staff writer reporter correspondent editor contributor columnist photographer at on of the and in "
    "a.m. p.m. am pm published updated posted originally first last modified".split())
_CRUMB_SEPARATORS = re.compile(r"\s+[>›»]\s+|\s+[/|·•]\s+")
#: Lines at the top of an article, above its first sentence, where a page prints its
#: section ("Weather | Oregon").
LEADING_LINES = 4
MAX_META_WORDS = 30
MAX_CRUMB_WORDS = 4  # in one step of a breadcrumb trail

# Word-count guards: a line longer than this is prose, whatever it starts with.
MAX_PROMO_WORDS = 40
MAX_SOCIAL_WORDS = 25
MAX_COPYRIGHT_WORDS = 80
MAX_ATTRIBUTION_WORDS = 35  # "Editor's note: This story first appeared in ... with permission ..."
MAX_BIO_WORDS = 60
MAX_CAPTION_WORDS = 60
MIN_HEADLINE_WORDS, MAX_HEADLINE_WORDS = 3, 30
#: Mean share of the ``RELATED_WORDS`` longest words of a bulleted item found
#: elsewhere in the article, under which the list is taken for links to other stories
#: (about 0.05 for a list of unrelated headlines, 0.25 and more for a story's own
#: points in the news examples looked at).
RELATED_WORDS = 4
MAX_RELATED_SHARE = 0.15
#: Punctuation stripped from words when comparing a list with the rest of the text.
_WORD_EDGES = "'\"’”‘“«»()[],.;:!?–—-"


# A dateline's credit to the agency that carried the story: "LONDON (Reuters) - ...",
# "CORVIN MILLS, Pa. (Ridgeline Wire) — ...". Each carrier prints its own, so a reprint
# differs from its source by it alone; the place stays.
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Z'’.\- ]{1,40}(?:,\s*[A-Z][\w.'’ ]{0,20})?(?P<credit>\s+\([A-Z][^()]{0,40}\))\s*[—–-]\s")


def split_dateline_credit(line: str) -> tuple[str, str | None]:
    """``line`` without its dateline's agency credit, and the credit (or None)."""
    if not ("(" in line[:80] and line[:2].isupper()):
        return line, None
    found = _DATELINE_CREDIT.match(line)
    if found is None:
        return line, None
    start, end = found.span("credit")
    return line[:start] + line[end:], line[start:end].strip()


def n_words(line: str) -> int:
    """Approximate word count (spaces + 1), enough for the length guards."""
    return line.count(" ") + 1


def is_unpunctuated(line: str) -> bool:
    """True when ``line`` does not end like a sentence (closing quotes skipped)."""
    last = line[-1]
    if last in CLOSERS:
        last = line.rstrip(CLOSERS)[-1:]
    return not last or last not in FINAL_PUNCT


def starts_like_boilerplate(line: str) -> bool:
    """Cheap test: does ``line`` start with a trigger word, a bullet or "©"?"""
    if line[0] in _FIRST_CHARS:
        return True
    prefixes = _PREFIXES.get(line[:2])
    return prefixes is not None and line.startswith(prefixes)


class LineFlags:
    """What the rules found in an article's lines.

    ``drop[i]`` is True for a line removed by a rule; ``attribution`` lists the lines
    that are attributions ("Source: ...") wherever they stand, for
    ``edge_attributions``; ``unpunctuated`` the lines without final punctuation.
    """

    __slots__ = ("drop", "attribution", "unpunctuated")

    def __init__(self, n: int) -> None:
        self.drop = [False] * n
        self.attribution: list[int] = []
        self.unpunctuated: list[int] = []


def flag_lines(lines: Sequence[str], text: str) -> LineFlags:
    """Apply the rules to ``lines`` (stripped, non-blank) of an article's ``text``."""
    flags = LineFlags(len(lines))
    bullets: list[int] = []
    table, first = _PREFIXES, _FIRST_CHARS  # inlined test: a call per line costs more
    hits = [i for i, s in enumerate(lines) if s[0] in first or ((p := table.get(s[:2])) and s.startswith(p))]
    for i in hits:
        _flag_prefixed(lines[i], i, flags, bullets)
    # A pictograph before the words ("📩 Subscribe to ..."): the words decide.
    for i in [i for i, s in enumerate(lines) if s[0] >= "\u2190" and s[0] not in first]:
        pictographs = _LEADING_PICTOGRAPHS.match(lines[i])
        words = lines[i][pictographs.end():] if pictographs is not None else ""
        if words and starts_like_boilerplate(words):
            _flag_prefixed(words, i, flags, bullets)
    for marker in [m for m in _ANYWHERE if m in text]:
        _flag_inline(lines, marker, flags)
    # Most lines end with "." and skip the call.
    flags.unpunctuated = [i for i, s in enumerate(lines) if s[-1] not in FINAL_PUNCT and is_unpunctuated(s)]
    if bullets:
        _flag_headline_lists(lines, bullets, flags)
    for i in range(max(0, len(lines) - TAIL_LINES), len(lines)):
        line = lines[i]
        if line[0].isupper() and n_words(line) <= MAX_BIO_WORDS and (
                _AUTHOR_BIO.match(line) or (line.endswith(("report.", "story.", "article.")) and _CONTRIBUTED.search(line))):
            flags.attribution.append(i)
    _flag_captions(lines, flags)
    _flag_page_metadata(lines, text, flags)
    return flags


def _flag_page_metadata(lines: Sequence[str], text: str, flags: LineFlags) -> None:
    """Bylines, time stamps and breadcrumb trails: short lines that do not end like a
    sentence (a time stamp may end in "p.m.": those lines are looked for only in a text
    that prints one)."""
    stamped = [i for i, s in enumerate(lines) if s.endswith((".m.", ".M."))] if ".m." in text or ".M." in text else []
    if " | " in text:  # a byline's fields end where they end: "... | Lesezeit: 4 Min."
        stamped += [i for i, s in enumerate(lines)
                    if " | " in s and s[-1] == "." and not s.endswith((".m.", ".M.")) and n_words(s) <= MAX_META_WORDS]
    unpunctuated = flags.unpunctuated
    lead = 0  # the lines above the first one ending like a sentence, at most LEADING_LINES
    while lead < min(len(unpunctuated), LEADING_LINES) and unpunctuated[lead] == lead:
        lead += 1
    for i in unpunctuated + stamped:
        line = lines[i]
        if not flags.drop[i] and n_words(line) <= MAX_META_WORDS and is_page_metadata(line, i < lead):
            flags.drop[i] = True


def is_page_metadata(line: str, leading: bool = False) -> bool:
    """Whether the short ``line`` is a byline, a time stamp, an outlet's name with a
    date, or a breadcrumb trail (a section label "Weather | Oregon" only among the
    ``leading`` lines)."""
    if line.split(" ", 1)[0] in _BYLINE_OPENERS:
        byline = _BYLINE.match(line)
        if byline is not None:
            tail = byline.group("tail")
            return tail is None or _is_meta_tail(tail)
    if _STAMP.match(line) is not None:
        return True
    stamp = _SOURCE_STAMP.match(line)
    if stamp is not None and _YEAR_OR_TIME.search(stamp.group("tail")) and _is_meta_tail(stamp.group("tail")):
        return True
    return _is_breadcrumb(line, leading)


def _is_meta_tail(tail: str) -> bool:
    """After a byline's name or an outlet's: a role, an outlet, a date or a time."""
    return all(word[0].isupper() or any(c.isdigit() for c in word) or word in _BYLINE_WORDS
               for word in re.split(r"[\s,|•·–—-]+", tail) if word)


def _is_breadcrumb(line: str, leading: bool = False) -> bool:
    """Short capitalised steps, one separator between each two ("Home > News > Local");
    "/", "|", "·" or "•" only after "Home" ("Home / News") or, but for "/", among the
    ``leading`` lines ("Weather | Oregon"): elsewhere they join a heading's parts."""
    separators = {m.strip() for m in _CRUMB_SEPARATORS.findall(line)}
    if len(separators) != 1 or not (separators <= {">", "›", "»"} or line.split(None, 1)[0].lower() == "home"
                                    or (leading and separators <= {"|", "·", "•"})):
        return False
    return all(step and step[0].isupper() and n_words(step) <= MAX_CRUMB_WORDS and step[-1] not in FINAL_PUNCT
               for step in _CRUMB_SEPARATORS.split(line))


def _flag_prefixed(line: str, i: int, flags: LineFlags, bullets: list[int]) -> None:
    """Line-start rules: promo, social, copyright, attribution, bullet items."""
    if line[0].isdigit() and _NUMBERED.match(line):
        bullets.append(i)
        return
    if line[0] in BULLETS and len(line) > 1 and (line[1].isspace() or line[0] not in "*-–—"):
        bullets.append(i)
        line = line[1:].lstrip()  # "• READ MORE: ..." is a promo line too
        if not starts_like_boilerplate(line):
            return
    words = n_words(line)
    if (
        (words <= MAX_PROMO_WORDS and _PROMO.match(line))
        or (words <= MAX_SOCIAL_WORDS and _SOCIAL.match(line))
        or (words <= MAX_COPYRIGHT_WORDS and _COPYRIGHT.match(line))
    ):
        flags.drop[i] = True
    elif words <= MAX_ATTRIBUTION_WORDS and _ATTRIBUTION.match(line):
        flags.attribution.append(i)


def _flag_inline(lines: Sequence[str], marker: str, flags: LineFlags) -> None:
    """Plugs and notices inside a short line: newsletter, "click here", copyright."""
    pattern, limit = _ANYWHERE[marker], _ANYWHERE_LIMITS[marker]
    for i in [i for i, s in enumerate(lines) if marker in s]:
        line = lines[i]
        if not flags.drop[i] and n_words(line) <= limit and (pattern is None or pattern.search(line.lower())):
            flags.drop[i] = True


def _flag_captions(lines: Sequence[str], flags: LineFlags) -> None:
    """Short unpunctuated lines with caption markers ("(pictured", "Photo:")."""
    for i in flags.unpunctuated:
        line = lines[i]
        if (
            not flags.drop[i]
            and line.count(" ") < MAX_CAPTION_WORDS
            and ("(" in line or ":" in line or "/" in line or "ictured" in line or "etty" in line or "hoto" in line)
            and (_has_caption_marker(line.lower()) or (line[-1] == ")" and _CREDIT_AT_END.search(line) is not None))
        ):
            flags.drop[i] = True


def _has_caption_marker(low: str) -> bool:
    """True when the lower-cased line holds a caption marker ("(pictured", "Photo:")."""
    if any(marker in low for marker in _CAPTION_MARKERS):
        return True
    return ":" in low and _CREDIT.search(low) is not None


def _item_text(line: str) -> str:
    """A list item's text after its bullet or its number."""
    number = _NUMBERED.match(line) if line[0].isdigit() else None
    return line[number.end():] if number is not None else line[1:].lstrip()


def _is_headline_item(line: str) -> bool:
    """A bulleted or numbered item that reads as a headline: a few words, no final full stop."""
    item = _item_text(line)
    if not item:
        return False
    last = item.rstrip(CLOSERS)[-1:]
    return MIN_HEADLINE_WORDS <= n_words(item) <= MAX_HEADLINE_WORDS and last not in ".,;:"


def _flag_headline_lists(lines: Sequence[str], bullets: list[int], flags: LineFlags) -> None:
    """Runs of two or more consecutive bulleted headlines (links to other stories).

    Items may end with "?" or "!" (headlines do), but at least half of a run must have
    no final punctuation at all, so that a list of questions stays. See
    ``_is_unrelated_list`` for what tells a story's own list from links elsewhere.
    """
    items = [i for i in bullets if _is_headline_item(lines[i])]
    run: list[int] = []
    for i in [*items, -2]:  # the sentinel closes the last run
        if run and i != run[-1] + 1:
            bare = sum(is_unpunctuated(lines[j]) for j in run)
            if len(run) >= 2 and 2 * bare >= len(run) and _is_unrelated_list(lines, run, flags.drop):
                for j in run:
                    flags.drop[j] = True
            run = []
        run.append(i)


def _is_unrelated_list(lines: Sequence[str], run: list[int], drop: list[bool]) -> bool:
    """Whether the bulleted ``run`` lists other stories rather than the story's points.

    A list under a label of links ("Most read", "Related") is one. A list introduced by
    its line ("The plan includes:", or a sentence running on without punctuation) is
    the story's own. Otherwise its items must be about something else: on average
    fewer than ``MAX_RELATED_SHARE`` of their longest words occur in the rest of the
    text. (Substring tests on the raw text: tokenising the whole article would cost
    more than cleaning it.)
    """
    before = run[0] - 1
    if before >= 0 and drop[before] and _LINK_LABEL.match(lines[before]):
        return True
    if before >= 0 and not drop[before] and (lines[before].endswith(":") or is_unpunctuated(lines[before])):
        return False
    inside = set(run)
    rest = "\n".join(s for k, s in enumerate(lines) if k not in inside)
    budget = MAX_RELATED_SHARE * len(run)  # the story's own list stops early
    for i in run:
        longest = sorted(_item_text(lines[i]).split(), key=len, reverse=True)[:RELATED_WORDS]
        words = [w for w in (w.strip(_WORD_EDGES) for w in longest) if len(w) >= 5]
        if words:
            budget -= sum(w in rest for w in words) / len(words)
            if budget <= 0:
                return False
    return True


def edge_attributions(flags: LineFlags, drop: list[bool]) -> list[int]:
    """Attribution lines that only removed lines or other attributions precede, or
    follow: a page's note above the story or below it ("Editor's note: This story first
    appeared in ...", "Source: ...") names the page, not the news; the same words inside
    the story ("Source: officials said" in a sentence, a chart's source mid-article) are
    prose and stay."""
    candidates = set(flags.attribution)
    found: list[int] = []
    for order in (range(len(drop)), range(len(drop) - 1, -1, -1)):
        for i in order:
            if i in candidates:
                found.append(i)
            elif not drop[i]:
                break
    return found
