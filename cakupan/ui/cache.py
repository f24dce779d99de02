"""Cached reads for pages: the database snapshot, named queries, boundary layers and briefings, each keyed by the data or layer version it depends on."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cakupan import bands as band_rules
from cakupan import boundaries, db, drill, settings, snapshot
from cakupan.boundaries import LAYER_FILES, Layer, load_layer, stored_coarse_layer
from cakupan.choices import ALL
from cakupan.figures import theme
from cakupan.provenance import addresses_by_name


# The cached functions below are called with keyword arguments on the pages' path: for each
# positional argument Streamlit reads the function's signature again to name it in the cache key
# (inspect.signature, on every call), a few per cent of the server's time under load.
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
    return _connection(path=str(settings.db_path()), version=data_version())


def data_changed() -> None:
    """Forget cached query results after an import or a rollback committed in this process
    (other processes see the new file version in their cache keys)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=256)
def _query(path: str, version: tuple[int, int], name: str, params: tuple) -> pl.DataFrame:
    return db.run_query(_connection(path, version), name, **dict(params))


def query(name: str, **params: object) -> pl.DataFrame:
    """Run a named query against the app's database; results are cached per file version."""
    return _query(path=str(settings.db_path()), version=data_version(), name=name,
                  params=tuple(sorted(params.items())))


def database_ready() -> bool:
    return settings.db_path().exists()


@st.cache_data(show_spinner=False, max_entries=4)
def _database_current(path: str, version: tuple[int, int]) -> bool:
    return db.fingerprint_of(_connection(path, version)) == db.current_fingerprint()


def database_current() -> bool:
    """Whether the database was built by this version's schema (an older one lacks its tables)."""
    return _database_current(path=str(settings.db_path()), version=data_version())


@st.cache_resource(show_spinner=False)
def _layer(geo_dir: str, level: str, version: int) -> Layer:
    # Shared read-only: every map of every session draws from this one object, and without the
    # wrapper plotly deep-copied the whole layer twice per map per rerun (a tenth of the overview's
    # server time under load).
    layer = load_layer(Path(geo_dir), level)
    return dataclasses.replace(layer, geojson=boundaries.SharedGeoJSON(layer.geojson))


def layer_version(level: str) -> int:
    """The version of a boundary layer file (its modification time in ns; a boundary import
    replaces the file), part of every cache key that holds shapes."""
    file = settings.geo_dir() / LAYER_FILES[level]
    return file.stat().st_mtime_ns if file.exists() else 0


@st.cache_resource(show_spinner=False)
def _coarse_layer(geo_dir: str, level: str, version: int) -> Layer:
    return stored_coarse_layer(_layer(geo_dir, level, version), Path(geo_dir) / ".cache" / "coarse")


