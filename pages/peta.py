"""Peta Cakupan: a clickable coverage map from the nation down to a kabupaten/kota, and the area's detail."""

import streamlit as st

from cakupan.choices import ALL
from cakupan.ui import cache, peta, state, widgets

lang = state.language()
periods = widgets.page_start("page.explorer", "exp.intro", lang)
geo = cache.geography(periods[0])
filters, view = peta.explorer_filters(periods, geo, peta.current_view(geo), lang)
state.remember(lang=lang, **view.params(), **filters.params())

rows, names = peta.rows_and_names(view, filters, geo)

peta.breadcrumb(view, names, geo, lang)
if view.province != ALL:
    # A drilled province: its kabupaten/kota ranked beside the map (below it on a phone).
    map_column, table_column = st.columns([3, 2])
    with map_column:
        peta.map_section(rows, filters, view, lang, names)
    with table_column:
        st.markdown(f"**{peta.areas_heading(rows, filters.metric, lang, names.get(view.province, view.province))}**")
        peta.areas_table(rows, filters, view, lang, "explorer_areas", compact=True)
else:
    peta.map_section(rows, filters, view, lang, names)

if view.area == ALL:
    if view.province == ALL:
        st.subheader(peta.areas_heading(rows, filters.metric, lang))
        peta.areas_table(rows, filters, view, lang, "explorer_areas", compact=True)
else:
    detail = rows if "." in view.area else cache.query(
        "area_coverage", period=filters.period, basis=filters.basis, level="province", province=view.area,
        segment=filters.segment, kind=filters.kind)
    match = detail.filter(detail["area_code"] == view.area)
    peta.area_detail(view.area, match.row(0, named=True) if match.height else None, filters, cache.query("targets"),
                     lang)
