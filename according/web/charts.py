"""Chart geometry, computed here and drawn as inline SVG by the templates (no JavaScript needed).

Colours come from the Okabe–Ito palette, which stays distinct for the common colour-vision
deficiencies; every mark also has a text label or tooltip, so colour is never the only cue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

PALETTE_SIZE = 8  # CSS classes o0..o7; the last one is "other outlets"


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out: list[str] = []
    while (y, m) <= end and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: int
    label: str


@dataclass
class MonthChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[int, str, int]] = field(default_factory=list)  # (colour, outlet, claims)
    peak: int = 0
    baseline: float = 0

    def marks(self) -> Markup:
        """The bars as SVG, built here in one pass: a prolific speaker's chart has hundreds of
        bars, and a template loop spent more time on them than the page's queries did. Labels
        (outlet names are untrusted) are escaped like everything a template prints."""
        return Markup(
            "".join(
                f'<rect class="o{b.colour}" data-o="{b.colour}" x="{b.x:.1f}" y="{b.y:.1f}" '
                f'width="{b.width:.1f}" height="{b.height:.1f}"><title>{escape(b.label)}</title></rect>'
                for b in self.bars
            )
        )


def month_chart(
    by_month_outlet: dict[str, dict[str, int]], width: int = 760, height: int = 220
) -> MonthChart:
    """Stacked bars: one per month (gaps kept, so time reads true), one colour per outlet."""
    chart = MonthChart(width, height)
    if not by_month_outlet:
        return chart
    totals: dict[str, int] = {}
    for outlets in by_month_outlet.values():
        for outlet, n in outlets.items():
            totals[outlet] = totals.get(outlet, 0) + n
    ranked = sorted(totals, key=lambda o: (-totals[o], o))
    named = ranked[: PALETTE_SIZE - 1] if len(ranked) > PALETTE_SIZE else ranked
    colour = {o: i for i, o in enumerate(named)}
    chart.legend = [(colour[o], o, totals[o]) for o in named]
    if len(ranked) > len(named):
        chart.legend.append(
            (
                PALETTE_SIZE - 1,
                f"{len(ranked) - len(named)} other outlets",
                sum(totals[o] for o in ranked[len(named) :]),
            )
        )
    dated = sorted(m for m in by_month_outlet if m != "undated")
    months = _months(dated[0], dated[-1]) if dated else []
    if "undated" in by_month_outlet:
        months.append("undated")
    left, bottom, top = 36.0, 24.0, 8.0
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / max(1, len(months))
    bar_w = max(1.0, min(28.0, step * 0.8))
    chart.peak = max(sum(by_month_outlet.get(m, {}).values()) for m in months) if months else 0
    chart.baseline = top + plot_h
    scale = plot_h / chart.peak if chart.peak else 0
    every = max(1, len(months) // 12)
    name_of = {i: o for o, i in colour.items()}
    for k, month in enumerate(months):
        x = left + k * step + (step - bar_w) / 2
        y = chart.baseline
        stack: dict[int, int] = {}
        for outlet, n in by_month_outlet.get(month, {}).items():
            c = colour.get(outlet, PALETTE_SIZE - 1)
            stack[c] = stack.get(c, 0) + n
        for c in sorted(stack):
            h = stack[c] * scale
            y -= h
            name = name_of.get(c, "other outlets")
            chart.bars.append(Bar(x, y, bar_w, h, c, f"{month} · {name}: {stack[c]}"))
        if k % every == 0 or month == "undated":
            chart.ticks.append((x + bar_w / 2, month))
    return chart


@dataclass
class Dot:
    x: float
    y: float
    first: bool
    label: str
    article: int


@dataclass
class Timeline:
    width: int
    height: int
    rows: list[tuple[float, str]] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)


def timeline(appearances: list[dict[str, Any]], width: int = 760) -> Timeline:
    """One row per outlet (the first to carry the claim on top), one dot per appearance."""
    outlets = list(dict.fromkeys(a["outlet"] for a in appearances))
    row_h, left, top = 26.0, 160.0, 10.0
    chart = Timeline(width, int(top + row_h * len(outlets) + 30))
    dates = sorted({dt.date.fromisoformat(a["date"]) for a in appearances if a.get("date")})
    plot_w = width - left - 70
    undated_x = width - 40.0
    span = (dates[-1] - dates[0]).days if dates else 0

    def x_of(value: str | None) -> float:
        if not value:
            return undated_x
        if span == 0:
            return left + plot_w / 2
        return left + plot_w * (dt.date.fromisoformat(value) - dates[0]).days / span

    for k, outlet in enumerate(outlets):
        chart.rows.append((top + row_h * k + row_h / 2, outlet))
    taken: dict[tuple[int, int], int] = {}  # appearances on one day in one outlet sit side by side
    for k, a in enumerate(appearances):
        row = outlets.index(a["outlet"])
        y = top + row_h * row + row_h / 2
        x = x_of(a.get("date"))
        slot = taken.get((row, round(x)), 0)
        taken[(row, round(x))] = slot + 1
        title = a.get("title") or f"article {a['article']}"
        label = f"{a.get('date') or 'undated'} · {a['outlet']}: {title}"
        chart.dots.append(Dot(min(x + 12 * slot, width - 8.0), y, k == 0, label, int(a["article"])))
    if dates:
        chart.ticks = [(x_of(d.isoformat()), d.isoformat()) for d in sorted({dates[0], dates[-1]})]
    if any(not a.get("date") for a in appearances):
        chart.ticks.append((undated_x, "undated"))
    return chart


@dataclass
class Node:
    x: float
    y: float
    width: float
    label: str
    full: str


@dataclass
class Edge:
    path: str  # SVG path data: a straight or gently curved arrow, or a loop under the boxes
    count: int


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def chain_graph(chains: list[list[str]], width: int = 760) -> Graph:
    """Who-said-who-said: every chain's links as boxes in columns (outlet on the left, the
    original speaker and channel on the right), arrows counted over all chains."""
    layer: dict[str, int] = {}
    for links in chains:
        for k, name in enumerate(links):
            layer[name] = max(layer.get(name, 0), k)
    if not layer:
        return Graph(width, 0)
    columns = max(layer.values()) + 1
    by_column: dict[int, list[str]] = {}
    for name, k in layer.items():
        by_column.setdefault(k, []).append(name)
    box_w = min(170.0, (width - 20) / columns - 30)
    gap = (width - 20 - box_w * columns) / max(1, columns - 1) if columns > 1 else 0
    row_h = 40.0
    tallest = max(len(v) for v in by_column.values())
    graph = Graph(width, int(row_h * tallest + 10))
    where: dict[str, tuple[float, float]] = {}
    for k, names in sorted(by_column.items()):
        for r, name in enumerate(names):
            x, y = 10 + k * (box_w + gap), 5 + r * row_h
            where[name] = (x, y)
            short = name if len(name) <= 22 else name[:21] + "…"
            graph.nodes.append(Node(x, y, box_w, short, name))
    counts: dict[tuple[str, str], int] = {}
    for links in chains:
        for a, b in zip(links, links[1:], strict=False):
            counts[(a, b)] = counts.get((a, b), 0) + 1
    box_h = 28.0
    for (a, b), n in counts.items():
        (xa, ya), (xb, yb) = where[a], where[b]
        if xb > xa:  # forward, left to right: from the right edge of a to the left edge of b
            x1, y1, x2, y2 = xa + box_w, ya + box_h / 2, xb, yb + box_h / 2
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        else:  # backward (b is reported again by a later link): a loop under the boxes
            x1, y1, x2, y2 = xa + box_w / 2, ya + box_h, xb + box_w / 2, yb + box_h
            low = max(y1, y2) + 22
            path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
            graph.height = max(graph.height, int(low + 6))
        graph.edges.append(Edge(path, n))
    return graph
