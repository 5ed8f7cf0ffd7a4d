"""Colours, CSS and the small script of the report page (all inline: no network)."""

from __future__ import annotations

import html
from typing import Any

#: Edge and chip colour per relation; one hue each so a tree reads at a glance.
RELATION_COLORS: dict[str, str] = {
    "duplicate": "#c62828",
    "near_copy": "#ef6c00",
    "spun": "#8e24aa",
    "rewrite": "#1565c0",
    "partial": "#2e7d32",
    "translation": "#00838f",
    "same_story": "#757575",
}
UNKNOWN_COLOR = "#455a64"

#: Passage kinds from closest to loosest: a merged highlight takes the closest kind.
PASSAGE_KINDS = ("verbatim", "edited", "paraphrase")


def esc(value: Any) -> str:
    """HTML-escape any value for text or a quoted attribute; ``None`` is empty."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def relation_color(relation: Any) -> str:
    """The colour of a relation, a neutral one for names outside the contract."""
    return RELATION_COLORS.get(str(relation), UNKNOWN_COLOR)


def relation_chip(relation: Any) -> str:
    """A coloured label for a relation."""
    return (
        f'<span class="rel" style="background:{relation_color(relation)}">'
        f"{esc(relation)}</span>"
    )


CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2129;
 font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1400px;margin:0 auto;padding:16px 24px 64px}
h1{font-size:24px;margin:8px 0 4px}
h2{font-size:19px;margin:0 0 8px}
h3{font-size:15px;margin:14px 0 6px}
a{color:#1558b0}
.muted{color:#6b7280}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:14px 18px;margin:14px 0}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.stat{background:#f7f8fa;border:1px solid #e3e6ea;border-radius:6px;padding:6px 12px}
.stat b{font-size:18px;display:block}
.rel{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;
 line-height:18px;white-space:nowrap}
.kind{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef1;vertical-align:top}
th{font-weight:600;color:#4b5563;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
tr.orig td{background:#fff8e1}
.star{color:#b8860b;font-weight:700}
.toc ol{margin:4px 0;padding-left:28px}
.toc li{margin:2px 0}
.tree{overflow-x:auto;margin:6px 0;border:1px solid #eceef1;border-radius:6px;background:#fcfcfd}
.tree svg{display:block}
.tree text{font-family:system-ui,Arial,sans-serif}
details.pair{border:1px solid #e1e4e8;border-radius:6px;margin:10px 0;background:#fff}
details.pair>summary{cursor:pointer;padding:8px 12px;background:#f7f8fa;border-radius:6px}
details.pair[open]>summary{border-bottom:1px solid #e1e4e8;border-radius:6px 6px 0 0}
.pairbody{padding:8px 12px}
.cov{display:inline-block;width:80px;height:8px;background:#e5e7eb;border-radius:4px;
 vertical-align:middle;overflow:hidden}
.cov i{display:block;height:100%;background:#4b5563}
.changes{margin:6px 0;font-size:13px}
.changes span{display:inline-block;background:#f3f4f6;border-radius:4px;padding:0 6px;margin:2px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-top:8px}
.colhead{font-size:12px;color:#4b5563;margin-bottom:4px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;max-height:70vh;overflow:auto;
 border:1px solid #e1e4e8;border-radius:4px;padding:10px 12px;background:#fff;
 font:15px/1.6 Georgia,"Times New Roman",serif}
mark.psg{border-radius:2px;color:inherit;padding:1px 0}
.k-verbatim{background:#ffcdd2}
.k-edited{background:#ffe8a3}
.k-paraphrase{background:#cfe2ff}
mark.psg.hot{outline:2px solid #1d2129}
a.pn{font:700 10px/1 system-ui,Arial,sans-serif;vertical-align:super;background:#37474f;
 color:#fff;border-radius:7px;padding:1px 4px;margin-right:2px;text-decoration:none}
del.sub{color:#b71c1c;text-decoration:line-through 2px}
ins.sub{color:#1b5e20;background:#b9f6ca;text-decoration:none;font-weight:600}
del.chg,del.gone{color:#8a8f98;text-decoration:line-through}
ins.chg,ins.add{text-decoration:underline dotted #2e7d32 2px}
.legend span{margin-right:12px;white-space:nowrap}
details.removed summary{cursor:pointer;color:#6b7280;font-size:12px}
details.removed ul{margin:4px 0;padding-left:18px;font-size:12px;color:#4b5563}
.note{background:#fff4e5;border:1px solid #ffd8a8;border-radius:6px;padding:8px 12px}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
"""

#: Hovering a passage outlines it and its match on the other side (same data-k).
JS = """
(function(){
function hot(e,on){var m=e.target.closest&&e.target.closest('mark.psg');if(!m)return;
var box=m.closest('.pairbody');if(!box)return;var ks=(m.dataset.k||'').split(' ');
box.querySelectorAll('mark.psg').forEach(function(x){
var xs=(x.dataset.k||'').split(' ');if(xs.some(function(k){return ks.indexOf(k)>=0;}))
x.classList.toggle('hot',on);});}
document.addEventListener('mouseover',function(e){hot(e,true);});
document.addEventListener('mouseout',function(e){hot(e,false);});
})();
"""
