"""The derivation tree of a story as an inline SVG, laid out in Python.

Layered top-down: roots (the original first) on the top row, each derived article one
row below the article it derives from. Within a row, a tidy-tree placement: leaves take
consecutive slots and a parent sits centred over its children, so tree edges never
cross. Edges outside the spanning tree (a second parent, a cycle from bad input) are
still drawn. Members without any edge sit on the top row, after the trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from copytrace.report.assets import esc, relation_color

NODE_W = 168
NODE_H = 46
GAP_X = 26
GAP_Y = 74  # room for the edge labels between rows
MARGIN = 16
LEGEND_H = 34


@dataclass(frozen=True, slots=True)
class TreeEdge:
    source: str
    derived: str
    relation: str


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What a node shows: two short lines and a full tooltip."""

    line1: str
    line2: str
    tooltip: str
    href: str | None = None


def story_edges(edges: Any) -> list[TreeEdge]:
    """The usable edges of a ``stories.jsonl`` object (malformed entries skipped)."""
    out: list[TreeEdge] = []
    for e in edges if isinstance(edges, list) else []:
        if isinstance(e, dict) and e.get("from") is not None and e.get("to") is not None:
            out.append(TreeEdge(str(e["from"]), str(e["to"]), str(e.get("relation") or "")))
    return out


def _roots(nodes: list[str], edges: list[TreeEdge], original: str | None) -> list[str]:
    """Tree roots in drawing order: the original, other sources, then isolated members."""
    has_parent = {e.derived for e in edges if e.source != e.derived}
    linked = {e.source for e in edges} | {e.derived for e in edges}
    order = [original] if original in nodes else []
    order += [n for n in nodes if n in linked and n not in has_parent]
    order += [n for n in nodes if n not in linked]
    return order


def layout(
    nodes: list[str], edges: list[TreeEdge], original: str | None
) -> dict[str, tuple[int, float]]:
    """``{node: (row, slot)}``: row is the depth below its root, slot the horizontal place.

    Every node gets a position, whatever the edges (cycles, unknown ids, self loops).
    """
    children: dict[str, list[str]] = {n: [] for n in nodes}
    for e in edges:
        if e.source != e.derived and e.source in children and e.derived in children:
            children[e.source].append(e.derived)
    pos: dict[str, tuple[int, float]] = {}
    next_slot = 0.0
    # Nodes only reachable through a cycle have no root: take them as roots in turn.
    for root in _roots(nodes, edges, original) + nodes:
        if root in pos:
            continue
        next_slot = _place_tree(root, children, pos, next_slot)
    return pos


def _place_tree(
    root: str, children: dict[str, list[str]], pos: dict[str, tuple[int, float]], slot: float
) -> float:
    """Place the spanning tree under ``root`` (iteratively: chains can be long); return the next free slot."""
    depth: dict[str, int] = {root: 0}
    tree_kids: dict[str, list[str]] = {}
    order: list[str] = []
    stack = [root]
    claimed = {root}
    while stack:
        node = stack.pop()
        order.append(node)
        kids = [c for c in children[node] if c not in pos and c not in claimed]
        claimed.update(kids)
        tree_kids[node] = kids
        for c in kids:
            depth[c] = depth[node] + 1
        stack.extend(reversed(kids))
    for node in order:  # pre-order: leaves take slots left to right, in edge order
        if not tree_kids[node]:
            pos[node], slot = (depth[node], slot), slot + 1
    for node in reversed(order):  # children before parents: centre each parent
        kids = tree_kids[node]
        if kids:
            pos[node] = (depth[node], (pos[kids[0]][1] + pos[kids[-1]][1]) / 2)
    return slot


def _xy(p: tuple[int, float]) -> tuple[float, float]:
    row, slot = p
    return MARGIN + slot * (NODE_W + GAP_X), MARGIN + row * (NODE_H + GAP_Y)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _bezier(p0, p1, p2, p3, t: float) -> tuple[float, float]:
    u = 1 - t
    return tuple(
        u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
        for a, b, c, d in zip(p0, p1, p2, p3)
    )  # type: ignore[return-value]


