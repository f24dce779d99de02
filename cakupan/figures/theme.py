"""The house style of every figure: colours, font, separators, and small axis helpers."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

from cakupan import fmt, fonts
from cakupan.choices import Metric
from cakupan.i18n import t

# ColorBrewer YlGnBu: colour-blind safe, and light-to-dark so it survives black-and-white print.
SEQUENTIAL = ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"]

FONT = fonts.STACK

# ColorBrewer YlOrBr for counts of need (people not yet covered): sequential and colour-blind safe.
NEED = ["#ffffe5", "#fff7bc", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#993404", "#662506"]

# ColorBrewer PuOr: diverging and colour-blind safe; orange marks the worse side, purple the better.
DIVERGING = ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb", "#b2abd2", "#8073ac", "#542788"]

NO_DATA = "#d9d9d9"
# Characters of a 15 px title that fit a phone's chart (about 340 px) on one line.
TITLE_ONE_LINE = 40

OVER_100 = "#d95f02"

LINE = "#225ea8"


def _scale(colours: Sequence[str]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (for legend ends)."""
    if value <= 0 or math.isnan(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def format_value(value: float | None, metric: Metric, lang: str, band_labels: dict[str, str] | None = None) -> str:
    """A metric value with its unit, the reader's way."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if metric.unit == "pct":
        return fmt.percent(value, lang, 1)
    if metric.unit == "pts":
        return fmt.points(value, lang)
    if metric.unit == "band":
        return (band_labels or {}).get(value, str(value))
    text = fmt.signed(value, lang) if metric.scale == "diverging" else fmt.number(value, lang)
    return f"{text} {t('exp.unit.people', lang)}"


# d3-format specs for the browser-side hover, to fmt's digits; layout.separators makes them read
# 1.234.567 / 33,2%.
D3 = {"pct": f":.{fmt.PERCENT_DIGITS}f", "people": ":,.0f", "people_signed": ":+,.0f",
      "pts": f":+.{fmt.POINTS_DIGITS}f"}

SEPARATORS = {"id": ",.", "en": ".,"}


def month_ticks(periods: Sequence, lang: str, every: int = 6) -> dict:
    """Axis ticks on January and July (by default), labelled in the reader's language
    (plotly's own date labels are English only)."""
    ticks = sorted({p for p in periods if (p.month - 1) % every == 0})
    if len(ticks) < 2:  # a short series: label its own months, at most six of them
        months = sorted(set(periods))
        ticks = months[::max(1, -(-len(months) // 6))]
    return dict(tickvals=ticks, ticktext=[fmt.month(p, lang, short=True) for p in ticks])


ACTUAL = "#225ea8"

AFTER = "#9e9e9e"

TARGET = "#b2182b"

# The house style of every figure, defined once: the shipped font, white paper, a white hover
# label. It is registered as the plotly template "cakupan" and merged by house() into each
# figure's own layout, on top of the environment's base template (Streamlit's on screen, whose
# colours the browser fills in, and plotly's in exports), so neither loses what it relies on.
HOUSE = go.layout.Template(layout=dict(
    font=dict(family=FONT), paper_bgcolor="white", plot_bgcolor="white",
    hoverlabel=dict(bgcolor="white", font_size=12, align="left")))
pio.templates["cakupan"] = HOUSE


def separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for the reader: 33,2 and 1.234 in Indonesian."""
    return SEPARATORS[lang]


def house_layout(lang: str) -> dict:
    """The house style's layout properties (HOUSE) and the reader's separators, as plotly's JSON."""
    return {**HOUSE.layout.to_plotly_json(), "separators": separators(lang)}


def house(fig: go.Figure, lang: str) -> go.Figure:
    """The figure in the house style (HOUSE) with the reader's separators; returns it."""
    return fig.update_layout(house_layout(lang))
