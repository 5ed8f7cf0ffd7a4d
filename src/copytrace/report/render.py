"""The HTML report: one self-contained page (inline CSS, SVG and script; no network).

Inputs are the output-contract objects (``articles.jsonl``, ``pairs.jsonl``,
``stories.jsonl``) and the cleaned text of each article, which passage offsets refer to.
Every piece of article text and metadata goes through :func:`esc`; the page is built as
a list of strings joined once, so thousands of pairs render in well under a second.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from copytrace.records import RELATIONS
from copytrace.report.assets import CSS, JS, esc, relation_chip
from copytrace.report.sidebyside import oriented_passages, pair_columns
from copytrace.report.tree import NodeInfo, story_edges, tree_svg

#: How many recorded substitutions a pair header lists before "and N more".
MAX_CHANGES_SHOWN = 40
UNLINKED = '<span class="muted">unlinked</span>'
NO_PAIRS = '<p class="muted">none</p>'


@dataclass(slots=True)
class _Context:
    """Lookups shared by every section."""

    articles: dict[str, dict[str, Any]]
    texts: dict[str, str]

    def meta(self, aid: str) -> dict[str, Any]:
        return self.articles.get(aid, {})

    def text(self, aid: str) -> str | None:
        t = self.texts.get(aid)
        return None if t is None else str(t)

    def title(self, aid: str) -> str:
        return str(self.meta(aid).get("title") or "")


def _id(value: Any) -> str:
    return "" if value is None else str(value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _pct(value: Any) -> str:
    try:
        return f"{100 * float(value):.0f}%"
    except (TypeError, ValueError):
        return "\u2013"


def _num(value: Any, fmt: str = ".2f") -> str:
    try:
        return format(float(value), fmt)
    except (TypeError, ValueError):
        return "\u2013"


def _safe_url(url: Any) -> str | None:
    """A link target only for http(s) URLs: never ``javascript:`` or ``data:``."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _order_stories(stories: Iterable[Any]) -> list[dict[str, Any]]:
    """Well-formed stories, largest first (ties by story id, for a stable page)."""
    good = [s for s in stories if isinstance(s, dict) and isinstance(s.get("members"), list)]
    return sorted(good, key=lambda s: (-len(s["members"]), _id(s.get("story"))))