def _edge_svg(edge: TreeEdge, src: tuple[float, float], dst: tuple[float, float]) -> str:
    """One edge: a curve from source to derived, an arrowhead and the relation label."""
    sx, sy = src
    dx, dy = dst
    if dy > sy:  # downwards: bottom centre to top centre
        p0, p3 = (sx + NODE_W / 2, sy + NODE_H), (dx + NODE_W / 2, dy)
        c1, c2 = (p0[0], p0[1] + GAP_Y / 2), (p3[0], p3[1] - GAP_Y / 2)
    elif dy < sy:  # a back edge: top to bottom
        p0, p3 = (sx + NODE_W / 2, sy), (dx + NODE_W / 2, dy + NODE_H)
        c1, c2 = (p0[0], p0[1] - GAP_Y / 2), (p3[0], p3[1] + GAP_Y / 2)
    else:  # same row: an arc above
        p0, p3 = (sx + NODE_W / 2, sy), (dx + NODE_W / 2, dy)
        c1, c2 = (p0[0], p0[1] - GAP_Y * 0.6), (p3[0], p3[1] - GAP_Y * 0.6)
    color = relation_color(edge.relation)
    dash = ' stroke-dasharray="5 4"' if edge.relation == "same_story" else ""
    path = (
        f'<path d="M{p0[0]:.1f},{p0[1]:.1f} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} '
        f'{p3[0]:.1f},{p3[1]:.1f}" fill="none" stroke="{color}" stroke-width="2"{dash}/>'
    )
    # Arrowhead along the curve's last direction (from the second control point).
    vx, vy = p3[0] - c2[0], p3[1] - c2[1]
    norm = (vx * vx + vy * vy) ** 0.5 or 1.0
    ux, uy = vx / norm, vy / norm
    bx, by = p3[0] - 9 * ux, p3[1] - 9 * uy
    head = (
        f'<polygon points="{p3[0]:.1f},{p3[1]:.1f} {bx - 4.5 * uy:.1f},{by + 4.5 * ux:.1f} '
        f'{bx + 4.5 * uy:.1f},{by - 4.5 * ux:.1f}" fill="{color}"/>'
    )
    lx, ly = _bezier(p0, c1, c2, p3, 0.55)
    label = esc(_short(edge.relation, 18))
    w = 7 * len(_short(edge.relation, 18)) + 10
    tag = (
        f'<rect x="{lx - w / 2:.1f}" y="{ly - 9:.1f}" width="{w}" height="17" rx="8" '
        f'fill="#fff" stroke="{color}"/>'
        f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" font-size="11" '
        f'fill="{color}" class="elabel">{label}</text>'
    )
    return (
        f'<g class="edge" data-from="{esc(edge.source)}" data-to="{esc(edge.derived)}" '
        f'data-relation="{esc(edge.relation)}">{path}{head}{tag}</g>'
    )


def _node_svg(node: str, xy: tuple[float, float], info: NodeInfo, kind: str) -> str:
    """One node box; ``kind`` is ``original``, ``linked`` or ``alone`` (no edge)."""
    x, y = xy
    stroke = {"original": "#b8860b", "alone": "#9aa0a6"}.get(kind, "#546e7a")
    fill = "#fff8e1" if kind == "original" else "#fff"
    width = 3 if kind == "original" else 1.5
    dash = ' stroke-dasharray="4 3"' if kind == "alone" else ""
    star = "\u2605 " if kind == "original" else ""
    body = (
        f"<title>{esc(info.tooltip)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="7" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>'
        f'<text x="{x + 10:.1f}" y="{y + 19:.1f}" font-size="12.5" font-weight="600" '
        f'fill="#1d2129">{esc(star + _short(info.line1, 21))}</text>'
        f'<text x="{x + 10:.1f}" y="{y + 36:.1f}" font-size="11" fill="#5f6b7a">'
        f"{esc(_short(info.line2, 26))}</text>"
    )
    if info.href:
        body = f'<a href="{esc(info.href)}">{body}</a>'
    return f'<g class="node" data-id="{esc(node)}">{body}</g>'


def _legend_svg(relations: list[str], y: float) -> tuple[str, float]:
    """The legend row: one swatch per relation drawn, plus the original and unlinked marks."""
    parts = [f'<g class="legend" transform="translate({MARGIN},{y:.1f})">']
    x = 0.0
    for rel in relations:
        color = relation_color(rel)
        parts.append(
            f'<line x1="{x:.1f}" y1="8" x2="{x + 22:.1f}" y2="8" stroke="{color}" stroke-width="3"/>'
            f'<text x="{x + 27:.1f}" y="12" font-size="11.5" fill="#1d2129">{esc(rel)}</text>'
        )
        x += 40 + 7 * len(rel)
    parts.append(
        f'<rect x="{x:.1f}" y="1" width="18" height="14" rx="3" fill="#fff8e1" '
        f'stroke="#b8860b" stroke-width="2.5"/>'
        f'<text x="{x + 24:.1f}" y="12" font-size="11.5" fill="#1d2129">\u2605 original</text>'
        f'<rect x="{x + 100:.1f}" y="1" width="18" height="14" rx="3" fill="#fff" '
        f'stroke="#9aa0a6" stroke-dasharray="4 3"/>'
        f'<text x="{x + 124:.1f}" y="12" font-size="11.5" fill="#1d2129">no edge</text></g>'
    )
    return "".join(parts), x + 190


def tree_svg(
    members: list[str],
    edges: list[TreeEdge],
    original: str | None,
    info: dict[str, NodeInfo],
) -> str:
    """The story's derivation forest as one ``<svg>`` element (no external references)."""
    nodes = list(dict.fromkeys(members + [n for e in edges for n in (e.source, e.derived)]))
    pos = layout(nodes, edges, original)
    xy = {n: _xy(p) for n, p in pos.items()}
    linked = {n for e in edges for n in (e.source, e.derived)}
    rows = 1 + max((p[0] for p in pos.values()), default=0)
    slots = 1 + max((p[1] for p in pos.values()), default=0)
    relations = list(dict.fromkeys(e.relation for e in edges))
    legend_y = MARGIN + rows * (NODE_H + GAP_Y) - GAP_Y + 18
    legend, legend_w = _legend_svg(relations, legend_y)
    width = max(2 * MARGIN + slots * (NODE_W + GAP_X) - GAP_X, legend_w + 2 * MARGIN)
    height = legend_y + LEGEND_H
    parts = [
        f'<svg width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="derivation tree">'
    ]
    parts.extend(_edge_svg(e, xy[e.source], xy[e.derived]) for e in edges if e.source != e.derived)
    for n in nodes:
        kind = "original" if n == original else ("linked" if n in linked else "alone")
        parts.append(_node_svg(n, xy[n], info.get(n, NodeInfo(n, "", n)), kind))
    parts.append(legend)
    parts.append("</svg>")
    return "".join(parts)
