"""Text that came from a file or a URL, made safe to show: literal in Markdown, HTML and Plotly labels.

Streamlit renders st.markdown, st.caption, st.info, st.write and widget help as Markdown (with GFM
autolinks, emoji shortcodes, colour directives and maths), and Plotly reads a subset of HTML in
hover and legend text. Only the project's own catalogue strings may use either; a source title,
a target's `set_by`, a note, a cooperative name or a search text is shown as written.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# leaves no emphasis, link, image, heading, list, table, maths or HTML to be read.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# GFM turns bare http://…, www.… and a@b.c into links after the escapes are resolved, and
# Streamlit reads :shortcode: as an emoji or icon; a word joiner (U+2060, invisible and not part
# of any word) after a ':' or '@' that something follows, and inside 'www.', breaks every one of
# those patterns ("Judul: teks" keeps its plain colon and space).
_WORD_JOINER = "\u2060"
_AUTOLINK_BREAKS = re.compile(r"(?<=[:@])(?=\S)|(?<=www)(?=\.)", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def md(text: object) -> str:
    """`text` for any Streamlit element that renders Markdown: shown literally, on one line."""
    if text is None:
        return ""
    flat = _LINE_BREAKS.sub(" ", str(text))
    broken = _AUTOLINK_BREAKS.sub(_WORD_JOINER, flat)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", broken)


def plotly(text: object) -> str:
    """`text` for a Plotly hover, legend, annotation or title: its tags and entities shown literally."""
    if text is None:
        return ""
    return escape(_LINE_BREAKS.sub(" ", str(text)), quote=False)


def safe_url(url: object) -> str | None:
    """The address if it is an absolute http(s) URL with a host and no spaces or control
    characters, else None (it is then shown as text, never as a link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 32 or c in "<>\"'`\\" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def source_md(title: object, url: object = None) -> str:
    """A source for Markdown: its title as text, then its address as a link only when it is
    http(s); any other stored address is shown as plain text."""
    out = md(title) if title else "–"
    if url:
        good = safe_url(url)
        out += f" — [{md(good)}]({_link_target(good)})" if good else f" — {md(url)}"
    return out


def _link_target(url: str) -> str:
    """An http(s) URL as a Markdown link destination: in angle brackets, nothing to break out of."""
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
