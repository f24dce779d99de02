"""What a reader chose: language, URL parameters, and the choices kept across pages."""

from __future__ import annotations

import re

from collections.abc import Sequence
from datetime import date

import streamlit as st

from cakupan.i18n import DEFAULT_LANGUAGE, LANGUAGES, t


def through_navigation() -> None:
    """Rerun a page that Streamlit started on its own through dashboard.py. Until dashboard.py's
    first run calls st.navigation, Streamlit serves a `pages/` folder by file name (its first
    multipage design), with dashboard.py as one page among them: a deep link on a fresh server
    would run the page without the app's sidebar, language switch and navigation."""
    from streamlit import config
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    # AppTest starts every run that way (it resets the flag below), and a rerun would drop a
    # click it is testing; on a server it happens only on a session's first run. (AppTest
    # patches config.get_option itself, which st.get_option does not see.)
    if ctx is None or config.get_option("global.appTest"):
        return
    manager = ctx.pages_manager
    # Under st.navigation dashboard.py is the frame around the pages, never a page itself.
    if any(page.get("script_path") == manager.main_script_path for page in manager.get_pages().values()):
        PagesManager.uses_pages_directory = False  # what st.navigation itself sets
        st.rerun()


def language() -> str:
    """The reader's language, kept in the URL as ?lang=id|en. The sidebar's page links drop the
    query string, so the session remembers the choice and puts it back into the URL."""
    lang = url_choice("lang", LANGUAGES, None)
    if lang is None:
        lang = st.session_state.get("cakupan_lang", DEFAULT_LANGUAGE)
        if lang != DEFAULT_LANGUAGE or "lang" in st.query_params:  # an unusable ?lang= is replaced
            st.query_params["lang"] = lang
    st.session_state["cakupan_lang"] = lang
    return lang


URL_NOTICES = "cakupan_url_notices"


def url_choice(key: str, options: Sequence, default, unknown: str = "choice"):
    """The option named in the URL for `key`, or the default when it is missing or unusable.

    An unusable value (empty, repeated, not among the options) is noted with its reason, and
    `url_notices` later says which parameter was ignored: an old link must not silently show
    another view. `unknown` names the reason for a value outside the options ("code" for areas).
    """
    values = st.query_params.get_all(key)
    if not values:
        return default
    if len(values) > 1:
        reason = "repeated"
    elif not values[0].strip():
        reason = "empty"
    else:
        months = bool(options) and all(isinstance(o, date) for o in options)
        # A month may also be written as file names and the command line write it: 2025-12.
        text = values[0] + "-01" if months and re.fullmatch(r"\d{4}-\d{2}", values[0]) else values[0]
        for option in options:
            if str(option) == text:
                return option
        reason = _date_reason(text, options) if months else unknown
    st.session_state.setdefault(URL_NOTICES, {})[key] = (reason, ", ".join(values))
    return default


def _date_reason(text: str, months: Sequence[date]) -> str:
    """Why a URL date is unusable: not a date as the app writes it, or a month the data do not have."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return "date"
    return "date" if day in months else "month"  # e.g. 20251201: a month we have, written another way


def url_notices() -> None:
    """One box, one line for each URL parameter ignored since the last call: what, why, and what is
    shown instead (the URL already holds the shown value, so a copied link matches the page)."""
    lang = st.session_state.get("cakupan_lang", DEFAULT_LANGUAGE)
    lines = []
    for key, (reason, value) in st.session_state.pop(URL_NOTICES, {}).items():
        # Backticks in a pasted value would break the code span; very long values are cut.
        value = value.replace("`", "'")[:60]
        shown = st.query_params.get(key)
        text = t("url.ignored", lang, param=key, value=value, reason=t(f"url.reason.{reason}", lang))
        lines.append(f"{text} {t('url.shown', lang, param=key, shown=shown)}" if shown else text)
    if lines:
        st.info("  \n".join(lines), icon=":material/link_off:")


def seed(key: str, value, options: Sequence | None = None) -> str:
    """A widget key whose state starts from `value` once per session and then keeps the reader's choice.

    Pages pass this as `key=` instead of passing the URL value as `index=`: an index that follows the
    URL gives the widget a new identity whenever the URL changes, and every second choice is lost.
    """
    if key not in st.session_state or (options is not None and st.session_state[key] not in options):
        st.session_state[key] = value
    return key


def url_key(key: str, param: str, options: Sequence, default, unknown: str = "choice") -> str:
    """`seed` with the starting value read from the URL parameter `param` (see `url_choice`)."""
    return seed(key, url_choice(param, options, default, unknown), options)


def remember(**choices: object) -> None:
    """Write the current choices into the URL so that a copied link restores the view, then say
    which URL parameters were ignored (a repeated parameter is written back once)."""
    changed = {key: str(value) for key, value in choices.items() if st.query_params.get_all(key) != [str(value)]}
    if changed:
        # One update, one message to the browser: each single assignment sends the whole URL again.
        st.query_params.update(changed)
    url_notices()
