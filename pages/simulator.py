"""Simulator SHU → iuran: what share of a cooperative's surplus would cover how many members, and a BPU calculator."""

from datetime import date

import streamlit as st

from cakupan import app, fmt, simulator, views, views_targets
from cakupan.i18n import t

lang = app.language()
views.page_start("page.simulator", "sim.intro", lang, months=False)

today = date.today()
rate_frame = app.query("contribution_rates", segment="BPU", on_date=today)
rates = simulator.rates_from_frame(rate_frame)
if any(p not in rates for p in simulator.PACKAGES["jkk_jkm_jht"]):
    st.error(t("sim.no_rates", lang, day=fmt.month(today, lang)))
    st.stop()
rate_provenance = views.Provenance(tuple(sorted(set(rate_frame["source_title"]))),
                                   fmt.month(rate_frame["effective_from"].max(), lang))
min_income = simulator.load_assumptions()["bpu_min_declared_income_idr"]
quoted = simulator.load_quoted_figures()["bpu_monthly_contribution_quoted"]
cooperatives = app.query("cooperatives").sort("name")
coop_by_id = {r["cooperative_id"]: r for r in cooperatives.to_dicts()}

sim_col, calc_col = st.columns([3, 2], gap="large")
with calc_col, st.container(border=True):
    views_targets.bpu_calculator(rates, rate_provenance, min_income, quoted, lang)

with sim_col:
    st.subheader(t("sim.inputs", lang))
    inputs, cooperative, regency_code, slots = views_targets.simulator_inputs(
        coop_by_id, app.query("regencies"), min_income, lang)
    errors = simulator.validate(inputs, min_income["value"])
    views_targets.field_messages(slots, errors, lang)

if errors:
    st.warning(t("sim.fix_inputs", lang), icon=":material/warning:")
    st.stop()

period = app.periods()[0]
province_code = regency_code.split(".")[0]
areas = views_targets.simulator_areas(
    app.query("area_coverage", period=period, basis="ucj", level="regency", province=province_code,
              segment="all", kind="all"),
    app.query("area_coverage", period=period, basis="ucj", level="province", province=province_code,
              segment="all", kind="all"),
    regency_code)
result = simulator.simulate(inputs, rates, min_income["value"], cooperative["name"], areas)

st.subheader(t("sim.results", lang, name=cooperative["name"]))
views_targets.result_metrics(result, int(inputs.months), lang)
views_targets.result_details(inputs, result, cooperative, rate_provenance, period, lang)
views_targets.scenarios(inputs, result, cooperative, rate_provenance, lang)
