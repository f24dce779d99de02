"""Plotly's script, asked for as soon as a page opens instead of when its first chart arrives.

Streamlit's frontend loads its plotly bundle (4,7 MB) only when a chart element reaches the
browser, and then spends about half a second running it before anything is drawn. Starting
that import with the page's first element lets it run while the server is still computing the
page. The browser keeps one copy of a module per address, so the chart later finds it loaded.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st


@functools.cache
def _bundle_name() -> str | None:
    """The file name of Streamlit's plotly chunk (hashed per release), or None if not exactly one."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def apply() -> None:
    name = _bundle_name()
    if name is None:
        return
    # Resolved against the address of Streamlit's own entry script, so a base URL path or a proxy
    # prefix gives the very address the chart element imports.
    st.html(f"""<script>
(() => {{
  const entry = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (entry) import(new URL({name!r}, entry.src).href).catch(() => {{}});
}})();
</script>""", unsafe_allow_javascript=True)
