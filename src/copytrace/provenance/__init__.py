"""The provenance stage: direction of each pair and the original of each story.

Each pair gets a signed score, positive when ``a`` is the source, from independent
signals (weights in :class:`Weights`):

- published times: the earlier article is the source;
- credit: an article that names the other's outlet next to a credit phrase ("the
  Coastal Herald reported", "Source: ...", "according to ...") derives from it; one
  that credits anyone at all is a little more likely to be the copy;
- structure: within a story, the source is the article the others' material converges
  on (it aligns more strongly with the third articles of the story);
- containment: a copy rarely holds more of the source's material than the source
  does, so the more fully covered side of a copy is the derived one;
- length: copies are more often cut than extended;
- position: a passage carried into another article is rarely its lead (the copier
  opens with its own news and brings the passage in as background), while in the
  source it sits nearer the top; for partial reuse only, whose copier writes the rest;
- time words: of a partial copy or a rewrite, the article that looks back more
  ("earlier this week", "last month") is the later one.

The story's original is the root of a derivation tree built from these directions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..records import DERIVED_RELATIONS, Article, Edge, Pair, Story

# Credit cues are found with str.find on the lowercased text (fast, no regex scan of
# every position); the credited name is then read right after or right before the cue.
_CUES_BEFORE_NAME = (
    "according to", "reported by", "source:", "sources:", "source -", "via", "courtesy of", "credit:",
    "originally published", "first appeared", "told",
)
_CUES_AFTER_NAME = ("reported", "reports", "revealed", "said in a report")
_NAME_AFTER = re.compile(r"\s*(?:(?:by|in|on)\s+)?(?:[Tt]he\s+)?((?:[A-Z][\w&'’.-]*\s*){1,5})")
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w&'’.-]*\s+){1,5})(?:(?:has|had)\s+)?(?:first\s+)?$")
_NON_NAME = re.compile(r"[^a-z0-9]")
_SITE_NOISE = {"www", "com", "org", "net", "co", "uk", "news", "example", "online", "html", "the"}


# Words by which an article places other news in its past: a follow-up recalls the story
# it follows. (Words looking ahead say less: a follow-up announces its own next steps.)
_LOOKS_BACK = re.compile(
    r"\b(?:earlier (?:this|last) (?:week|month|year)|earlier today|last (?:week|month)|yesterday"
    r"|previously (?:announced|reported|said)|(?:was|were|had been) (?:earlier )?(?:announced|reported)"
    r"|as (?:reported|announced) (?:earlier|on)|earlier on (?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday))\b")  # on lowercased text: twice as fast as re.IGNORECASE


def looks_back(text: str) -> int:
    """How often the text places news in its past ("earlier this week", "last month",
    "was announced"): English phrases; other languages give 0."""
    return len(_LOOKS_BACK.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Weights:
    published: float = 3.0
    named_credit: float = 2.0
    any_credit: float = 0.5
    structure: float = 1.0
    containment: float = 0.5
    length: float = 0.25
    position: float = 1.0
    time_words: float = 1.0
    #: How much earlier, as a share of each text's length, the passages must begin on
    #: one side for ``position`` to speak.
    position_gap: float = 0.15


DEFAULT = Weights()
#: Relations whose direction time words help decide: partial copies and rewrites carry
#: material into a text of another moment; other copies tell the same news.
TIME_WORD_RELATIONS = ("partial", "rewrite")


def outlet_keys(article: Article) -> set[str]:
    """Names an article's outlet (:attr:`Article.outlet`: its site, else its URL's host)
    may be credited by, squashed to ``[a-z0-9]``."""
    keys = set()
    outlet = article.outlet
    if outlet:
        parts = [p for p in re.split(r"[.\-_/]", outlet) if p and p not in _SITE_NOISE]
        if parts:
            keys.add("".join(parts))
            keys.update(p for p in parts if len(p) >= 5)
    return {k for k in keys if len(k) >= 4}


def credited_names(text: str) -> set[str]:
    """Names that the text credits, squashed to ``[a-z0-9]`` (e.g. "coastalherald")."""
    low = text.lower()
    found = []
    for cue, after in [(c, True) for c in _CUES_BEFORE_NAME] + [(c, False) for c in _CUES_AFTER_NAME]:
        at = low.find(cue)
        while at != -1:
            end = at + len(cue)
            whole_word = (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
            if whole_word:
                m = _NAME_AFTER.match(text, end) if after else _NAME_BEFORE.search(text, max(0, at - 80), at)
                if m:
                    found.append(m.group(1))
            at = low.find(cue, end)
    names = set()
    for raw in found:
        name = _NON_NAME.sub("", raw.lower())
        if name.startswith("the"):
            name = name[3:]
        if len(name) >= 4:
            names.add(name)
    return names


def credits(names: set[str], keys: set[str]) -> bool:
    """Whether one of the credited ``names`` refers to an outlet with these ``keys``."""
    return any(k in n or (len(n) >= 6 and n in k) for n in names for k in keys)


def timestamp(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def days_apart(t1: float | None, t2: float | None) -> float | None:
    """Days between two timestamps (seconds), None when either is unknown (None or NaN)."""
    if t1 is None or t2 is None or t1 != t1 or t2 != t2:
        return None
    return abs(t1 - t2) / 86400.0


@dataclass(slots=True)
class ArticleEvidence:
    """What provenance needs to know of one article."""

    time: float | None
    keys: set[str]
    credited: set[str]
    n_words: int
    looks_back: int = 0  # :func:`looks_back` of the text

    @classmethod
    def of(cls, article: Article, text: str, removed: list[str], n_words: int, *,
           time_words: bool = True) -> "ArticleEvidence":
        """``time_words=False`` skips :func:`looks_back` (left 0) where the caller knows
        the article's pairs are dated or of other relations."""
        return cls(
            time=timestamp(article.published),
            keys=outlet_keys(article),
            credited=credited_names(text + "\n" + "\n".join(removed)),
            n_words=n_words,
            looks_back=looks_back(text) if time_words else 0,
        )


