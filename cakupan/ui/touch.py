"""The app's own stylesheet: tap targets for touch on a narrow screen (a phone at 420 px), and text
that wraps rather than being cut off ("499,7 r…", a mover's link ending in "+3,74 p")."""

from __future__ import annotations

import streamlit as st

# 44 px is the smallest comfortable tap target in Apple's and WCAG 2.5.5's guidance. On a narrow
# screen every control a reader taps gets at least that height; long link texts wrap instead
# of being cut off. Wide screens keep Streamlit's own denser layout (a mouse is precise).
MIN_TAP_PX = 44
NARROW_PX = 640

TOUCH_CSS = f"""
@media (max-width: {NARROW_PX}px) {{
  [data-testid="stSidebarNavLink"], [data-testid="stPageLink"] a, [data-testid="stPageLink-NavLink"],
  [data-testid="stBaseButton-tertiary"], [data-testid="stBaseButton-secondary"],
  [data-testid="stBaseButton-primary"], [data-testid="stBaseButton-pills"],
  [data-testid="stButtonGroup"] button, [data-testid="stMainMenuButton"], [data-testid="stTooltipHoverTarget"],
  [data-testid="stExpander"] summary, [data-testid="stPopover"] button,
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
  [data-testid="stRadio"] label, [data-testid="stCheckbox"] label,
  [data-testid="stSelectbox"] div:has(input), [data-testid="stMultiSelect"] div:has(input),
  [data-testid="stTextInputRootElement"],
  [data-testid="stTextInputRootElement"] input, [data-testid="stDateInput"] input {{
    min-height: {MIN_TAP_PX}px !important;
  }}
  [data-testid="stRadio"] label, [data-testid="stCheckbox"] label, [data-testid="stPageLink"] a {{
    display: flex !important; align-items: center !important;
  }}
  [data-testid="stTooltipHoverTarget"], [data-testid="stMainMenuButton"] {{
    min-width: {MIN_TAP_PX}px !important; display: flex !important; align-items: center; justify-content: center;
  }}
  /* A map printing more than 15 values (a whole country's provinces) is a heap of overlapping
     numbers at this width: its values are left to the tap, the table and the download. */
  .js-plotly-plot g.trace.scattergeo:has(> g:nth-child(16)) text {{ display: none; }}
  /* The Kanwil's province panels are about 130 px wide here: names in a smaller type, values to the tap. */
  .st-key-regional_map .annotation-text, .st-key-regional_change .annotation-text {{ font-size: 10px !important; }}
  .st-key-regional_map g.trace.scattergeo text, .st-key-regional_change g.trace.scattergeo text {{ display: none; }}
  /* The heading anchors are for copying a link with a mouse; on a phone they are 16 px specks. */
  [data-testid="stHeaderActionElements"] {{ display: none !important; }}
  [data-testid="stBaseButton-tertiary"] {{ min-width: {MIN_TAP_PX}px !important; padding: 0 8px !important; }}
}}
[data-testid="stPageLink"] p, [data-testid="stPageLink"] span {{ white-space: normal !important; }}
/* Bandingkan: three figures in each half of the page (cakupan.ui.banding.compare_column). */
.st-key-compare_metrics_a [data-testid="stMetricValue"], .st-key-compare_metrics_b [data-testid="stMetricValue"] {{
  font-size: 1.875rem !important;
}}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
"""


def apply() -> None:
    """Add the touch stylesheet to the page (once per run, from the entry file)."""
    st.html(f"<style>{TOUCH_CSS}</style>")