def _group_pairs(
    pairs: Iterable[Any], stories: list[dict[str, Any]]
) -> tuple[dict[int, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Pairs per story index (both ends in the story), and the pairs in no story."""
    member_of: dict[str, list[int]] = {}
    for i, s in enumerate(stories):
        for m in s["members"]:
            member_of.setdefault(_id(m), []).append(i)
    grouped: dict[int, list[dict[str, Any]]] = {}
    loose: list[dict[str, Any]] = []
    for p in pairs:
        if not isinstance(p, dict):
            continue
        common = set(member_of.get(_id(p.get("a")), ())) & set(member_of.get(_id(p.get("b")), ()))
        if common:
            grouped.setdefault(min(common), []).append(p)
        else:
            loose.append(p)
    return grouped, loose


def _score(p: dict[str, Any]) -> float:
    try:
        return float(p.get("score") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _order_pairs(pairs: list[dict[str, Any]], story: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The pairs that are tree edges first, then by score, highest first."""
    edge_keys = {
        frozenset((e.source, e.derived)) for e in story_edges(story.get("edges") if story else None)
    }
    return sorted(
        pairs,
        key=lambda p: (frozenset((_id(p.get("a")), _id(p.get("b")))) not in edge_keys, -_score(p)),
    )


# --------------------------------------------------------------------------- page parts


def _summary(articles: list[Any], pairs: list[Any], stories: list[dict[str, Any]],
             totals: dict[str, Any] | None = None) -> str:
    """Counts on top: articles, stories, pairs by relation, and the highlight legend.

    ``totals`` (``{"articles": n, "relations": {relation: count}}``) gives the counts
    when ``articles`` and ``pairs`` hold only what the shown stories need."""
    if totals is not None:
        rel_counts = Counter({_id(k): int(v) for k, v in totals["relations"].items()})
    else:
        rel_counts = Counter(_id(p.get("relation")) for p in pairs if isinstance(p, dict))
    known = [r for r in RELATIONS if rel_counts.get(r)]
    other = sorted(r for r in rel_counts if r not in RELATIONS)
    with_original = sum(1 for s in stories if s.get("original") is not None)
    stats = [
        ("articles", len(articles) if totals is None else int(totals["articles"])),
        ("stories", len(stories)),
        ("pairs", sum(rel_counts.values())),
        ("stories with an original", with_original),
    ]
    parts = ['<section class="card" id="summary"><h2>Summary</h2><div class="stats">']
    parts += [f'<div class="stat"><b>{n}</b>{esc(label)}</div>' for label, n in stats]
    parts.append('</div><div class="stats">')
    parts += [
        f'<div class="stat"><b>{rel_counts[r]}</b>{relation_chip(r)}</div>' for r in known + other
    ]
    parts.append(
        '</div><p class="legend muted">Passages: '
        '<span><mark class="psg k-verbatim">verbatim</mark></span>'
        '<span><mark class="psg k-edited">edited</mark></span>'
        '<span><mark class="psg k-paraphrase">paraphrase</mark></span>'
        '\u00b7 numbers pair a passage with its match on the other side \u00b7 '
        'substitution: <del class="sub">from</del> \u2192 <ins class="sub">to</ins> \u00b7 '
        'other change: <del class="gone">removed</del> / <ins class="add">added</ins></p>'
        "</section>"
    )
    return "".join(parts)


def _toc(ctx: _Context, shown: list[dict[str, Any]], omitted: int) -> str:
    """The table of contents: one line per story shown, with its relations."""
    parts = ['<nav class="card toc"><h2>Stories</h2><ol>']
    for i, s in enumerate(shown):
        original = _id(s.get("original")) if s.get("original") is not None else None
        rels = Counter(e.relation for e in story_edges(s.get("edges")))
        chips = " ".join(f"{relation_chip(r)}\u00d7{n}" for r, n in rels.most_common())
        orig = (
            f' \u00b7 <span class="star">\u2605</span> {esc(ctx.title(original) or original)}'
            if original
            else ' \u00b7 <span class="muted">no original</span>'
        )
        parts.append(
            f'<li><a href="#s{i}">{esc(s.get("story"))}</a> \u00b7 '
            f"{len(s['members'])} articles{orig} {chips}</li>"
        )
    parts.append("</ol>")
    if omitted:
        noun = "story" if omitted == 1 else "stories"
        parts.append(f'<p class="note">{omitted} more {noun} omitted (the smallest).</p>')
    parts.append("</nav>")
    return "".join(parts)


def _removed_html(removed: Any) -> str:
    """Boilerplate lines removed from one article, collapsed."""
    lines = [str(x) for x in removed] if isinstance(removed, list) else []
    if not lines:
        return '<span class="muted">\u2013</span>'
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return (
        f'<details class="removed"><summary>{len(lines)} boilerplate '
        f'line{"s" if len(lines) != 1 else ""} removed</summary><ul>{items}</ul></details>'
    )


def _roles(story: dict[str, Any]) -> dict[str, str]:
    """Per member, how it came to be: original, derived from whom, or unlinked (HTML)."""
    roles: dict[str, list[str]] = {}
    for e in story_edges(story.get("edges")):
        roles.setdefault(e.derived, []).append(f"from {esc(e.source)} {relation_chip(e.relation)}")
    out = {m: "<br>".join(r) for m, r in roles.items()}
    original = story.get("original")
    if original is not None:
        out[_id(original)] = '<span class="star">\u2605 original</span>'
    return out


def _member_order(story: dict[str, Any], ctx: _Context) -> list[str]:
    """Members with the original first, then by published time (unknown last), then id."""
    original = _id(story.get("original"))
    members = list(dict.fromkeys(_id(m) for m in story["members"]))
    return sorted(
        members,
        key=lambda m: (m != original, ctx.meta(m).get("published") is None,
                       str(ctx.meta(m).get("published") or ""), m),
    )


def _members_table(story: dict[str, Any], ctx: _Context, anchor: str) -> str:
    """The members of a story: id, title, site, published, words, role, removed lines."""
    roles = _roles(story)
    original = _id(story.get("original"))
    parts = [
        "<table><thead><tr><th>role</th><th>id</th><th>title</th><th>site</th>"
        "<th>published</th><th>words</th><th>boilerplate</th></tr></thead><tbody>"
    ]
    for j, m in enumerate(_member_order(story, ctx)):
        meta = ctx.meta(m)
        title = esc(meta.get("title") or "")
        url = _safe_url(meta.get("url"))
        if url:
            title = f'<a href="{esc(url)}" rel="noopener noreferrer">{title or esc(url)}</a>'
        cls = ' class="orig"' if m == original else ""
        role = roles.get(m, UNLINKED)
        parts.append(
            f'<tr id="{anchor}m{j}"{cls}><td>{role}</td>'
            f"<td><code>{esc(m)}</code></td><td>{title}</td><td>{esc(meta.get('site'))}</td>"
            f"<td>{esc(meta.get('published'))}</td><td>{esc(meta.get('n_words'))}</td>"
            f"<td>{_removed_html(meta.get('removed'))}</td></tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)


def _tree(story: dict[str, Any], ctx: _Context, anchor: str) -> str:
    """The story's derivation tree as inline SVG, nodes linking to their member rows."""
    members = _member_order(story, ctx)
    row_of = {m: f"#{anchor}m{j}" for j, m in enumerate(members)}
    info: dict[str, NodeInfo] = {}
    for m in members:
        meta = ctx.meta(m)
        second = str(meta.get("site") or meta.get("title") or "")
        tip = " \u00b7 ".join(
            str(x) for x in (m, meta.get("title"), meta.get("site"), meta.get("published")) if x
        )
        info[m] = NodeInfo(m, second, tip, row_of[m])
    original = story.get("original")
    svg = tree_svg(members, story_edges(story.get("edges")), _id(original) if original else None, info)
    return f'<div class="tree">{svg}</div>'


def _article_head(role: str, aid: str, ctx: _Context) -> str:
    meta = ctx.meta(aid)
    bits = [esc(x) for x in (meta.get("title"), meta.get("site"), meta.get("published")) if x]
    return " \u00b7 ".join([f"<b>{esc(role)}</b>", f"<code>{esc(aid)}</code>", *bits])


def _changes_html(changes: Any) -> str:
    """The pair's recorded substitutions (``changes``) as ``from \u2192 to`` chips."""
    items = [c for c in changes if isinstance(c, (list, tuple)) and len(c) == 2] if isinstance(
        changes, list
    ) else []
    if not items:
        return ""
    shown = "".join(
        f'<span><del class="sub">{esc(a)}</del> \u2192 <ins class="sub">{esc(b)}</ins></span>'
        for a, b in items[:MAX_CHANGES_SHOWN]
    )
    more = len(items) - MAX_CHANGES_SHOWN
    tail = f' <span class="muted">and {more} more</span>' if more > 0 else ""
    return f'<div class="changes">substitutions: {shown}{tail}</div>'


def _coverage(label: str, value: Any) -> str:
    try:
        width = max(0.0, min(1.0, float(value))) * 100
    except (TypeError, ValueError):
        width = 0.0
    return (
        f'{esc(label)} <span class="cov"><i style="width:{width:.0f}%"></i></span> {_pct(value)}'
    )


def _pair(p: dict[str, Any], ctx: _Context, anchor: str, open_: bool) -> str:
    """One pair: header (relation, score, direction, coverage), changes, the two texts."""
    a, b = _id(p.get("a")), _id(p.get("b"))
    source = p.get("source")
    swap = source is not None and _id(source) == b and b != a  # show the source on the left
    left, right = (b, a) if swap else (a, b)
    directed = source is not None and _id(source) in (a, b)
    cov = p.get("coverage") if isinstance(p.get("coverage"), dict) else {}
    cov_left, cov_right = (cov.get("b"), cov.get("a")) if swap else (cov.get("a"), cov.get("b"))
    arrow = (
        f"<code>{esc(left)}</code> \u2192 <code>{esc(right)}</code>"
        if directed
        else f'<code>{esc(left)}</code> \u2194 <code>{esc(right)}</code> '
        f'<span class="muted">(no direction)</span>'
    )
    lt, rt = ctx.text(left), ctx.text(right)
    passages = oriented_passages(p.get("passages"), swap, len(lt or ""), len(rt or ""))
    summary = (
        f"<summary>{relation_chip(p.get('relation'))} score <b>{_num(p.get('score'))}</b> "
        f"\u00b7 {arrow} \u00b7 coverage {_coverage(left, cov_left)} \u00b7 "
        f"{_coverage(right, cov_right)} \u00b7 {_plural(len(passages), 'passage')}</summary>"
    )
    roles = ("source", "derived") if directed else ("a", "b")
    heads = (_article_head(roles[0], left, ctx), _article_head(roles[1], right, ctx))
    body = _changes_html(p.get("changes")) + pair_columns(lt, rt, passages, anchor, heads)
    return (
        f'<details class="pair" id="{anchor}"{" open" if open_ else ""}>{summary}'
        f'<div class="pairbody">{body}</div></details>'
    )


def _pairs_block(
    pairs: list[dict[str, Any]], ctx: _Context, anchor: str, limit: int, open_first: bool
) -> str:
    parts = [_pair(p, ctx, f"{anchor}p{k}", open_first and k == 0) for k, p in enumerate(pairs[:limit])]
    if len(pairs) > limit:
        parts.append(f'<p class="note">{_plural(len(pairs) - limit, "more pair")} omitted.</p>')
    return "".join(parts)


def _story(
    i: int, story: dict[str, Any], pairs: list[dict[str, Any]], ctx: _Context, max_pairs: int
) -> str:
    """A story section: members, tree, then its pairs side by side."""
    anchor = f"s{i}"
    block = _pairs_block(_order_pairs(pairs, story), ctx, anchor, max_pairs, True)
    return (
        f'<section class="card story" id="{anchor}"><h2>Story {esc(story.get("story"))} '
        f'<span class="muted">\u00b7 {len(story["members"])} articles \u00b7 '
        f"{len(pairs)} pairs</span></h2>"
        f"{_members_table(story, ctx, anchor)}"
        f"<h3>Derivation</h3>{_tree(story, ctx, anchor)}"
        f"<h3>Pairs</h3>{block or NO_PAIRS}"
        "</section>"
    )


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{esc(title)}</h1>" + "".join(body) + f"</main><script>{JS}</script></body></html>"
    )


def render_report(
    articles: list[dict],
    texts: dict[str, str],
    pairs: list[dict],
    stories: list[dict],
    *,
    title: str = "copytrace report",
    max_stories: int = 200,
    max_pairs_per_story: int = 50,
    totals: dict[str, Any] | None = None,
) -> str:
    """The report page as one self-contained HTML string.

    ``articles``, ``pairs`` and ``stories`` are the output-contract objects; ``texts``
    maps article id to its cleaned text. Stories are shown largest first, at most
    ``max_stories`` (the page says how many are left out), each with at most
    ``max_pairs_per_story`` pairs. Malformed records and bad offsets are tolerated.
    ``articles`` and ``pairs`` may hold only the shown stories' records when ``totals``
    (``{"articles": n, "relations": {relation: count}}``) gives the whole scan's counts:
    a large scan's report then never holds all its records.
    """
    articles = [x for x in articles if isinstance(x, dict)]
    pairs = [x for x in pairs if isinstance(x, dict)]
    ctx = _Context({_id(x.get("id")): x for x in articles}, dict(texts or {}))
    ordered = _order_stories(stories)
    shown = ordered[: max(0, max_stories)]
    omitted = len(ordered) - len(shown)
    grouped, loose = _group_pairs(pairs, ordered)
    body = [_summary(articles, pairs, ordered, totals), _toc(ctx, shown, omitted)]
    body += [_story(i, s, grouped.get(i, []), ctx, max_pairs_per_story) for i, s in enumerate(shown)]
    if omitted:
        body.append(
            f'<p class="note">{omitted} more of {len(ordered)} stories omitted '
            f"(showing the {len(shown)} largest).</p>"
        )
    if loose:
        body.append(
            f'<section class="card" id="loose"><h2>Pairs outside any story '
            f'<span class="muted">\u00b7 {len(loose)}</span></h2>'
            f"{_pairs_block(_order_pairs(loose, None), ctx, 'x', max_pairs_per_story, False)}</section>"
        )
    return _page(title, body)


def write_report(
    path: str | os.PathLike[str],
    articles: list[dict],
    texts: dict[str, str],
    pairs: list[dict],
    stories: list[dict],
    **kw: Any,
) -> None:
    """Render the report (see :func:`render_report` for ``kw``) and write it as UTF-8."""
    out = os.fspath(path)
    parent = os.path.dirname(out)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(render_report(articles, texts, pairs, stories, **kw))
