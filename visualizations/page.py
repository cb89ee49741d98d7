"""The offline map page: vis-network inlined, node styles shared with the legend, canvas labels and outlines."""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from pairnet.graph.core import atomic
from pairnet.graph.core.result import Result

BIG_MAP = 3000  # above this many nodes, edges are hidden while dragging or zooming
INK = "#1f2933"

# A reference that makes the browser fetch something: src/href/url()/@import that is not a fragment or data:.
_FETCH = re.compile(r"""(?:\b(?:src|href|action|poster|srcset)\s*=\s*["']?\s*|url\(\s*["']?|@import\s+["']?)"""
                    r"""(?!#|data:|about:|javascript:void)([a-z][a-z0-9+.-]*:|//)""", re.I)


@dataclass
class MapPage:
    """A rendered map: the HTML, its title and how many nodes and edges it draws."""

    html: str
    title: str
    nodes: int
    edges: int

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` (folders created) and return the path."""
        return write_html(path, self.html)

    def written(self, path: str | Path) -> Result:
        """Write the page and say so, as a command result."""
        path = self.write(path)
        data = {"path": str(path), "title": self.title, "nodes": self.nodes, "edges": self.edges,
                "bytes": path.stat().st_size}
        return Result(data=data, text=f"Wrote {path}: {self.title} ({self.nodes:,} nodes, {self.edges:,} edges)")


def write_html(path: str | Path, html: str) -> Path:
    """Write a page to ``path`` atomically (folders created) and return the path."""
    path = Path(path)
    atomic.make_dirs(path.parent)
    atomic.write_text(path, html)
    return path


@dataclass(frozen=True)
class Style:
    """How one kind of node is drawn. The node fields and the legend swatch both come from here, so a legend
    always shows what the map draws."""

    shape: str
    fill: str
    border: str = "#495057"
    border_width: float = 1.0
    size: float = 10.0
    dashes: bool = False

    def node(self) -> dict[str, Any]:
        """The vis-network fields of a node drawn in this style."""
        out: dict[str, Any] = {
            "shape": self.shape, "size": self.size, "borderWidth": self.border_width,
            "color": {"background": self.fill, "border": self.border,
                      "highlight": {"background": self.fill, "border": INK},
                      "hover": {"background": self.fill, "border": INK}},
        }
        if self.dashes:
            out["shapeProperties"] = {"borderDashes": [4, 3]}
        return out

    def swatch(self) -> str:
        """The same shape, fill and outline as an SVG inside a 16x16 box."""
        return swatch(self.shape, self.fill, self.border, min(self.border_width, 3.0), self.dashes)

    def legend(self, text: str) -> dict[str, str]:
        """A legend row for this style."""
        return {"svg": self.swatch(), "text": text, "fill": self.fill, "stroke": self.border}


@cache
def asset_template(name: str) -> jinja2.Template:
    """A Jinja template from ``visualizations/assets`` with autoescaping on: every value is escaped unless
    marked ``|safe`` (only markup built here: inlined vis-network, SVG charts, escaped tables). Each page starts
    with ``{% include "head.html" %}`` (doctype, charset, viewport, title)."""
    return _assets().get_template(name)


@cache
def _assets() -> jinja2.Environment:
    """The pages' Jinja environment: templates (and the ``head.html`` they include) read from ``assets/``."""
    folder = resources.files("pairnet.visualizations").joinpath("assets")
    return jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: folder.joinpath(name).read_text("utf-8")),
                              autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as pyvis ships them, safe inside script/style (pyvis itself is not imported:
    it pulls in IPython, a quarter of a second)."""
    spec = importlib.util.find_spec("pyvis")
    vis_dir = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"
    js = (vis_dir / "vis-network.min.js").read_text("utf-8").replace("</script", "<\\/script")
    css = (vis_dir / "vis-network.css").read_text("utf-8").replace("</style", "<\\/style")
    return js, css


def base_options(n_nodes: int) -> dict[str, Any]:
    """vis-network options for a laid-out map: positions come from Python, so physics stays off."""
    big = n_nodes > BIG_MAP
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "width": 0.7, "color": {"color": "#9aa5b1", "highlight": INK},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}}},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False},
    }


def render_page(*, title: str, subtitle: str, nodes: list[dict], edges: list[dict], legend: list[dict],
                boxes: list[dict] | None = None, labels: list[dict] | None = None,
                areas: list[dict] | None = None, options: dict | None = None, lang: str = "en",
                text: dict[str, str] | None = None, tips: list[str] | None = None) -> MapPage:
    """Render a map page. Every text argument is user text and is escaped (HTML) or drawn as canvas text.

    Each node dict needs ``id``, ``name`` (shown by the search) and may carry vis-network fields; ``title``
    (the tooltip) must be plain text: vis-network 9 shows string titles with ``innerText``. ``boxes`` (group
    boxes with a name), ``areas`` (outlines with a fill) and ``labels`` (from ``layout.place_labels``) are
    painted on the canvas. ``text`` holds the page's own words: ``find``, ``search_hint``, ``no_match``, ``of``.
    ``tips`` are tooltip line templates (``{}`` for the value): a node with ``tip`` (one value per template,
    None to leave a line out) gets its title made in the page, which keeps 30,000 households' data small.
    """
    for n in nodes:
        n["find"] = f"{n.get('name', '')} {n.get('key', '')}".lower()
    js, css = vis_assets()
    words = {"find": "Find", "search_hint": "Find a name or ID", "no_match": "no match", "of": "of"} | (text or {})
    spec = {"nodes": nodes, "edges": edges, "options": options or base_options(len(nodes)), "boxes": boxes or [],
            "labels": [{k: v for k, v in lb.items() if k != "key"} for lb in labels or []], "areas": areas or [],
            "expected": {"nodes": len(nodes), "edges": len(edges)}, "text": words, "tips": tips or []}
    html = asset_template("map.html").render(title=title, subtitle=subtitle, legend=legend, spec=script_json(spec),
                                             vis_js=js, vis_css=css, lang=lang, text=words)
    return MapPage(html, title, len(nodes), len(edges))


_JS_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
               ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))  # old browsers end a line at the last two


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside a <script> block: what Jinja's ``tojson`` makes (``<``, ``>``, ``&``, ``'``
    as ``\\u`` escapes, so no text can close the script), compact and unsorted (a third of the time at 30,000
    nodes)."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JS_ESCAPES:  # str.replace runs in C; str.translate with a dict is 8x slower on 1 MB
        out = out.replace(char, escape)
    return out


def external_refs(html: str) -> list[str]:
    """Every place where ``html`` would make the browser fetch from outside the file (should be empty)."""
    return [html[max(0, m.start() - 40):m.end() + 40] for m in _FETCH.finditer(html)]


# --- legend swatches (inline SVG inside a 16x16 box) ---------------------------------------------------
def swatch(shape: str, fill: str, stroke: str = "#3e4c59", width: float = 0.8, dashes: bool = False) -> str:
    """An SVG shape for the legend, matching vis-network's node shapes, fill and outline."""
    dash = ' stroke-dasharray="2.5,1.5"' if dashes else ""
    c = f'fill="{fill}" stroke="{stroke}" stroke-width="{width:g}"{dash}'
    return {
        "dot": f'<circle cx="8" cy="8" r="6" {c}/>',
        "square": f'<rect x="2.5" y="2.5" width="11" height="11" {c}/>',
        "box": f'<rect x="1" y="4" width="14" height="8" rx="2" {c}/>',
        "triangle": f'<polygon points="8,1.5 14.5,14 1.5,14" {c}/>',
        "triangleDown": f'<polygon points="1.5,2 14.5,2 8,14.5" {c}/>',
        "diamond": f'<polygon points="8,1 15,8 8,15 1,8" {c}/>',
        "hexagon": f'<polygon points="8,1.5 13.6,4.75 13.6,11.25 8,14.5 2.4,11.25 2.4,4.75" {c}/>',
        "star": '<polygon points="8,0.8 10.1,5.7 15.4,6.1 11.4,9.6 12.6,14.8 8,12 3.4,14.8 4.6,9.6 0.6,6.1 '
                f'5.9,5.7" {c}/>',
        "area": f'<rect x="1" y="2" width="14" height="12" rx="4" {c}/>',
        "line": f'<line x1="1" y1="8" x2="15" y2="8" stroke="{stroke}" stroke-width="{max(width, 2):g}"/>',
        "dash": f'<line x1="1" y1="8" x2="15" y2="8" stroke="{stroke}" stroke-width="{max(width, 2):g}" '
                'stroke-dasharray="3,2"/>',
    }[shape]


def legend_item(shape: str, color: str, text: str, *, stroke: str | None = None) -> dict[str, str]:
    """A legend row for a shape or a line of one colour (lines take ``color`` as their stroke)."""
    line = shape in ("line", "dash")
    stroke = color if line else (stroke or "#3e4c59")
    return {"svg": swatch(shape, color, stroke, 2 if line else 0.8), "text": text, "fill": color, "stroke": stroke}


def tooltip(*lines: str | None) -> str:
    """A plain-text tooltip from lines (blank ones dropped)."""
    return "\n".join(line for line in lines if line)
