"""Streamlit glue shared by the pages: language, cached connection, cached queries and layers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import polars as pl
import streamlit as st

from cakupan import db, settings, snapshot
from cakupan.boundaries import LAYER_FILES, Layer, coarse_layer, load_layer
from cakupan.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

# plotly.js would fetch its world topojson from a CDN; serve empty stubs from static/ instead.
PLOTLY_CONFIG = {"topojsonURL": "app/static/topo/", "displaylogo": False, "responsive": True}


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
        for option in options:
            if str(option) == values[0]:
                return option
        reason = _date_reason(values[0], options) if options and all(isinstance(o, date) for o in options) else unknown
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
    for key, value in choices.items():
        if st.query_params.get_all(key) != [str(value)]:
            st.query_params[key] = str(value)
    url_notices()


@st.cache_resource(show_spinner=False, max_entries=2)
def _connection(path: str, version: tuple[int, int]) -> db.Snapshot:
    # Read-only, one per file version: an import replaces the file (cakupan.snapshot), and the
    # next query here opens the new version while runs still on the old one finish on it.
    return db.Snapshot(Path(path))


def data_version() -> tuple[int, int]:
    """The database file's version (changes with every import, rollback or rebuild)."""
    return snapshot.version(settings.db_path())


def connection() -> db.Snapshot:
    """The app's read-only connection to the current version of the database."""
    return _connection(str(settings.db_path()), data_version())


def data_changed() -> None:
    """Forget cached query results after an import or a rollback committed in this process
    (other processes see the new file version in their cache keys)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=256)
def _query(path: str, version: tuple[int, int], name: str, params: tuple) -> pl.DataFrame:
    return db.run_query(_connection(path, version), name, **dict(params))


def query(name: str, **params: object) -> pl.DataFrame:
    """Run a named query against the app's database; results are cached per file version."""
    return _query(str(settings.db_path()), data_version(), name, tuple(sorted(params.items())))


def database_ready() -> bool:
    return settings.db_path().exists()


@st.cache_data(show_spinner=False, max_entries=4)
def _database_current(path: str, version: tuple[int, int]) -> bool:
    return db.fingerprint_of(_connection(path, version)) == db.current_fingerprint()


def database_current() -> bool:
    """Whether the database was built by this version's schema (an older one lacks its tables)."""
    return _database_current(str(settings.db_path()), data_version())


@st.cache_resource(show_spinner=False)
def _layer(geo_dir: str, level: str, version: int) -> Layer:
    return load_layer(Path(geo_dir), level)


def layer_version(level: str) -> int:
    """The version of a boundary layer file (its modification time in ns; a boundary import
    replaces the file), part of every cache key that holds shapes."""
    file = settings.geo_dir() / LAYER_FILES[level]
    return file.stat().st_mtime_ns if file.exists() else 0


@st.cache_resource(show_spinner=False)
def _coarse_layer(geo_dir: str, level: str, version: int) -> Layer:
    return coarse_layer(_layer(geo_dir, level, version))


def layer(level: str, coarse: bool = False) -> Layer:
    """A boundary layer, loaded from disk once per file version (a boundary import replaces it);
    `coarse` for maps of many provinces at once (see boundaries.coarse_layer)."""
    return (_coarse_layer if coarse else _layer)(str(settings.geo_dir()), level, layer_version(level))


def periods() -> list[date]:
    return query("periods")["period"].to_list()


@st.cache_data(show_spinner=False, max_entries=64)
def _briefing(path: str, version: tuple[int, int], geo_dir: str, layer_version: int, province: str, period: date, basis: str,
              lang: str):
    from cakupan import briefing as brief

    data = brief.load(lambda name, **params: _query(path, version, name, tuple(sorted(params.items()))),
                      province, period, basis)
    return brief.build(data, brief.regency_layer_subset(_layer(geo_dir, "regency", layer_version), province), lang)


def briefing(province: str, period: date, basis: str, lang: str):
    """The one-page province briefing (cakupan.briefing.Briefing), cached per database and layer version."""
    return _briefing(str(settings.db_path()), data_version(), str(settings.geo_dir()), layer_version("regency"),
                     province, period, basis, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _kanwil_briefing(path: str, version: tuple[int, int], geo_dir: str, layer_version: int, kanwil: str, period: date,
                     basis: str, lang: str):
    from cakupan import briefing as brief
    from cakupan import kanwil_briefing

    data = kanwil_briefing.load(lambda name, **params: _query(path, version, name, tuple(sorted(params.items()))),
                                kanwil, period, basis)
    layer = brief.regency_layer_subset(_layer(geo_dir, "regency", layer_version),
                                       frozenset(data.provinces["area_code"].to_list()))
    return kanwil_briefing.build(data, layer, lang)


def kanwil_briefing(kanwil: str, period: date, basis: str, lang: str):
    """The one-page Kanwil briefing, cached per database and layer version."""
    return _kanwil_briefing(str(settings.db_path()), data_version(), str(settings.geo_dir()), layer_version("regency"),
                            kanwil, period, basis, lang)