def layer(level: str, coarse: bool = False) -> Layer:
    """A boundary layer, loaded from disk once per file version (a boundary import replaces it);
    `coarse` for maps of many provinces at once (see boundaries.coarse_layer)."""
    return (_coarse_layer if coarse else _layer)(geo_dir=str(settings.geo_dir()), level=level,
                                                 version=layer_version(level))


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(name: str, key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


def figure(name: str, lang: str, key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure `build()` makes, built once per `key` and shared by every session: a rerun or
    another reader with the same choices reuses it instead of building it again (plotly's
    validation of a figure costs more than its query). `key` holds every choice the figure
    depends on besides the language (month, basis...); the database and boundary files and their
    versions are added here, so an import, a rollback or a boundary import builds anew. The figure is shared:
    render it, never change it (widgets.chart leaves it as it is, the exports copy it)."""
    def built() -> go.Figure:
        return _dict_once(build().update_layout(separators=theme.separators(lang)))

    versions = (str(settings.db_path()), data_version(), str(settings.geo_dir()), layer_version("province"),
                layer_version("regency"))
    return _figure(name=name, key=(*versions, lang, *key), _build=built)


def _dict_once(fig: go.Figure) -> go.Figure:
    """The figure with its plotly JSON (to_dict) worked out now, once, for a figure that is shared
    and shown again and again, as widgets.frozen does for a table's styler. st.plotly_chart and the
    exports ask for to_dict on every run, and plotly deep-copies the whole figure and walks every
    hover cell for typed arrays each time: about half of sending a national kab/kota map. Each
    caller gets its own outer dicts (plotly drops a trace's uid, an export rewrites the layout's
    keys), sharing the lists inside, which no caller changes; the figure itself is never changed
    once built (see figure)."""
    spec = fig.to_dict()
    json_once: list[str] = []  # its JSON text, once asked for (see widgets._json_once)

    def to_dict() -> dict:
        return SharedSpec({**spec, "data": [dict(trace) for trace in spec["data"]], "layout": dict(spec["layout"])},
                          json_once)

    fig.to_dict = to_dict
    return fig


class SharedSpec(dict):
    """The plotly JSON form of a shared figure (see _dict_once), which carries where the figure's
    JSON text is kept: st.plotly_chart turns the figure into this dict and then asks
    plotly.io.to_json for its text, on every run (widgets._json_once writes it once). A caller that
    changes its copy (an export's print layout) takes a plain dict of it first."""

    __slots__ = ("json_once",)

    def __init__(self, spec: dict, json_once: list[str]) -> None:
        super().__init__(spec)
        self.json_once = json_once


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared(name: str, key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def shared(name: str, lang: str, key: tuple, build: Callable[[], object]) -> object:
    """What `build()` makes (a formatted table, a provenance, a map's rows), built once per `key` and
    database version and shared by every session, as `figure` does for figures: 25 readers opening
    the overview see one province table, formatted once. `key` holds every choice it depends on
    besides the language and the database (a boundary layer's version too, where it matters); the
    result is shared, so it is read, never changed."""
    return _shared(name=name, key=(str(settings.db_path()), data_version(), lang, *key), _build=build)


def periods() -> list[date]:
    return query("periods")["period"].to_list()


def source_addresses(lang: str) -> dict[str, str]:
    """Each source's address by its title as the reader sees it (provenance.source_name), read
    once per database version: exports print it beside the title."""
    return shared("source_addresses", lang, (), lambda: addresses_by_name(query("source_addresses"), lang))


def published_rates(month: str, level: str) -> pl.DataFrame:
    """published_rates of one month ('YYYY-MM') and level, cut from the level's every month, which
    is read once per database version: a month not seen before then costs a filter of a few dozen
    rows, not a query (about a tenth of a new-month rerun of Peta). The same rows in the same order
    as the query for that month: its window counts within an area's month, and its order is kept."""
    every = shared("published_rates", "", (level,), lambda: query("published_rates", month="all", level=level))
    return shared("published_rates_month", "", (month, level), lambda: every.filter(pl.col("as_of") == month))


@st.cache_data(show_spinner=False, max_entries=64)
def _briefing(path: str, version: tuple[int, int], geo_dir: str, layer_version: int, province: str, period: date, basis: str,
              lang: str):
    # Imported here: the PDF library and its font tools are a third of a fresh server's first page
    # run, and only the briefing page needs them.
    from cakupan.reports import briefing as province_briefing

    data = province_briefing.load(lambda name, **params: _query(path, version, name, tuple(sorted(params.items()))),
                      province, period, basis)
    return province_briefing.build(data, province_briefing.regency_layer_subset(_layer(geo_dir, "regency", layer_version), province), lang)


def briefing(province: str, period: date, basis: str, lang: str):
    """The one-page province briefing (reports.briefing.Briefing), cached per database and layer version."""
    return _briefing(str(settings.db_path()), data_version(), str(settings.geo_dir()), layer_version("regency"),
                     province, period, basis, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _kanwil_briefing(path: str, version: tuple[int, int], geo_dir: str, layer_version: int, kanwil: str, period: date,
                     basis: str, lang: str):
    from cakupan.reports import briefing as province_briefing
    from cakupan.reports import kanwil_briefing as kanwil_report

    data = kanwil_report.load(lambda name, **params: _query(path, version, name, tuple(sorted(params.items()))),
                                kanwil, period, basis)
    layer = province_briefing.regency_layer_subset(_layer(geo_dir, "regency", layer_version),
                                       frozenset(data.provinces["area_code"].to_list()))
    return kanwil_report.build(data, layer, lang)


def kanwil_briefing(kanwil: str, period: date, basis: str, lang: str):
    """The one-page Kanwil briefing, cached per database and layer version."""
    return _kanwil_briefing(str(settings.db_path()), data_version(), str(settings.geo_dir()), layer_version("regency"),
                            kanwil, period, basis, lang)


@st.cache_resource(show_spinner=False, max_entries=64)
def _shown_layer(geo_dir: str, level: str, version: int, provinces: tuple[str, ...] | None) -> Layer:
    # layer is itself cached per process: the file is read once, subsets are cut from memory.
    # A map of several provinces is drawn from the coarse layer, for kab/kota and provinces alike
    # (the national province map: 9.000 points instead of 14.800, the same look at its scale).
    full = layer(level, coarse=provinces is None or len(provinces) > 1)
    codes = [c for c in full.bounds if provinces is None or drill.province_of(c) in provinces]
    return boundaries.subset_layer(full, codes)


def shown_layer(level: str, provinces=None) -> Layer:
    """The boundary layer cut to the areas of some provinces (None: all), cached per choice.
    The key is the few province codes, not hundreds of area codes, so a cache hit costs nothing;
    the layer's file version is in it, so a boundary import is seen at once."""
    return _shown_layer(geo_dir=str(settings.geo_dir()), level=level, version=layer_version(level),
                        provinces=tuple(sorted(provinces)) if provinces is not None else None)


@st.cache_resource(show_spinner=False)
def _bands(path: str, version: float) -> tuple[band_rules.Band, ...]:
    return band_rules.read_bands(path)


def bands() -> tuple[band_rules.Band, ...]:
    """The UCJ bands (Cakupan's working thresholds), re-read when the CSV changes."""
    path = settings.ucj_bands_path()
    return _bands(path=str(path), version=path.stat().st_mtime if path.exists() else 0.0)


@dataclass(frozen=True)
class Geography:
    """Names and the Kanwil of every province, from the database."""
    kanwil_of: dict[str, str]
    kanwil_names: dict[str, str]
    kanwil_order: tuple[str, ...]
    province_names: dict[str, str]


def geography(latest: date) -> Geography:
    """Kanwil membership and province names (read from the latest month's province figures,
    the same cached query the overview runs), worked out once per month and database version and
    shared (read, never changed): every run of Peta and Tinjauan Wilayah asks for it."""
    return shared("geography", "", (latest,), lambda: _geography(latest))


def _geography(latest: date) -> Geography:
    kanwils = query("kanwils")
    provinces = query("area_coverage", period=latest, basis="ucj", level="province", province=ALL,
                          segment=ALL, kind=ALL)
    kanwil_of = {code: row["kanwil_code"] for row in kanwils.iter_rows(named=True)
                 for code in (row["province_codes"] or "").split(",") if code}
    return Geography(kanwil_of, dict(zip(kanwils["kanwil_code"], kanwils["name"])),
                     tuple(kanwils["kanwil_code"]), dict(zip(provinces["area_code"], provinces["area_name"])))
