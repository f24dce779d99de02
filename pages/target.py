"""Target: progress, gap, pace needed and projections for every target, side by side per area."""

import streamlit as st

from cakupan import fmt, targets
from cakupan.i18n import t
from cakupan.provenance import Provenance
from cakupan.ui import cache, state, target, widgets

lang = state.language()
widgets.page_start("page.targets", "tgt.intro", lang, months=False)

goals = cache.query("targets")
if goals.is_empty():
    st.info(t("tgt.empty", lang))
    st.stop()
by_id = {r["target_id"]: r for r in goals.to_dicts()}
areas = list(dict.fromkeys((r["area_level"], r["area_code"]) for r in by_id.values()))
area_keys = [f"{level}:{code}" for level, code in areas]
labels = {f"{r['area_level']}:{r['area_code']}": target.area_label(r, lang) for r in by_id.values()}
periods = cache.periods()
if not periods:  # targets, but no month of membership to measure them against
    st.info(t("empty.no_data", lang))
    st.stop()

left, middle, right = st.columns([2, 1, 1.3], vertical_alignment="bottom")
area = left.selectbox(t("tgt.filter.area", lang), area_keys, format_func=labels.get,
                      key=state.url_key("tgt_area", "area", area_keys,
                                      "province:52" if "province:52" in area_keys else area_keys[0]))
as_of = middle.selectbox(t("tgt.filter.as_of", lang), periods, format_func=lambda d: fmt.month(d, lang),
                         key=state.url_key("tgt_asof", "asof", periods, periods[0]),
                         help=t("tgt.filter.as_of_help", lang))
with_national = right.toggle(t("tgt.filter.national", lang),
                             key=state.seed("tgt_national", state.url_choice("national", ["1", "0"], "1") == "1"),
                             disabled=area == "national:ID")
state.remember(area=area, asof=as_of, national="1" if with_national else "0")

relations = targets.relations(goals)
batches = target.active_batches(cache.query("import_batches"))


def evaluated(target_id: int):
    goal = by_id[target_id]
    series = cache.query("target_progress", target_id=target_id, area_level=goal["area_level"],
                         area_code=goal["area_code"], basis=goal["basis"] or "ucj")
    return series, targets.evaluate(series, goal["metric"], goal["target_value"], goal["start_period"],
                                    goal["due_period"], as_of)


level, code = area.split(":")
shown = [i for i, r in by_id.items() if r["area_level"] == level and r["area_code"] == code]
national = [i for i, r in by_id.items() if r["area_level"] == "national"] if with_national and level != "national" else []

# One row per target first (who set it, progress, gap, pace); the cards with charts and
# projections are details, opened on demand.
st.subheader(t("tgt.all_title", lang, month=fmt.month(as_of, lang)))
st.caption(t("tgt.all_caption", lang))
evaluations = [(by_id[i], evaluated(i)[1]) for i in by_id]
summary = target.summary_frame(evaluations, lang)
provenance = Provenance(tuple(sorted({r["source_title"] for r in by_id.values()})), fmt.month(as_of, lang),
                              None, bool(summary[t("col.synthetic", lang)].any()))
target.summary_table(summary, evaluations, provenance, lang)

with st.expander(t("tgt.details", lang, area=labels[area]), icon=":material/query_stats:"):
    columns = st.columns(2) if national else [st.container()]
    with columns[0]:
        st.subheader(labels[area])
        for target_id in shown:
            series, progress = evaluated(target_id)
            target.target_card(by_id[target_id], series, progress, relations[target_id], by_id, batches, lang)
    if national:
        with columns[1]:
            st.subheader(t("tgt.area.national", lang))
            for target_id in national:
                series, progress = evaluated(target_id)
                target.target_card(by_id[target_id], series, progress, relations[target_id], by_id, batches,
                                          lang)
