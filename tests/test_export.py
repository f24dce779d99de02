"""Chart and table exports: footers with provenance, typed spreadsheets, offline map images."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest
from pypdf import PdfReader

from cakupan.boundaries import load_layer, subset_layer
from cakupan.figures.bars import segment_bar
from cakupan.figures.maps import metric_map
from cakupan.provenance import Provenance
from cakupan.figures import theme
from cakupan.reports import export, render

ROOT = Path(__file__).resolve().parent.parent
CREDIT = "Batas wilayah: perkiraan (uji)."
PROVENANCE = Provenance(("Published A", "Synthetic fill"), "April 2025", "ucj", True, CREDIT, batches=("1",))


@pytest.mark.parametrize("lang, expected", [("id", ",."), ("en", ".,")])
def test_separators_follow_the_language(lang, expected):
    assert theme.separators(lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("id", ["Sumber: Published A; Synthetic fill",
            "Data per April 2025 · cakupan = peserta aktif ÷ basis UCJ · Asal angka: data sintetis · Batch impor: 1",
            "Berisi data sintetis: sebagian angka dibuat untuk demonstrasi, bukan angka terbit.",
            CREDIT,
            "Dibuat dengan Cakupan, 1 Mei 2025"]),
    ("en", ["Sources: Published A; Synthetic fill",
            "Data as of April 2025 · coverage = active participants ÷ UCJ base · Provenance: synthetic data · Import batch: 1",
            "Contains synthetic data: some figures were generated for demonstration and are not published figures.",
            CREDIT,
            "Made with Cakupan, May 1, 2025"]),
])
def test_footer_names_sources_date_basis_synthetic_and_boundaries(lang, expected):
    assert export.footer_lines(PROVENANCE, lang, width_chars=200, today=date(2025, 5, 1)) == expected


def test_footer_without_synthetic_data_or_map_has_neither_line():
    published = Provenance(("Published A",), "April 2025")
    assert export.footer_lines(published, "id", today=date(2025, 5, 1)) == [
        "Sumber: Published A", "Data per April 2025", "Dibuat dengan Cakupan, 1 Mei 2025"]


def test_long_source_list_is_wrapped_and_cut_with_a_count():
    sources = tuple(f"Source number {i:02d} with a fairly long headline" for i in range(30))
    lines = export.footer_lines(Provenance(sources, "April 2025"), "en", width_chars=100, max_source_lines=3,
                                today=date(2025, 5, 1))
    source_lines = lines[:-2]
    assert len(source_lines) == 3
    assert all(len(line) <= 100 for line in lines)
    shown = sum(" ".join(source_lines).count(f"Source number {i:02d}") for i in range(30))
    assert f"and {30 - shown} more sources" in " ".join(source_lines)


def test_print_figure_keeps_the_title_and_adds_unit_and_footer_below_the_plot():
    fig = segment_bar(pl.DataFrame({"segment": ["PU", "BPU"], "active": [300, 100], "share_pct": [75.0, 25.0]}),
                      "Peserta aktif menurut segmen", "id")
    out = export.print_figure(fig, Provenance(("Published A",), "April 2025", unit="orang"), "id")
    assert out.layout.title.text == "Peserta aktif menurut segmen"
    assert out.layout.title.subtitle.text == "Satuan: orang · April 2025"
    assert out.layout.width == export.EXPORT_WIDTH
    assert out.layout.separators == ",."
    footer = out.layout.annotations[-1]
    assert footer.text.startswith("Sumber: Published A<br>Data per April 2025")
    # The footer sits in the bottom margin, below the plot and its tick labels.
    assert out.layout.margin.b >= fig.layout.margin.b + 3 * export.FOOTER_LINE_PX
    assert footer.yshift <= -(fig.layout.margin.b or 0)
    # The original figure is left as the page shows it.
    assert fig.layout.annotations == ()


def test_a_figure_without_title_gets_a_generic_one():
    out = export.print_figure(go.Figure(go.Bar(x=[1], y=[2])), Provenance(("A",), "Mei 2025"), "id")
    assert out.layout.title.text == "Grafik Cakupan"


def test_png_gets_a_300_dpi_marker():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    marked = render.with_dpi(buffer.getvalue(), 300)
    assert Image.open(io.BytesIO(marked)).info["dpi"] == pytest.approx((300, 300), abs=0.01)


# --- tables --------------------------------------------------------------------------------

TABLE = pl.DataFrame({
    "Kode": ["52", "53"],
    "Provinsi": ["Nusa Tenggara Barat", "Nusa Tenggara Timur"],
    "Cakupan (%)": [33.25, 12.5],
    "Peserta aktif": [700, 100],
    "Per": [date(2025, 4, 1), date(2025, 4, 1)],
})
PROVENANCE_COLUMNS = ["Sumber", "Dasar pembagi", "Sintetis", "Asal angka", "Batch impor"]


def test_provenance_columns_are_added_in_the_readers_language():
    full = export.with_provenance_columns(TABLE, PROVENANCE, "id")
    assert full.columns == TABLE.columns + PROVENANCE_COLUMNS
    assert full.row(0) == ("52", "Nusa Tenggara Barat", 33.25, 700, date(2025, 4, 1),
                           "Published A; Synthetic fill", "basis UCJ", True, "data sintetis", "1")
    english = export.with_provenance_columns(TABLE.rename({"Per": "As of"}), PROVENANCE, "en")
    assert english.columns[-5:] == ["Source", "Basis", "Synthetic", "Provenance", "Import batch"]


def test_a_table_that_carries_its_own_provenance_is_not_given_duplicates():
    own = TABLE.with_columns(pl.lit("X").alias("Sumber peserta"), pl.lit(False).alias("Sintetis"),
                             pl.lit("3").alias("Batch impor"))
    full = export.with_provenance_columns(own, PROVENANCE, "id")
    assert full.columns == own.columns + ["Dasar pembagi", "Asal angka"]


def test_csv_has_a_bom_a_header_and_every_row():
    # Issue 13 changed the Indonesian CSV to what Excel set to Indonesian reads: ";" and "33,25".
    data = export.table_bytes(TABLE, PROVENANCE, "id", "csv")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig").splitlines()
    assert text[0] == "Kode;Provinsi;Cakupan (%);Peserta aktif;Per;Sumber;Dasar pembagi;Sintetis;Asal angka;Batch impor"
    # A source list holding ";" is quoted, so it stays one field.
    # Review 2 (finding 18) changed the synthetic flag from true/false to the reader's ya/tidak.
    assert text[1] == '52;Nusa Tenggara Barat;33,25;700;2025-04-01;"Published A; Synthetic fill";basis UCJ;ya;data sintetis;1'
    assert len(text) == 3


def test_english_csv_keeps_commas_and_decimal_points():
    text = export.table_bytes(TABLE, PROVENANCE, "en", "csv").decode("utf-8-sig").splitlines()
    assert text[1].startswith("52,Nusa Tenggara Barat,33.25,700,2025-04-01,")


def test_xlsx_keeps_numbers_and_dates_typed_under_a_header_row():
    data = export.table_bytes(TABLE, PROVENANCE, "id", "xlsx", title="Peringkat")
    back = pl.read_excel(io.BytesIO(data), sheet_name="Data")
    assert back.columns == TABLE.columns + PROVENANCE_COLUMNS
    assert back.schema["Cakupan (%)"] == pl.Float64
    assert back.schema["Peserta aktif"] == pl.Int64
    assert back.schema["Per"] in (pl.Date, pl.Datetime("ms"), pl.Datetime("us"))
    # Review 2 (finding 18): the flag is the reader's word, as on screen, not TRUE/FALSE.
    assert back["Sintetis"].to_list() == ["ya", "ya"]
    assert back["Peserta aktif"].to_list() == [700, 100]
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        styles = book.read("xl/styles.xml").decode()
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'formatCode="#,##0"' in styles and 'formatCode="#,##0.00"' in styles
    # Numbers are stored as numbers (no t="s" string cell) in the data rows.
    assert re.search(r'<c r="D2"[^>]*><v>700</v>', sheet)
    about = pl.read_excel(io.BytesIO(data), sheet_name="Keterangan")
    values = dict(zip(about["Keterangan"], about["Isi"]))
    assert values["Judul"] == "Peringkat"
    assert values["Sumber"] == "Published A; Synthetic fill"
    assert values["Sintetis"] == "ya"


def test_parquet_reads_back_the_same_rows_with_provenance_metadata():
    data = export.table_bytes(TABLE, PROVENANCE, "en", "parquet")
    back = pl.read_parquet(io.BytesIO(data))
    assert back.drop(["Source", "As of", "Basis", "Synthetic", "Provenance", "Import batch"]).equals(TABLE)
    assert back.height == 2
    meta = export.parquet_metadata(data)
    assert meta["Sources"] == "Published A; Synthetic fill"
    assert meta["Synthetic"] == "yes"


def test_unknown_formats_are_refused_with_the_list():
    with pytest.raises(ValueError, match="csv, xlsx, parquet"):
        export.table_bytes(TABLE, PROVENANCE, "id", "ods")
    with pytest.raises(ValueError, match="png, svg, pdf"):
        render.render(go.Figure(), "jpg", 100, 100)


def test_file_names_are_safe_and_name_the_language():
    assert export.file_name("overview map/1", "png", "en") == "cakupan_overview_map_1_en.png"


# --- charts through kaleido (offline, one warm browser) ------------------------------------

@pytest.fixture(scope="module")
def ntb_map() -> go.Figure:
    layer = load_layer(ROOT / "geo", "province")
    frame = pl.DataFrame({
        "area_code": ["52", "53"], "area_name": ["Nusa Tenggara Barat", "Nusa Tenggara Timur"], "rate_pct": [33.25, 12.5],
        "active": [700, 100], "workers": [2100, 800], "active_synthetic": [False, True],
        "workers_synthetic": [True, True], "active_source": ["Published A", "Synthetic fill"],
        "workers_source": ["Synthetic fill", "Synthetic fill"], "workers_derivation": [None, None],
        "workers_printed_rate_pct": [None, None], "period": [date(2025, 4, 1)] * 2,
    })
    return metric_map(frame, subset_layer(layer, ["52", "53"]), "rate", "ucj", "Cakupan NTB dan NTT, April 2025", "id")


def test_map_png_is_print_resolution(ntb_map):
    from PIL import Image

    data = export.chart_bytes(ntb_map, PROVENANCE, "id", "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    assert image.size[0] == round(export.EXPORT_WIDTH * export.PRINT_DPI / render.CSS_DPI)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert len(data) > 50_000


def test_map_svg_draws_the_shapes_and_prints_the_footer(ntb_map):
    svg = export.chart_bytes(ntb_map, PROVENANCE, "id", "svg").decode()
    assert svg.count('class="choroplethlocation"') == 2
    assert "Cakupan NTB dan NTT, April 2025" in svg
    assert "Satuan: Cakupan (%) · April 2025" in svg
    assert "Sumber: Published A; Synthetic fill" in svg
    assert "Berisi data sintetis" in svg
    assert CREDIT in svg


def test_map_pdf_is_one_page_with_the_footer_text(ntb_map):
    data = export.chart_bytes(ntb_map, PROVENANCE, "en", "pdf")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Contains synthetic data" in text
    assert "Data as of April 2025" in text


def test_the_renderer_stays_warm_between_exports(ntb_map):
    first = render.renderer()
    export.chart_bytes(ntb_map, PROVENANCE, "id", "svg")
    assert render.renderer() is first


def test_the_page_is_kept_between_exports_through_kaleidos_tab_hook(ntb_map):
    """kaleido hands its page back through _return_kaleido_tab; if a kaleido release renamed it,
    the page would be reloaded after every figure again (slower, still correct): this notices."""
    kept = render.renderer()._kaleido
    before = kept.drawn
    export.chart_bytes(ntb_map, PROVENANCE, "id", "svg")
    export.chart_bytes(ntb_map, PROVENANCE, "id", "png")
    assert kept.drawn == before + 2


def test_boundaries_go_to_the_page_as_one_file_named_by_their_content(ntb_map):
    import json

    files = render._BoundaryFiles()
    try:
        spec = ntb_map.to_dict()
        geojson = spec["data"][0]["geojson"]
        sent = files.by_reference(spec)
        addresses = {trace["geojson"] for trace in sent["data"] if "geojson" in trace}
        assert len(addresses) == 1  # every trace of the map names the same file
        (address,) = addresses
        assert address.startswith("file://") and address.endswith(".geojson")
        on_disk = json.loads(Path(address.removeprefix("file://")).read_text(encoding="utf-8"))
        assert [f["id"] for f in on_disk["features"]] == ["52", "53"]
        assert on_disk == json.loads(json.dumps(geojson))
        assert spec["data"][0]["geojson"] is geojson  # the caller's figure is left as it was
        moved = {**geojson, "features": geojson["features"][:1]}
        assert files.address(moved) != address
        assert files.address(json.loads(json.dumps(geojson))) == address  # equal content, same file
    finally:
        files.remove()
    assert not files.folder.exists()


def test_the_pipe_from_chromium_reads_a_large_answer_whole_and_the_next_one_after_it():
    import json
    import os
    import threading

    pipe = render._whole_message_pipe()()
    pipe.open()
    png = "A" * (3 * render.READ_BYTES + 12345)  # a PNG answer spans several reads
    sent = json.dumps({"id": 7, "result": {"data": png}}).encode() + b"\0" + b'{"id": 8}\0'
    writer = threading.Thread(target=os.write, args=(pipe._write_from_browser, sent), daemon=True)
    writer.start()
    received = []
    while len(received) < 2:
        messages, _ = pipe.read_jsons(blocking=True)
        received += messages
    writer.join()
    assert received == [{"id": 7, "result": {"data": png}}, {"id": 8}]
    pipe.close()


def test_a_print_pixel_in_degrees_follows_the_map_box_and_the_tighter_range():
    layout = {"width": 960, "height": 600, "margin": {"l": 16, "r": 16, "t": 100, "b": 100},
              "geo": {"domain": {"x": [0, 1], "y": [0, 1]}, "lonaxis": {"range": [100, 130]},
                      "lataxis": {"range": [-1, 1]}}}
    # 30 degrees of longitude over 928 CSS pixels; a CSS pixel is 300/96 printed pixels.
    assert export.print_pixel_degrees(layout, "geo") == pytest.approx(30 / 928 / (300 / 96))
    # Tall and narrow: latitude sets the scale. Mercator y of 10 degrees: ln(tan 50°) = 0,17543 rad,
    # 10,0512 degrees; from -10 to 10 that is 20,1024 degrees over 400 CSS pixels.
    layout["geo"]["lataxis"]["range"] = [-10, 10]
    layout["geo"]["lonaxis"]["range"] = [100, 101]
    assert export.print_pixel_degrees(layout, "geo") == pytest.approx(20.1024 / 400 / (300 / 96), rel=1e-4)
    assert export.print_pixel_degrees({"width": 960, "height": 600, "geo": {}}, "geo") is None


def test_map_boundaries_are_simplified_to_a_printed_pixel_and_keep_their_areas():
    import shapely
    from shapely.geometry import shape

    layer = load_layer(ROOT / "geo", "province")
    national = subset_layer(layer, list(layer.bounds))
    codes = list(national.bounds)
    frame = pl.DataFrame({"area_code": codes, "area_name": codes, "rate_pct": [30.0] * len(codes),
                          "active": [1] * len(codes), "workers": [3] * len(codes),
                          "period": [date(2025, 4, 1)] * len(codes)})
    spec = export.print_spec(metric_map(frame, national, "rate", "ucj", "Indonesia", "id"), PROVENANCE, "id")
    printed = export.print_boundaries(spec)
    before, after = spec["data"][0]["geojson"], printed["data"][0]["geojson"]
    assert before is national.geojson  # the page's figure and its layer are left as they were
    assert [f["id"] for f in after["features"]] == [f["id"] for f in before["features"]]
    points = lambda g: sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in g["features"])  # noqa: E731
    assert points(after) < 0.8 * points(before)
    pixel = export.print_pixel_degrees(spec["layout"], "geo")
    for old, new in zip(before["features"], after["features"]):
        old_shape, new_shape = shape(old["geometry"]), shape(new["geometry"])
        # Every border stays within a few printed pixels of where it was, and rings stay clockwise.
        assert old_shape.hausdorff_distance(new_shape) < 4 * pixel
        for polygon in getattr(new_shape, "geoms", [new_shape]):
            assert not polygon.exterior.is_ccw


def test_boundaries_with_no_detail_to_spare_are_drawn_as_they_are(ntb_map):
    # NTB and NTT at under 0,005 degrees a printed pixel: simplifying would drop under a tenth of the
    # points, so the figure keeps its own boundaries (and the page the file it already holds).
    spec = export.print_spec(ntb_map, PROVENANCE, "id")
    assert export.print_pixel_degrees(spec["layout"], "geo") < 0.005
    assert export.print_boundaries(spec)["data"][0]["geojson"] is spec["data"][0]["geojson"]


def test_an_exported_map_leaves_its_hover_behind_and_keeps_its_labels(ntb_map):
    spec = export.print_spec(ntb_map, PROVENANCE, "id")
    sent = export.without_hover(spec)
    assert all("customdata" not in trace and "hovertemplate" not in trace for trace in sent["data"])
    assert "customdata" in spec["data"][0]  # the page's figure keeps its hover
    labels = [trace for trace in sent["data"] if trace.get("mode") == "text"]
    assert labels and labels[0]["text"] == next(t for t in spec["data"] if t.get("mode") == "text")["text"]
    svg = export.chart_bytes(ntb_map, PROVENANCE, "id", "svg").decode()
    assert all(label in svg for label in labels[0]["text"])


def test_a_map_without_a_fixed_view_keeps_its_boundaries():
    spec = {"data": [{"type": "choropleth", "geojson": {"type": "FeatureCollection", "features": [{}]}}],
            "layout": {"width": 960, "height": 500}}
    assert export.print_boundaries(spec) is spec


def _shifted(layer, degrees: float):
    """The layer with every shape moved east (what a boundary import with new shapes looks like)."""
    from dataclasses import replace

    def move(coordinates):
        if coordinates and isinstance(coordinates[0], (int, float)):
            return [coordinates[0] + degrees, coordinates[1]]
        return [move(part) for part in coordinates]

    features = [{**f, "geometry": {**f["geometry"], "coordinates": move(f["geometry"]["coordinates"])}}
                for f in layer.geojson["features"]]
    return replace(layer, geojson={**layer.geojson, "features": features})


def test_the_warm_page_draws_each_figure_from_its_own_data(ntb_map):
    """The page is kept between exports: nothing of one figure may show in the next."""
    layer = subset_layer(load_layer(ROOT / "geo", "province"), ["52"])
    frame = pl.DataFrame({"area_code": ["52"], "area_name": ["Nusa Tenggara Barat"], "rate_pct": [33.25],
                          "active": [700], "workers": [2100], "period": [date(2025, 4, 1)]})
    shapes = re.compile(r'class="choroplethlocation"[^>]*\bd="([^"]+)"')
    both = shapes.findall(export.chart_bytes(ntb_map, PROVENANCE, "id", "svg").decode())
    bars = export.chart_bytes(segment_bar(pl.DataFrame({"segment": ["PU"], "active": [10], "share_pct": [100.0]}),
                                          "Segmen", "id"),
                              PROVENANCE, "id", "svg").decode()
    alone = shapes.findall(export.chart_bytes(metric_map(frame, layer, "rate", "ucj", "NTB", "id"),
                                              PROVENANCE, "id", "svg").decode())
    # The same codes with other shapes (after a boundary import) are drawn with the new shapes.
    moved = shapes.findall(export.chart_bytes(metric_map(frame, _shifted(layer, 0.5), "rate", "ucj", "NTB", "id"),
                                              PROVENANCE, "id", "svg").decode())
    assert len(both) == 2 and len(alone) == 1 and len(moved) == 1
    assert "choroplethlocation" not in bars
    # The view is the same (it is fitted to the layer's bounds, which the move leaves alone), so the
    # moved outline lands elsewhere on the image; the old file's shapes would land where they were.
    assert moved[0] != alone[0]


@pytest.fixture
def streamlit_default_template():
    """What a Streamlit server does on start: make its placeholder template the default."""
    import plotly.io as pio
    from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

    before = pio.templates.default
    configure_streamlit_plotly_theme()
    yield
    pio.templates.default = before


def test_exports_swap_streamlits_placeholder_template_for_a_print_one(streamlit_default_template):
    fig = go.Figure(go.Bar(x=[1, 2], y=["PU", "BPU"], orientation="h"))
    assert export.uses_streamlit_template(fig)
    out = export.print_figure(fig, Provenance(("A",), "Mei 2025"), "id")
    assert not export.uses_streamlit_template(out)
    assert out.layout.template.layout.yaxis.automargin is True


# --- every chart and table in the app has its downloads ----------------------------------------

def _navigation() -> list[str]:
    from cakupan.ui import nav

    return [spec.path for spec in nav.PAGES]


@pytest.mark.parametrize("page_file", _navigation())
def test_every_chart_and_table_on_a_page_has_its_download_buttons(app_env, page_file):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(page_file)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [button.label for button in at.get("download_button")]
    charts, tables = len(at.get("plotly_chart")), len(at.get("dataframe"))
    assert (labels.count("PNG"), labels.count("SVG"), labels.count("PDF")) == (charts, charts, charts)
    assert (labels.count("CSV"), labels.count("XLSX"), labels.count("Parquet")) == (tables, tables, tables)


def test_footer_starts_at_the_left_edge_and_below_a_legend():
    fig = go.Figure([go.Bar(x=[5, 3], y=["Kabupaten Lombok Timur", "Kota Mataram"], orientation="h", name="A"),
                     go.Bar(x=[2, 1], y=["Kabupaten Lombok Timur", "Kota Mataram"], orientation="h", name="B")])
    fig.update_layout(title="Dua seri", height=300, margin=dict(l=0, r=0, t=40, b=10),
                      legend=dict(orientation="h", y=-0.25, yanchor="top"))
    svg = export.chart_bytes(fig, Provenance(("Sumber A",), "Mei 2025"), "id", "svg").decode()
    footer = len(export.print_figure(fig, Provenance(("Sumber A",), "Mei 2025"), "id").layout.annotations) - 1
    left, top = export._annotation_position(svg, footer)
    assert left == pytest.approx(export.EDGE_PX, abs=1)
    assert top >= export._legend_bottom(svg)


def test_segment_bars_name_their_percentage_under_each_segment():
    # Issue 13: "X · Y%" meant a share here and a coverage rate elsewhere, and was cut on a phone.
    fig = segment_bar(pl.DataFrame({"segment": ["PU", "BPU"], "active": [300, 100], "share_pct": [75.0, 25.0]}),
                      "Peserta", "id")
    assert list(fig.data[0].y) == ["PU (penerima upah)<br>300 · 75,0% dari peserta",
                                   "BPU (bukan penerima upah)<br>100 · 25,0% dari peserta"]


# --- one draw per export (issue 14: exports under 0,25 s) ---------------------------------------

LONG_NAMES = ["Kabupaten Kepulauan Siau Tagulandang Biaro", "Kota Mataram", "Kab. Lombok Timur"]


@pytest.mark.parametrize("fig", [
    go.Figure(go.Bar(x=[5, 3, 1], y=LONG_NAMES, orientation="h")),
    go.Figure(go.Bar(x=[5, 3, 1], y=["PU<br>341.792 · 68,4%", "BPU<br>89.461 · 17,9%", "PMI"], orientation="h")),
    go.Figure(go.Scatter(x=[date(2025, m, 1) for m in (1, 2, 3)], y=[12.5, 99.75, 1234.5])),
], ids=["long names", "two-line labels", "numbers"])
def test_a_chart_is_drawn_once_and_its_footer_starts_at_the_edge(fig, monkeypatch):
    drawn = []
    original = export.render

    def counting(spec, kind, *args):
        drawn.append(kind)
        return original(spec, kind, *args)

    monkeypatch.setattr(export, "render", counting)
    svg = export.chart_bytes(fig, Provenance(("Sumber A",), "Mei 2025"), "id", "svg").decode()
    assert drawn == ["svg"]  # no measuring draw before the real one
    # The footer is the last annotation; plotly drew it where the margin we reserved says.
    left, _ = export._annotation_position(svg, len(fig.layout.annotations))
    assert left == pytest.approx(export.EDGE_PX, abs=1)


def test_a_legend_under_the_plot_still_gets_measured(monkeypatch):
    fig = go.Figure([go.Bar(x=[1], y=["a"], orientation="h", name="A"), go.Bar(x=[2], y=["a"], orientation="h",
                                                                               name="B")])
    fig.update_layout(legend=dict(orientation="h", y=-0.25, yanchor="top"))
    drawn = []
    monkeypatch.setattr(export, "render", lambda spec, kind, *a: drawn.append(kind) or b"<svg/>")
    monkeypatch.setattr(export, "settle_footer", lambda out: drawn.append("measure") or out)
    export.chart_bytes(fig, Provenance(("A",), "Mei 2025"), "id", "png")
    assert drawn == ["measure", "png"]


def test_csv_flags_are_words_in_the_readers_language():
    # A boolean column of the table itself and the added "Sintetis" flag: ya/tidak, yes/no; an
    # unknown flag stays empty. Parquet keeps the typed booleans.
    frame = TABLE.with_columns(pl.Series("Diimpor", [True, None], dtype=pl.Boolean))
    published = Provenance(("Published A",), "April 2025")
    rows = export.table_bytes(frame, published, "id", "csv").decode("utf-8-sig").splitlines()
    header = rows[0].split(";")
    first, second = rows[1].split(";"), rows[2].split(";")
    assert (first[header.index("Diimpor")], second[header.index("Diimpor")]) == ("ya", "")
    assert first[header.index("Sintetis")] == "tidak"
    english = export.table_bytes(frame, PROVENANCE, "en", "csv").decode("utf-8-sig").splitlines()
    header = english[0].split(",")
    assert english[1].split(",")[header.index("Synthetic")] == "yes"
    assert english[2].split(",")[header.index("Diimpor")] == ""
    back = pl.read_parquet(io.BytesIO(export.table_bytes(frame, published, "id", "parquet")))
    assert back.schema["Sintetis"] == pl.Boolean and back["Diimpor"].to_list() == [True, None]


def test_a_title_of_three_lines_starts_as_far_from_the_top_as_one_of_one_line():
    # plotly set a multi-line title higher, and the exported map's first title line touched the edge.
    import numpy as np
    from PIL import Image

    def first_ink_row(lines: int) -> int:
        title = "<br>".join(["Perubahan 12 bulan per Kabupaten/kota", "Nusa Tenggara Barat · Desember 2025",
                             "Semua segmen · semua jenis usaha · basis UCJ"][:lines])
        fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout=dict(title=dict(text=title), height=450))
        png = export.chart_bytes(fig, Provenance(("Sumber X",), "Desember 2025"), "id", "png")
        gray = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
        return int(np.where((gray < 200).any(axis=1))[0][0])

    one = first_ink_row(1)
    assert one > 20 and abs(first_ink_row(3) - one) <= 4


def test_csv_cells_carry_six_decimals_at_most():
    # A rate worked out as 67,97153024911032 was written with all its float noise.
    rate = 100 * 190_000 / 279_523  # 67,97294... with sixteen digits in all
    assert len(repr(rate).split(".")[1]) > 6
    frame = pl.DataFrame({"Wilayah": ["Sulawesi Utara"], "Cakupan (%)": [rate], "Peserta aktif": [190_000]})
    text = export.table_bytes(frame, Provenance(("Sumber X",), "Desember 2025"), "id", "csv").decode("utf-8-sig")
    assert f"Sulawesi Utara;{round(rate, 6)};190000".replace(".", ",") in text
    xlsx_kept = pl.read_excel(io.BytesIO(export.table_bytes(frame, Provenance(("Sumber X",), "Desember 2025"), "id",
                                                            "xlsx")))
    assert xlsx_kept["Cakupan (%)"][0] == rate


def test_png_borders_just_over_a_pixel_are_drawn_as_hairlines():
    scale = 300 / 96  # the PNG's pixels per CSS pixel
    spec = {"data": [
        {"type": "choropleth", "marker": {"line": {"color": "#6b6b6b", "width": 0.4}}},  # 1,25 px: thinned
        {"type": "choropleth", "marker": {"line": {"width": 0.7}}},  # 2,19 px: a drawn border, kept
        {"type": "choropleth", "marker": {"line": {"width": 0.3}}},  # 0,94 px: a hairline already
        {"type": "scattergeo", "marker": {"line": {"width": 0.4}}},  # not an area
        {"type": "choropleth"},
    ], "layout": {"width": 960}}
    thinned = export.hairline_borders(spec, scale)
    widths = [(t.get("marker") or {}).get("line", {}).get("width") for t in thinned["data"]]
    assert widths[0] * scale == pytest.approx(0.96) and thinned["data"][0]["marker"]["line"]["color"] == "#6b6b6b"
    assert widths[1:] == [0.7, 0.3, 0.4, None]
    assert thinned["layout"] == spec["layout"] and spec["data"][0]["marker"]["line"]["width"] == 0.4  # a copy


def test_only_the_png_gets_hairlines(ntb_map, monkeypatch):
    sent = {}
    monkeypatch.setattr(export, "render", lambda spec, kind, *size: sent.setdefault(kind, spec) and b"")
    national = go.Figure(ntb_map)
    national.update_traces(marker_line_width=0.4, selector=dict(type="choropleth"))
    for kind in ("png", "svg", "pdf"):
        export.chart_bytes(national, PROVENANCE, "id", kind)
    areas = {kind: spec["data"][0]["marker"]["line"]["width"] for kind, spec in sent.items()}
    assert areas["svg"] == areas["pdf"] == 0.4 and areas["png"] == pytest.approx(0.96 * 96 / 300)


def test_a_chart_from_the_default_data_names_its_import_batch(default_db):
    # Peta's NTB map of December 2025: its kab/kota rows come from the default data's one batch
    # (import_batch). A table's download had the batch in a column; the chart's small print had none.
    from cakupan.db import run_query
    from cakupan.ui import widgets

    (batch,), = default_db.execute("select batch_id from import_batch").fetchall()
    frame = run_query(default_db, "area_coverage", period=date(2025, 12, 1), basis="ucj", level="regency",
                      province="52", segment="all", kind="all")
    provenance = widgets.coverage_provenance(frame, "ucj", "Desember 2025", CREDIT)
    text = " ".join(export.footer_lines(provenance, "id", today=date(2026, 1, 5)))
    assert f"Batch impor: {batch}" in text
    fig = go.Figure(go.Bar(x=[1], y=["a"], orientation="h"))
    pdf = export.chart_bytes(fig, provenance, "id", "pdf")
    assert f"Batch impor: {batch}" in " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
