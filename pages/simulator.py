"""Simulator SHU → iuran: what share of a cooperative's surplus would cover how many members, and a BPU calculator."""

from datetime import date

import streamlit as st

from cakupan import fmt, simulator
from cakupan.i18n import t
from cakupan.provenance import Provenance
from cakupan.ui import cache, state, widgets
from cakupan.ui import simulator as simulator_ui

lang = state.language()
widgets.page_start("page.simulator", "sim.intro", lang, months=False)

today = date.today()
rate_frame = cache.query("contribution_rates", segment="BPU", on_date=today)
rates = simulator.rates_from_frame(rate_frame)
if any(p not in rates for p in simulator.PACKAGES["jkk_jkm_jht"]):
    st.error(t("sim.no_rates", lang, day=fmt.month(today, lang)))
    st.stop()
rate_provenance = Provenance(tuple(sorted(set(rate_frame["source_title"]))),
                                   fmt.month(rate_frame["effective_from"].max(), lang))
min_income = simulator.load_assumptions()["bpu_min_declared_income_idr"]
quoted = simulator.load_quoted_figures()["bpu_monthly_contribution_quoted"]
cooperatives = cache.query("cooperatives").sort("name")
coop_by_id = {r["cooperative_id"]: r for r in cooperatives.to_dicts()}

sim_col, calc_col = st.columns([3, 2], gap="large")
with calc_col, st.container(border=True):
    simulator_ui.bpu_calculator(rates, rate_provenance, min_income, quoted, lang)

with sim_col:
    st.subheader(t("sim.inputs", lang))
    inputs, cooperative, regency_code, slots = simulator_ui.simulator_inputs(
        coop_by_id, cache.query("regencies"), min_income, lang)
    errors = simulator.validate(inputs, min_income["value"])
    simulator_ui.field_messages(slots, errors, lang)

if errors:
    st.warning(t("sim.fix_inputs", lang), icon=":material/warning:")
    st.stop()

period = cache.periods()[0]
province_code = regency_code.split(".")[0]
areas = simulator_ui.simulator_areas(
    cache.query("area_coverage", period=period, basis="ucj", level="regency", province=province_code,
              segment="all", kind="all"),
    cache.query("area_coverage", period=period, basis="ucj", level="province", province=province_code,
              segment="all", kind="all"),
    regency_code)
result = simulator.simulate(inputs, rates, min_income["value"], cooperative["name"], areas)

st.subheader(t("sim.results", lang, name=cooperative["name"]))
simulator_ui.result_metrics(result, int(inputs.months), lang)
simulator_ui.result_details(inputs, result, cooperative, rate_provenance, period, lang)
simulator_ui.scenarios(inputs, result, cooperative, rate_provenance, lang)