def direction_score(
    pair: Pair, ev_a: ArticleEvidence, ev_b: ArticleEvidence, structure: float = 0.0, w: Weights = DEFAULT
) -> tuple[float, list[str]]:
    """Signed evidence that ``pair.a`` is the source (negative: ``pair.b`` is).

    Args:
        structure: positive when a is more central in its story than b, in [-1, 1].

    Returns:
        ``(score, reasons)``, reasons naming the signals that spoke.
    """
    score, reasons = 0.0, []
    if ev_a.time is not None and ev_b.time is not None and abs(ev_a.time - ev_b.time) >= 60:
        score += w.published if ev_a.time < ev_b.time else -w.published
        reasons.append("published")
    a_credits_b = credits(ev_a.credited, ev_b.keys)
    b_credits_a = credits(ev_b.credited, ev_a.keys)
    if a_credits_b != b_credits_a:
        score += w.named_credit if b_credits_a else -w.named_credit
        reasons.append("credit")
    elif bool(ev_a.credited) != bool(ev_b.credited):
        score += w.any_credit if ev_b.credited else -w.any_credit
        reasons.append("credit-phrase")
    if structure:
        score += w.structure * structure
        reasons.append("structure")
    aligned_a, aligned_b = pair.aligned_shares()
    gap = aligned_b - aligned_a
    if pair.relation in ("near_copy", "partial", "rewrite") and abs(gap) >= 0.1:
        score += w.containment if gap > 0 else -w.containment
        reasons.append("containment")
    if ev_a.n_words != ev_b.n_words and abs(ev_a.n_words - ev_b.n_words) >= 0.05 * max(ev_a.n_words, ev_b.n_words):
        score += w.length if ev_a.n_words > ev_b.n_words else -w.length
        reasons.append("length")
    if pair.relation in TIME_WORD_RELATIONS and ev_a.looks_back != ev_b.looks_back:
        score += w.time_words if ev_a.looks_back < ev_b.looks_back else -w.time_words
        reasons.append("time-words")
    if pair.relation == "partial" and pair.passage_start is not None:
        start_a, start_b = pair.passage_start
        if abs(start_a - start_b) >= w.position_gap:
            score += w.position if start_a < start_b else -w.position
            reasons.append("position")
    return score, reasons


def centrality(members: list[str], pairs: list[Pair]) -> dict[str, float]:
    """How strongly each article aligns with the rest of its story (sum of the shares aligned)."""
    weight = {m: 0.0 for m in members}
    for p in pairs:
        aligned_a, aligned_b = p.aligned_shares()
        weight[p.a] += aligned_b * p.score
        weight[p.b] += aligned_a * p.score
    return weight


def structure_signal(pair: Pair, weight: dict[str, float]) -> float:
    """Centrality difference of a and b, leaving out what the pair itself contributes."""
    aligned_a, aligned_b = pair.aligned_shares()
    own_a, own_b = aligned_b * pair.score, aligned_a * pair.score
    diff = (weight[pair.a] - own_a) - (weight[pair.b] - own_b)
    return max(-1.0, min(1.0, diff / 0.2))


def orient(pairs: list[Pair], evidence: dict[str, ArticleEvidence], weight: dict[str, float]) -> None:
    """Set ``source`` (and ``direction_evidence``) of each pair in place."""
    for p in pairs:
        if p.relation not in DERIVED_RELATIONS:
            p.source = None
            continue
        score, reasons = direction_score(p, evidence[p.a], evidence[p.b], structure_signal(p, weight))
        p.direction_evidence = reasons
        p.source = p.a if score > 0 else p.b if score < 0 else None
        if p.source == p.b:  # changes read source -> derived
            p.changes = [(new, old) for old, new in p.changes]


def build_story(story_id: str, members: list[str], pairs: list[Pair], evidence: dict[str, ArticleEvidence],
                weight: dict[str, float]) -> Story:
    """The derivation tree of one story from its oriented pairs.

    Members are ranked by how often they are a source (net), then by publication time,
    then by centrality; each member's parent is its strongest source of lower rank.
    """
    net = {m: 0.0 for m in members}
    for p in pairs:
        if p.source is not None:
            derived = p.b if p.source == p.a else p.a
            net[p.source] += p.score
            net[derived] -= p.score

    def rank_key(m: str):
        t = evidence[m].time
        return (-net[m], t if t is not None else float("inf"), -weight[m], m)

    ranked = sorted(members, key=rank_key)
    rank = {m: i for i, m in enumerate(ranked)}
    best: dict[str, tuple[float, Edge]] = {}
    for p in pairs:
        if p.relation not in DERIVED_RELATIONS:
            continue
        if p.source is not None:
            src, dst = p.source, (p.b if p.source == p.a else p.a)
            if rank[src] > rank[dst]:
                continue
        else:
            src, dst = sorted((p.a, p.b), key=rank.get)
        # Scores within 0.02 are a tie, won by the source closer to the original.
        if dst not in best or p.score > best[dst][0] + 0.02 or (
            p.score >= best[dst][0] - 0.02 and rank[src] < rank[best[dst][1].source]
        ):
            best[dst] = (p.score, Edge(src, dst, p.relation))
    edges = [best[m][1] for m in ranked if m in best]
    roots = [m for m in ranked if m not in best and any(e.source == m for e in edges)]
    original = roots[0] if roots else None
    return Story(story=story_id, members=ranked, original=original, edges=edges)
