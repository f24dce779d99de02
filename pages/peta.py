"""Peta Cakupan: a clickable coverage map from the nation down to a kabupaten/kota, and the area's detail."""

import streamlit as st

from cakupan import app, explorer, views
from cakupan import views_explorer as vx
from cakupan.explorer import ALL
from cakupan.i18n import t

lang = app.language()
periods = views.page_start("page.explorer", "exp.intro", lang)
geo = vx.geography(periods[0])
filters, view = vx.explorer_filters(periods, geo, vx.current_view(geo), lang)
app.remember(lang=lang, **view.params(), **filters.params())

coverage = app.query("area_coverage", period=filters.period, basis=filters.basis, level=view.level,
                     province=view.province, segment=filters.segment, kind=filters.kind)
targets = app.query("targets")
rows = explorer.map_rows(coverage, targets, vx.bands(), view, filters.period, filters.basis, filters.segment,
                         filters.kind, filters.target)
names = {**geo.province_names, **dict(zip(coverage["area_code"], coverage["area_name"]))}

vx.breadcrumb(view, names, geo, lang)
if view.province != ALL:
    # A drilled province: its kabupaten/kota ranked beside the map (below it on a phone).
    map_column, table_column = st.columns([3, 2])
    with map_column:
        vx.map_section(rows, filters, view, lang, names)
    with table_column:
        st.markdown(f"**{t('exp.areas_in', lang, name=names.get(view.province, view.province))}**")
        vx.areas_table(rows, filters, lang, "explorer_areas")
else:
    vx.map_section(rows, filters, view, lang, names)

if view.area == ALL:
    if view.province == ALL:
        st.subheader(t("exp.areas_title", lang))
        vx.areas_table(rows, filters, lang, "explorer_areas")
else:
    detail = rows if "." in view.area else app.query(
        "area_coverage", period=filters.period, basis=filters.basis, level="province", province=view.area,
        segment=filters.segment, kind=filters.kind)
    match = detail.filter(detail["area_code"] == view.area)
    vx.area_detail(view.area, match.row(0, named=True) if match.height else None, filters, targets, lang)
