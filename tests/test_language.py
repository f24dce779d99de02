"""One language at a time, and no paths: every page (AppTest), the exports and both briefings, in
Indonesian and in English, scanned for words of the other language and for strings that look like
file paths. Source titles, addresses, place names and figures as printed stay as published, so
they are taken out before the scan."""

import io
import json
import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from google.protobuf.descriptor import FieldDescriptor
from pypdf import PdfReader

from cakupan.db import run_query
from cakupan.reports import briefing, export
from cakupan.ui import widgets
from conftest import open_panels, run_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
DEC24 = date(2024, 12, 1)

# Words of our own English that must not reach an Indonesian reader, and the reverse.
ENGLISH = ["synthetic", "deterministic", "published", "default dataset", "as cited", "primer", "seed",
           "as reported", "report of", "data as of", "made with", "imported", "derived", "coverage rate",
           "participants", "not covered", "difference", "reported", "source", "workers", "month", "the"]
INDONESIAN = ["sintetis", "terbit", "dilaporkan", "diturunkan", "selisih", "belum terlindungi", "dibuat dengan",
              "data bawaan", "isian", "asal angka", "bulan", "pekerja", "sumber", "peserta aktif", "poin", "dari"]
PATH = re.compile(r"(?<![\w/.:-])(?:shared|data|geo|cakupan|tests|queries|pages|static|bench)/[\w.-]+"
                  r"|\b[\w-]+\.(?:py|md|sql|csv|duckdb)\b|DOMAIN|domain primer")
ALLOWED_PATHS: set[str] = set()  # no page names a file


def _norm(text: str) -> str:
    # Imported text reaches Markdown escaped (cakupan.user_text): read it back as written.
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("\u2060", ""))
    return re.sub(r"\s+", " ", text.replace("<br>", " "))


@pytest.fixture(scope="module")
def as_published(default_con) -> list[str]:
    """Text that stays as its source printed it: titles, addresses, names, printed figures and quotes."""
    with default_con.cursor() as cursor:
        titles = cursor.execute("select title from source").fetchall()
        rows = cursor.execute("""
        select title from source union select url from source union select as_printed from published_figure
        union select area_name from published_figure union select name from province union select name from regency
        union select note from target where not starts_with(note, '@') union select set_by from target
        union select name from cooperative""").fetchall()
    quoted = [line.split(",")[2].strip('"') for line in
              (ROOT / "data" / "seeds" / "quoted_figures.csv").read_text(encoding="utf-8").splitlines()[1:]]
    texts = {_norm(r[0]) for r in rows if r[0]} | set(quoted) | {"Source Sans Pro"}
    # An English reader gets a title with Cakupan's citation around it in English (the original
    # title as printed, "(news article, Mataram, January 2021; ...)"): that form is kept too.
    from cakupan.provenance import source_name

    texts |= {_norm(source_name(r[0], "en")) for r in titles if r[0]}
    return sorted(texts, key=len, reverse=True)


def problems(texts: list[str], lang: str, published: list[str]) -> list[str]:
    """Words of the other language and path-like strings in `texts`, with a little context."""
    text = _norm("\n".join(texts))  # wrapped lines (hovers, footers) joined back into their sentences
    for keep in published:
        text = text.replace(keep, " ")
    found = []
    for word in ENGLISH if lang == "id" else INDONESIAN:
        for m in re.finditer(r"\b" + re.escape(word) + r"\b", text, re.IGNORECASE):
            found.append(f"{word!r} in …{text[max(0, m.start() - 60):m.end() + 40]}…")
            break
    for m in PATH.finditer(text):
        if m.group(0) not in ALLOWED_PATHS:
            found.append(f"path {m.group(0)!r} in …{text[max(0, m.start() - 60):m.end() + 40]}…")
    return found


# --- what a page shows: every string in its element protos, chart specs and table cells ----------

def _json_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "family":  # a font's name ("Source Sans 3") is not text a reader sees
                _json_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _json_strings(v, out)


def _arrow_strings(data: bytes, out):
    try:
        table = pa.ipc.open_stream(data).read_all()
    except (pa.ArrowInvalid, OSError):
        return
    out.extend(str(c) for c in table.column_names)
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            out.extend(v for v in column.to_pylist() if v)


def _proto_strings(message, out):
    for field, value in message.ListFields():
        values = value if "Repeated" in type(value).__name__ else [value]
        for v in values:
            if field.type == FieldDescriptor.TYPE_MESSAGE:
                _proto_strings(v, out)
            elif field.type == FieldDescriptor.TYPE_STRING:
                if field.name == "spec" and v.startswith("{"):  # a Plotly figure: titles, hovers, labels
                    _json_strings(json.loads(v), out)
                else:
                    out.append(v)
            elif field.type == FieldDescriptor.TYPE_BYTES:  # a table: Arrow cells and column names
                _arrow_strings(v, out)
    return out


def page_strings(node, out=None):
    out = [] if out is None else out
    proto = getattr(node, "proto", None)
    if proto is not None:
        _proto_strings(proto, out)
    for child in getattr(node, "children", {}).values():
        page_strings(child, out)
    return out


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_one_language_and_names_no_path(app_env, as_published, page, lang):
    at = run_page(page, **({"lang": "en"} if lang == "en" else {}))
    if page == "ringkasan":
        at = open_panels(at)
    assert not at.exception
    texts = page_strings(at._tree)
    assert len(texts) > 20
    if page == "ringkasan":  # the scan reaches into map hovers (December 2025 has published rates)
        assert any(("dilaporkan" if lang == "id" else "reported") in text for text in texts)
    assert problems(texts, lang, as_published) == []


def test_the_scan_finds_what_it_looks_for(as_published):
    assert problems(["Sumber: data/seeds/anchors.csv (deterministic synthetic fill)"], "id", as_published)
    assert problems(["Coverage: 33% (angka terbit)"], "en", as_published)
    assert problems(["as cited in the domain primer"], "id", as_published)


# --- exports and briefings ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_exports_speak_one_language_and_name_no_path(default_db, as_published, lang):
    frame = run_query(default_db, "area_coverage", period=DEC24, basis="ucj", level="province", province="all",
                      segment="all", kind="all")
    provenance = widgets.coverage_provenance(frame, "ucj", "Desember 2024" if lang == "id" else "December 2024",
                                           "Batas wilayah" if lang == "id" else "Boundaries")
    table = frame.select("area_code", "area_name", "rate_pct")
    csv = export.table_bytes(table, provenance, lang, "csv").decode("utf-8-sig")
    footer = export.footer_lines(provenance, lang, today=date(2025, 1, 1))
    assert problems([csv, *footer], lang, as_published) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_briefings_speak_one_language_and_name_no_path(default_db, as_published, lang):
    data = briefing.load(lambda name, **p: run_query(default_db, name, **p), "53", DEC24)
    credit = "Batas wilayah: perkiraan." if lang == "id" else "Boundaries: approximate."
    pdf, _ = briefing.compose(data, None, lang, credit, date(2025, 1, 1))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "33,00%" in text if lang == "id" else "33.00%" in text
    assert problems([text], lang, as_published) == []
