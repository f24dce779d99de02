"""Every map in the app and in its exports goes through the one choropleth (figures.maps.metric_map)
and its one hover: the same area reads the same on the overview, Peta, Tinjauan Wilayah, both
briefings and an exported chart."""

from __future__ import annotations

import ast
import json
from datetime import date

import plotly.graph_objects as go
import pytest

from cakupan import db, settings
from cakupan.boundaries import load_layer
from cakupan.figures import maps
from cakupan.provenance import Provenance
from cakupan.reports import briefing, export, kanwil_briefing
from conftest import PROVINCE_SUMS, ROOT, run_page

PERIOD = "2025-12-01"


def test_only_the_map_module_builds_a_choropleth_and_always_with_the_one_hover():
    """No module draws map areas itself: go.Choropleth is called only in figures/maps.py, by
    metric_map (every map) and province_panels (the same map, one small panel per province of a
    Kanwil), and both take their hover from hover_frame and hover_template."""
    callers, hovers = set(), {}
    for path in (ROOT / "cakupan").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for func in ast.walk(tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                called = {getattr(node.func, "attr", getattr(node.func, "id", None))
                          for node in ast.walk(func) if isinstance(node, ast.Call)}
                if called & {"Choropleth", "Choroplethmap"}:
                    name = f"{path.relative_to(ROOT)}:{func.name}"
                    callers.add(name)
                    hovers[name] = {"hover_frame", "hover_template"} <= called
    assert callers == {"cakupan/figures/maps.py:metric_map", "cakupan/figures/maps.py:province_panels"}, callers
    assert all(hovers.values()), hovers


def _hover(spec: dict, code: str, lang: str) -> str:
    """The hover one area shows, from a figure's JSON: its trace's template filled with its row."""
    for trace in spec["data"]:
        if trace["type"] != "choropleth" or not trace.get("customdata") or code not in trace["locations"]:
            continue
        row = trace["customdata"][trace["locations"].index(code)]
        columns = [f"c{i}" for i in range(len(row))]
        template = trace["hovertemplate"]
        return maps.hover_text(template, columns, dict(zip(columns, row)), lang)
    raise AssertionError(f"{code} is on no map trace")


def _app_spec(page: str, key: str, **query) -> dict:
    at = run_page(page, **query)
    assert not at.exception
    charts = [c for c in at.get("plotly_chart") if key in c.proto.id]
    assert len(charts) == 1, [c.proto.id for c in at.get("plotly_chart")]  # the map asked for, by its key
    return json.loads(charts[0].proto.spec)


@pytest.fixture(scope="module")
def regency_layer():
    return load_layer(settings.geo_dir(), "regency")


def test_kota_mataram_reads_the_same_on_every_map(app_env, default_db, regency_layer):
    code, lang = "52.71", "id"
    period = date.fromisoformat(PERIOD)
    hovers = {}
    hovers["peta"] = _hover(_app_spec("peta", "explorer_map", province="52", area="52", period=PERIOD), code, lang)
    hovers["wilayah"] = _hover(_app_spec("wilayah", "regional_map", kanwil="BANUSPA", period=PERIOD), code, lang)
    run = lambda name, **params: db.run_query(default_db, name, **params)  # noqa: E731
    data = briefing.load(run, "52", period)
    province_map = briefing.figures(data, briefing.regency_layer_subset(regency_layer, "52"), lang)["map"]
    hovers["briefing"] = _hover(json.loads(province_map.to_json()), code, lang)
    kanwil = kanwil_briefing.load(run, "BANUSPA", period)
    hovers["kanwil briefing"] = _hover(json.loads(kanwil_briefing.figures(kanwil, regency_layer, lang)["map"].to_json()),
                                       code, lang)
    printed = export.print_figure(go.Figure(province_map), Provenance(("A",), "Desember 2025"), lang)
    hovers["export"] = _hover(json.loads(printed.to_json()), code, lang)
    # Worked out from the query, not from any figure: the same lines every map must show.
    row = db.run_query(default_db, "area_coverage", period=period, basis="ucj", level="regency", province="52",
                       segment="all", kind="all").filter(area_code=code).row(0, named=True)
    expected = maps.rate_hover_text(row, "ucj", code in regency_layer.approximate, lang)
    assert expected.startswith("<b>Kota Mataram</b><br>Cakupan: <b>")
    assert {place: text for place, text in hovers.items() if text != expected} == {}


def test_a_province_reads_the_same_on_the_overview_and_peta(app_env):
    overview = _hover(_app_spec("ringkasan", "overview_map", period=PERIOD, lang="en"), "53", "en")
    explorer = _hover(_app_spec("peta", "explorer_map", level="province", period=PERIOD, lang="en"), "53", "en")
    assert overview == explorer
    assert "<b>Nusa Tenggara Timur</b><br>Coverage: <b>" in overview and "Workers — Source:" in overview


def test_the_house_style_is_written_once():
    """Fonts, separators and the white ground come from theme.HOUSE through theme.house(); no
    figure module spells them out itself."""
    for path in (ROOT / "cakupan" / "figures").glob("*.py"):
        if path.name == "theme.py":
            continue
        tree = ast.parse(path.read_text())
        spelled = sorted({kw.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords
                          if kw.arg in ("separators", "paper_bgcolor", "family")})
        assert spelled == [], (path.name, spelled)


@pytest.mark.parametrize("lang, separators", [("id", ",."), ("en", ".,")])
def test_figures_wear_the_house_style(lang, separators):
    from cakupan.figures import bars, theme

    frame = __import__("polars").DataFrame({"segment": ["PU", "BPU"], "active": [10, 5], "share_pct": [66.7, 33.3]})
    fig = bars.segment_bar(frame, "Segmen", lang)
    assert fig.layout.font.family == theme.FONT and fig.layout.separators == separators
    assert fig.layout.paper_bgcolor == "white" and fig.layout.hoverlabel.bgcolor == "white"


def test_the_hover_rounds_a_rate_as_the_map_label_beside_it(app_env, default_db):
    """NTB, December 2025: the map printed 32,8% on the province and its hover said 32,83%. A rate
    reads to one decimal (fmt) on the map, in its hover, in the tables and the cards; a map that sets
    it against a target or an earlier month keeps two, as its points do."""
    from cakupan.choices import METRICS

    active, workers = default_db.execute(PROVINCE_SUMS, {"p": "52", "month": date.fromisoformat(PERIOD)}).fetchone()
    one = f"{100.0 * active / workers:.1f}%".replace(".", ",")
    spec = _app_spec("peta", "explorer_map", level="province", period=PERIOD)
    assert f"Cakupan: <b>{one}</b> (data sintetis)" in _hover(spec, "52", "id")
    labels = [text for trace in spec["data"] if trace["type"] == "scattergeo" for text in trace.get("text") or []]
    assert one in labels
    for key in ("change_12m", "gap_pts"):
        template, _ = maps.hover_template(METRICS[key], "basis UCJ", "Desember 2025", "id", True)
        assert "%{customdata[1]:.2f}%" in template
    template, _ = maps.hover_template(METRICS["rate"], "basis UCJ", "Desember 2025", "id", True)
    assert "%{customdata[1]:.1f}%" in template
