"""The offline map page: a pyvis network rendered with vis-network inlined, escaped text, a legend and a search box."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from pyvis.network import Network

from pairnet.graph.core import atomic
from pairnet.graph.core.result import Result

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
BIG_MAP = 3000  # above this many nodes, edges are hidden while dragging or zooming

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
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, self.html)
        return path

    def written(self, path: str | Path) -> Result:
        """Write the page and say so, as a command result."""
        path = self.write(path)
        data = {"path": str(path), "title": self.title, "nodes": self.nodes, "edges": self.edges,
                "bytes": path.stat().st_size}
        return Result(data=data, text=f"Wrote {path}: {self.title} ({self.nodes:,} nodes, {self.edges:,} edges)")


@cache
def asset_template(name: str) -> jinja2.Template:
    """A Jinja template from ``visualizations/assets`` with autoescaping on: every value is escaped unless
    marked ``|safe`` (only markup built here: inlined vis-network, SVG charts, escaped tables)."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(resources.files("pairnet.visualizations").joinpath("assets", name).read_text("utf-8"))


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as pyvis ships them for ``cdn_resources='in_line'``, safe inside script/style."""
    js = (VIS_DIR / "vis-network.min.js").read_text("utf-8").replace("</script", "<\\/script")
    css = (VIS_DIR / "vis-network.css").read_text("utf-8").replace("</style", "<\\/style")
    return js, css


def base_options(n_nodes: int) -> dict[str, Any]:
    """vis-network options for a laid-out map: positions come from Python, so physics stays off."""
    big = n_nodes > BIG_MAP
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "width": 0.7, "color": {"color": "#9aa5b1", "highlight": "#1f2933"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}}},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False},
    }


def render_page(*, title: str, subtitle: str, nodes: list[dict], edges: list[dict], legend: list[dict],
                boxes: list[dict] | None = None, options: dict | None = None, lang: str = "en",
                search_hint: str = "Find a name or ID") -> MapPage:
    """Render a map page. Every text argument is user text and is escaped (HTML) or drawn as canvas text.

    Each node dict needs ``id``, ``name`` (shown by the search) and may carry vis-network fields; ``title``
    (the tooltip) must be plain text: vis-network 9 shows string titles with ``innerText``.
    """
    for n in nodes:
        n["find"] = f"{n.get('name', '')} {n.get('key', '')}".lower()
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    # Assign the lists directly: pyvis' add_node/add_edge check duplicates by list scan (quadratic at 30k nodes).
    net.nodes, net.edges = nodes, edges
    net.options = options or base_options(len(nodes))
    nodes, edges, heading, _, _, options_json = net.get_network_data()
    js, css = vis_assets()
    spec = {"nodes": nodes, "edges": edges, "options": json.loads(options_json), "boxes": boxes or [],
            "expected": {"nodes": len(nodes), "edges": len(edges)}}
    html = asset_template("map.html").render(title=heading, subtitle=subtitle, legend=legend, spec=spec, vis_js=js,
                              vis_css=css, lang=lang, search_hint=search_hint)
    return MapPage(html, heading, len(nodes), len(edges))


def external_refs(html: str) -> list[str]:
    """Every place where ``html`` would make the browser fetch from outside the file (should be empty)."""
    return [html[max(0, m.start() - 40):m.end() + 40] for m in _FETCH.finditer(html)]


# --- legend swatches (inline SVG inside a 16x16 box) ---------------------------------------------------
def swatch(shape: str, color: str) -> str:
    """An SVG shape for the legend, matching vis-network's node shapes."""
    c = f'fill="{color}" stroke="#3e4c59" stroke-width="0.8"'
    return {
        "dot": f'<circle cx="8" cy="8" r="6" {c}/>',
        "square": f'<rect x="2.5" y="2.5" width="11" height="11" {c}/>',
        "box": f'<rect x="1" y="4" width="14" height="8" rx="2" {c}/>',
        "triangle": f'<polygon points="8,1.5 14.5,14 1.5,14" {c}/>',
        "diamond": f'<polygon points="8,1 15,8 8,15 1,8" {c}/>',
        "star": '<polygon points="8,0.8 10.1,5.7 15.4,6.1 11.4,9.6 12.6,14.8 8,12 3.4,14.8 4.6,9.6 0.6,6.1 '
                f'5.9,5.7" {c}/>',
        "line": f'<line x1="1" y1="8" x2="15" y2="8" stroke="{color}" stroke-width="2"/>',
        "dash": f'<line x1="1" y1="8" x2="15" y2="8" stroke="{color}" stroke-width="2" stroke-dasharray="3,2"/>',
    }[shape]


def legend_item(shape: str, color: str, text: str) -> dict[str, str]:
    return {"svg": swatch(shape, color), "text": text}


def tooltip(*lines: str | None) -> str:
    """A plain-text tooltip from lines (blank ones dropped)."""
    return "\n".join(line for line in lines if line)
