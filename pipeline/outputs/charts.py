"""The report's pictures: claims by outlet and claims per day, drawn by matplotlib as SVG.

matplotlib's own SVG backend draws them (no pyplot, no display, nothing fetched): text stays
text (``svg.fonttype: none``, so the page's font shows it and a reader can search it; no
"$...$" in an outlet's name read as mathematics), each
chart's ids are salted with its name (two charts on one page never share an id) and no date
is written (the same run gives the same bytes). The SVG is trimmed to go inline in the page:
no XML prolog, DOCTYPE, metadata or namespace declarations, and no fixed size (the page's CSS
sizes it by its ``viewBox``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported only when a report is drawn
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

INK = "#6b7785"  # text and axes: readable on the page's light and dark backgrounds
CARRIED = "#3f6f9f"  # the bars: colours the rest of the page does not use
FIRST = "#d0573f"
MIN_SPAN = 7  # days: the timeline's narrowest axis
LABEL_CHARS = 28  # a longer outlet name is cut, with an ellipsis
WIDTH = 6.0  # inches (72 SVG units each): a chart's width on the page is about 1.2 times that
PROLOG = re.compile(r".*?<svg[^>]*>\s*(?:<metadata>.*?</metadata>)?", re.S)  # to the root
ROOT = '<svg viewBox="{}" role="img" aria-label="{}">'
VIEWBOX = re.compile(r'viewBox="([^"]*)"')
GROUP_ID = re.compile(r'(<g) id="[^"]*"')  # "figure_1", "axes_1": the same in every chart


def outlet_chart(rows: Sequence[tuple[str, int, int]]) -> str:
    """Horizontal bars, one per outlet, longest first: the claims it carried, and the part of
    them it printed first.

    Args:
        rows: each outlet's name, claims carried and claims first printed, in chart order.
    """

    def paint(axes: Axes) -> None:
        places = list(range(len(rows)))[::-1]
        names = [n if len(n) <= LABEL_CHARS else f"{n[: LABEL_CHARS - 1]}…" for n, *_ in rows]
        axes.barh(places, [n for _, n, _ in rows], color=CARRIED, height=0.7, label="carried")
        axes.barh(places, [n for *_, n in rows], color=FIRST, height=0.7, label="printed first")
        axes.set_yticks(places, names)
        axes.set_xlabel("claims")
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, labelcolor=INK)
        whole(axes.xaxis)

    return draw("claims by outlet", 0.9 + 0.24 * len(rows), paint)


def timeline_chart(bars: Sequence[tuple[date, int]], days: int, label: str) -> str:
    """Bars of the claims first published in each period of ``days`` days (a day, a week, a
    month), each given by its first day and drawn over its period, in date order. At least
    ``MIN_SPAN`` days are shown, so the axis names days, never hours."""

    def paint(axes: Axes) -> None:
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

        places = date2num([d for d, _ in bars]) + (days - 1) / 2
        axes.bar(places, [n for _, n in bars], color=CARRIED, width=0.8 * days)
        low, high = places[0] - days, places[-1] + days
        pad = max(0.0, MIN_SPAN - (high - low)) / 2
        axes.set_xlim(low - pad, high + pad)
        locator = AutoDateLocator(minticks=3, maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axes.set_ylabel("claims")
        whole(axes.yaxis)

    return draw(label, 2.6, paint)


def draw(name: str, height: float, paint: Callable[[Axes], None]) -> str:
    """A chart of the page's width and ``height`` inches, painted on one plain axes (no frame
    but the bottom and left lines), as SVG markup for the page: text as text, ids salted with
    ``name``, no date, trimmed for inlining."""
    import matplotlib
    from matplotlib.figure import Figure

    out = io.StringIO()
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": name, "text.parse_math": False}
    ):
        figure = Figure(figsize=(WIDTH, height), layout="constrained")
        axes = figure.add_subplot()
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        for side in ("bottom", "left"):
            axes.spines[side].set_color(INK)
        axes.tick_params(colors=INK, labelsize=9.5)
        axes.xaxis.label.set_color(INK)
        axes.yaxis.label.set_color(INK)
        paint(axes)
        figure.savefig(out, format="svg", transparent=True, metadata={"Date": None})
    return trimmed(out.getvalue(), name)


def trimmed(markup: str, label: str) -> str:
    """matplotlib's SVG document as an element for the page: its root tag rewritten with
    only its ``viewBox`` (no size, no namespaces: the page gives both) and a label; no XML
    prolog, DOCTYPE or metadata, and no group ids (the ids that are referred to, of clip
    paths and markers, are salted: unique on the page)."""
    found = PROLOG.match(markup)
    box = VIEWBOX.search(markup)
    if found is None or box is None:
        raise ValueError("matplotlib wrote no SVG root element")
    body = GROUP_ID.sub(r"\1", markup[found.end() :])
    return ROOT.format(box[1], label) + "\n" + body.strip()


def whole(axis: Axis) -> None:
    """Ticks at whole numbers only: the axis counts claims."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
