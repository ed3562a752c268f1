"""Matplotlib figures to inline SVG text: deterministic, text kept as text, no external references."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from magesupport.formats.escape import html_text

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, small, and the browser's own fonts
    "text.parse_math": False,  # "$1,000" is money, not mathtext
    "svg.hashsalt": "magesupport",  # stable element ids from run to run
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.6,
}
plt.rcParams.update(STYLE)  # every Text made while drawing reads these (e.g. no mathtext in "$1,000")

# colour-blind-safe palette (Okabe-Ito) paired with hatches so no chart relies on colour alone
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def new_figure(width: float, height: float) -> Figure:
    with plt.rc_context(STYLE):
        return plt.figure(figsize=(width, height), dpi=96)


def to_svg(fig: Figure, label: str) -> str:
    """The figure as an <svg> element with role="img" and an aria-label (the full text alternative is beside it).

    The one way a page gets a chart: no XML prologue, no metadata (dates, creator), the figure closed.
    """
    buffer = io.StringIO()
    with plt.rc_context(STYLE):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return text.replace("<svg ", f'<svg role="img" aria-label="{html_text(label)}" ', 1)
