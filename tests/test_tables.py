"""Tables shown through a frozen styler (widgets.frozen): what Streamlit sends is exactly what a
fresh styler of the same frame sends, and the values stay numbers (numeric sorting)."""

from datetime import date

import pyarrow as pa
import polars as pl
import pytest
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from cakupan.ui.widgets import frozen, locale_styler

FRAME = pl.DataFrame({
    "Nama": ["Nusa Tenggara Barat", "Kota Mataram", "Aceh"],
    "Peserta": [1_234_567, 980, None],
    "Cakupan (%)": [33.25, 100.0, None],
    "Perubahan (poin)": [0.275, -1.5, 0.0],
    "Sintetis": [True, False, True],
    "Per": [date(2025, 12, 1), date(2025, 11, 1), date(2025, 12, 1)],
})


def _sent(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, "table")
    return proto


def _display(proto: ArrowData) -> dict[str, list]:
    return pa.ipc.open_stream(proto.styler.display_values).read_all().to_pydict()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_frozen_styler_sends_what_a_fresh_one_sends(lang):
    digits = {"Cakupan (%)": 1}
    fresh = _sent(locale_styler(FRAME, lang, digits, signed=("Perubahan (poin)",)))
    shared = frozen(locale_styler(FRAME, lang, digits, signed=("Perubahan (poin)",)))
    for _ in range(2):  # shown again on a later run: the same again
        again = _sent(shared)
        assert again.styler.display_values == fresh.styler.display_values
        assert again.styler.styles == fresh.styler.styles


def test_the_frozen_table_reads_the_indonesian_way_and_keeps_numbers():
    styler = frozen(locale_styler(FRAME, "id", {"Cakupan (%)": 1}, signed=("Perubahan (poin)",)))
    shown = _display(_sent(styler))
    assert shown["Peserta"] == ["1.234.567", "980", "–"]
    # Babel rounds half to even: 33,25 → 33,2
    assert shown["Cakupan (%)"] == ["33,2", "100,0", "–"]
    assert shown["Perubahan (poin)"] == ["+0,28", "-1,50", "+0,00"]
    assert shown["Sintetis"] == ["ya", "tidak", "ya"]
    assert shown["Per"] == ["Desember 2025", "November 2025", "Desember 2025"]
    assert shown["Nama"] == ["Nusa Tenggara Barat", "Kota Mataram", "Aceh"]
    # The values themselves stay numbers, so a click on the header sorts 980 below 1.234.567.
    assert styler.data["Peserta"].tolist()[:2] == [1_234_567, 980]
    assert str(styler.data["Cakupan (%)"].dtype).startswith("float")


def test_changes_and_gaps_carry_their_sign_with_or_without_empty_cells():
    from cakupan.ui.widgets import display

    frame = pl.DataFrame({"Perubahan (poin)": [1.234, -0.5, None], "Selisih (orang)": [12_000, -3, None],
                          "Perubahan 3 bulan (poin)": [0.1, -0.25, 2.0]})
    shown = _display(_sent(display(frame, "id", signed=tuple(frame.columns))))
    assert shown["Perubahan (poin)"] == ["+1,23", "-0,50", "–"]
    assert shown["Selisih (orang)"] == ["+12.000", "-3", "–"]
    assert shown["Perubahan 3 bulan (poin)"] == ["+0,10", "-0,25", "+2,00"]
    # Without `signed` a rise reads as a bare number, as before.
    assert _display(_sent(display(frame, "id")))["Perubahan (poin)"] == ["1,23", "-0,50", "–"]


def _data(styler) -> pa.Table:
    """The table Streamlit sends for the styler (st.dataframe's data, beside the styler's texts)."""
    from streamlit.elements.arrow import marshall

    proto = ArrowData()
    marshall(proto, styler, "table")
    return pa.ipc.open_stream(proto.data).read_all()


@pytest.mark.parametrize("lang, words", [("id", ["ya", "tidak", "ya", "–"]), ("en", ["yes", "no", "yes", "–"])])
def test_a_boolean_column_is_sent_as_words_not_checkboxes(lang, words):
    # Streamlit draws a boolean column as checkboxes whatever the styler's text says, so the
    # column itself must arrive as text; an empty cell reads "–" like every other empty cell.
    frame = pl.DataFrame({"Nama": ["Bali", "NTB", "NTT", "Papua"], "Sintetis": [True, False, True, None]})
    for styler in (locale_styler(frame, lang), frozen(locale_styler(frame, lang))):
        sent = _data(styler)
        assert pa.types.is_string(sent.schema.field("Sintetis").type) or pa.types.is_large_string(
            sent.schema.field("Sintetis").type)
        assert sent.column("Sintetis").to_pylist() == [*words[:3], None]
        assert _display(_sent(styler))["Sintetis"] == words
    from cakupan.ui.widgets import display

    # display() (tables with empty number cells) goes the same way.
    assert _data(display(frame, lang)).column("Sintetis").to_pylist() == [*words[:3], None]


def test_st_dataframe_sends_a_frozen_styler_worked_out_once_and_the_same_every_time(monkeypatch):
    """st.dataframe marshals a frozen styler once (widgets._marshall_once): later runs send a copy,
    equal to what Streamlit's own marshalling of a fresh styler sends."""
    import streamlit.elements.arrow as st_arrow

    from cakupan.ui import widgets

    assert st_arrow.marshall_styler is widgets._marshall_once  # what st.dataframe calls
    fresh = _sent(locale_styler(FRAME, "id", signed=("Perubahan (poin)",)))
    shared = frozen(locale_styler(FRAME, "id", signed=("Perubahan (poin)",)))
    shared.set_uuid(fresh.styler.uuid)
    calls = []
    monkeypatch.setattr(widgets, "_marshall_styler", lambda *a: calls.append(1) or marshall_styler(*a))
    sent = []
    for uuid in ("first", "elsewhere", "again"):
        proto = ArrowData()
        st_arrow.marshall_styler(proto, shared, uuid)
        sent.append(proto)
    assert calls == [1]
    assert all(proto.styler == sent[0].styler for proto in sent)
    assert sent[0].styler.display_values == fresh.styler.display_values
    assert sent[0].styler.styles == fresh.styler.styles and sent[0].styler.uuid == fresh.styler.uuid
    # A styler that is not frozen is marshalled by Streamlit each time, as before.
    plain = locale_styler(FRAME, "id")
    for _ in range(2):
        st_arrow.marshall_styler(ArrowData(), plain, "plain")
    assert calls == [1, 1, 1]
