"""Rendering pieces for the Target, Koperasi & UMKM and Simulator pages (Streamlit calls live here)."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from cakupan import fmt, simulator, user_text, views
from cakupan.figures_targets import burn_up, metric_value, scenario_bars
from cakupan.i18n import messages, t
from cakupan.provenance import note_text
from cakupan.simulator import Message, Result
from cakupan.targets import RATE_METRICS, Progress, Projection


def area_label(row: dict, lang: str) -> str:
    """'Nusa Tenggara Barat (52)' or 'Indonesia (nasional)'."""
    if row["area_level"] == "national":
        return t("tgt.area.national", lang)
    return f"{row['area_name']} ({row['area_code']})"


def metric_label(row: dict, lang: str) -> str:
    """'Tingkat cakupan (basis UCJ)' or 'UMKM terdaftar'."""
    label = t(f"tgt.metric.{row['metric']}", lang)
    if row["basis"]:
        label += f" ({t('basis.' + row['basis'] + '.short', lang)})"
    return label


def pace_text(value: float | None, metric: str, lang: str) -> str:
    """A monthly pace: '+0,27 poin/bulan' or '+1.234/bulan'."""
    if value is None:
        return "–"
    if metric in RATE_METRICS:
        return t("tgt.pace.points", lang, value=fmt.points(value, lang).rsplit(" ", 1)[0])
    return t("tgt.pace.units", lang, value=fmt.signed(round(value), lang))


HORIZON_YEARS = 10


def beyond_horizon(p: Projection) -> bool:
    """A reach month more than HORIZON_YEARS after the month projected from: a straight line that
    far out says only "not in any useful time", so no month is printed."""
    start = p.path[0][0] if p.path else p.from_period  # the path starts at the evaluated month
    return p.reach_period is not None and start is not None and (
        (p.reach_period.year - start.year) * 12 + p.reach_period.month - start.month > HORIZON_YEARS * 12)


def projection_verdict(p: Projection, due: date, lang: str) -> str:
    """The reach month of one projection, or why there is none."""
    if p.status in ("reaches", "not_by_due") and p.reach_period and beyond_horizon(p):
        return t("tgt.verdict.beyond", lang, years=HORIZON_YEARS)
    if p.status == "reaches":
        return t("tgt.verdict.reaches", lang, month=fmt.month(p.reach_period, lang))
    if p.status == "not_by_due":
        return t("tgt.verdict.not_by_due", lang, month=fmt.month(p.reach_period, lang))
    if p.status == "met":
        return t("tgt.verdict.met", lang)
    if p.status == "never":
        return t("tgt.verdict.never", lang)
    return t("tgt.verdict.no_history", lang, month=fmt.month(p.from_period, lang) if p.from_period else "–")


def projection_summary(progress: Progress, lang: str) -> str | None:
    """One sentence on the projections: the earliest reach month, or 'not by the due date at this pace'."""
    if progress.gap_value is None or progress.gap_value <= 0:
        return None
    known = [p for p in progress.projections if p.status != "no_history"]
    reaching = sorted((p for p in known if p.status == "reaches"), key=lambda p: (p.reach_period, p.window))
    if reaching:
        return t("tgt.summary.some", lang, n=reaching[0].window, month=fmt.month(reaching[0].reach_period, lang))
    if known and all(p.status == "never" or beyond_horizon(p) for p in known):
        return t("tgt.summary.beyond", lang, years=HORIZON_YEARS)
    if known:
        return t("tgt.summary.none", lang, due=fmt.month(progress.due_period, lang))
    return None


def status_text(progress: Progress, lang: str) -> str:
    return t(f"tgt.status.{progress.status}", lang,
             due=fmt.month(progress.due_period, lang),
             first=fmt.month(progress.first_period, lang) if progress.first_period else "–")


def gap_text(progress: Progress, metric: str, lang: str) -> str:
    """The gap as actual minus target (fmt.gap): "kurang -3,20 poin · 12.345 orang" or
    "terlampaui +11,51 poin"; the same convention as the briefing PDF."""
    if progress.gap_value is None:
        return "–"
    if metric not in RATE_METRICS:
        return fmt.gap(-progress.gap_value, lang, unit="count")
    text = fmt.gap(-progress.gap_value, lang)
    if progress.gap_value > 0 and progress.gap_units:
        unit = t("tgt.unit.people" if metric in ("coverage_rate", "active_participants") else "tgt.unit.units", lang)
        text += f" · {fmt.number(progress.gap_units, lang)} {unit}"
    return text


def active_batches(batches: pl.DataFrame) -> str:
    """The ids of the active import batches, for a provenance line."""
    return ", ".join(str(b) for b in batches.filter(pl.col("status") == "active")["batch_id"].sort().to_list())


def summary_frame(rows: list[tuple[dict, Progress]], lang: str) -> pl.DataFrame:
    """One row per target, every column named in the reader's language."""
    records = []
    for target, p in rows:
        proj = {pr.window: pr for pr in p.projections}
        record = {
            t("tgt.col.set_by", lang): target["set_by"],
            t("tgt.col.area", lang): area_label(target, lang),
            t("tgt.col.metric", lang): metric_label(target, lang),
            t("tgt.col.target", lang): metric_value(target["target_value"], target["metric"], lang),
            t("tgt.col.due", lang): target["due_period"],
            t("tgt.col.evaluated", lang): p.period,
            t("tgt.col.value", lang): metric_value(p.value, target["metric"], lang),
            t("tgt.col.progress", lang): p.progress_pct,
            t("tgt.col.gap", lang): gap_text(p, target["metric"], lang),
            t("tgt.col.pace_needed", lang): pace_text(p.pace_needed, target["metric"], lang),
            t("tgt.col.status", lang): status_text(p, lang),
        }
        for window in (3, 6, 12):
            record[t("tgt.col.projection", lang, n=window)] = (
                projection_verdict(proj[window], p.due_period, lang) if window in proj else "–")
        record[t("col.synthetic", lang)] = p.synthetic
        record[t("tgt.col.source", lang)] = target["source_title"]
        record[t("col.batch", lang)] = str(target["batch_id"])
        records.append(record)
    return pl.DataFrame(records, infer_schema_length=None)


# On screen the summary keeps what a reader scans first; the download keeps every column.
SUMMARY_COLUMNS = ("tgt.col.set_by", "tgt.col.area", "tgt.col.metric", "tgt.col.target", "tgt.col.value",
                   "tgt.col.progress", "tgt.col.gap", "tgt.col.pace_needed", "tgt.col.status")


def summary_table(summary: pl.DataFrame, provenance: views.Provenance, lang: str) -> None:
    """One row per target: who set it, the value against the target, progress, gap and pace."""
    shown = summary.select(t(key, lang) for key in SUMMARY_COLUMNS)
    views.table(summary, "targets_summary", provenance, lang, height=38 + 35 * summary.height,
                display=views.locale_styler(shown, lang, {t("tgt.col.progress", lang): fmt.PERCENT_DIGITS}))


def target_card(target: dict, series: pl.DataFrame, progress: Progress, related: dict[str, list[int]],
                by_id: dict[int, dict], batches: str, lang: str) -> None:
    """One target: who set it, progress, gap, pace needed, projections and the burn-up chart."""
    metric = target["metric"]
    with st.container(border=True):
        st.markdown(f"**{user_text.md(target['set_by'])}** · {metric_label(target, lang)} · {area_label(target, lang)}")
        source = user_text.source_md(target["source_title"], target["source_url"])
        st.caption(t("tgt.source_line", lang, source=source,
                     start=fmt.month(target["start_period"], lang), due=fmt.month(target["due_period"], lang))
                   + (f"  \n{t('tgt.note', lang)}: {user_text.md(note_text(target['note'], lang))}" if target["note"] else ""))
        for other in related["conflicts"]:
            o = by_id[other]
            st.warning(t("tgt.conflict", lang, value=metric_value(o["target_value"], metric, lang), set_by=user_text.md(o["set_by"])),
                       icon=":material/balance:")
        if progress.status == "no_data":
            st.info(status_text(progress, lang))
            return
        cols = [c for _ in range(2) for c in st.columns(2)]
        cols[0].metric(t("tgt.metric_value", lang, month=fmt.month(progress.period, lang, short=True)),
                       metric_value(progress.value, metric, lang),
                       help=t("tgt.help.value", lang, numerator=fmt.number(progress.numerator, lang),
                              denominator=fmt.number(progress.denominator, lang)))
        cols[1].metric(t("tgt.metric_target", lang, month=fmt.month(progress.due_period, lang, short=True)),
                       metric_value(progress.target_value, metric, lang))
        cols[2].metric(t("tgt.metric_progress", lang), fmt.percent(progress.progress_pct, lang))
        cols[3].metric(t("tgt.metric_gap", lang),
                       fmt.gap(-progress.gap_value, lang, "points" if metric in RATE_METRICS else "count"),
                       help=gap_text(progress, metric, lang))
        lines = [status_text(progress, lang)]
        if progress.months_left:
            lines.append(t("tgt.pace_needed", lang, pace=pace_text(progress.pace_needed, metric, lang),
                           months=progress.months_left, due=fmt.month(progress.due_period, lang)))
        elif progress.gap_value is not None and progress.gap_value > 0:
            lines.append(t("tgt.pace_planned", lang, pace=pace_text(progress.planned_pace, metric, lang),
                           start=fmt.month(progress.baseline_period, lang), due=fmt.month(progress.due_period, lang)))
        lines.append(t("tgt.gap_line", lang, gap=gap_text(progress, metric, lang)))
        summary = projection_summary(progress, lang)
        if summary:
            lines.append(summary)
        if progress.synthetic:
            lines.append(t("tgt.synthetic_series", lang))
        st.markdown("  \n".join(lines))
        milestones = tuple((by_id[i]["due_period"], by_id[i]["target_value"],
                            t("tgt.legend.milestone", lang, set_by=user_text.plotly(by_id[i]["set_by"]),
                              due=fmt.month(by_id[i]["due_period"], lang, short=True)))
                           for i in related["path"])
        title = t("tgt.chart_title", lang, metric=metric_label(target, lang), area=area_label(target, lang))
        provenance = views.Provenance((target["source_title"], t("tgt.series_source", lang, batches=batches)),
                                      fmt.month(progress.period, lang), target["basis"], progress.synthetic)
        views.chart(burn_up(series, progress, metric, title, lang, milestones), f"burnup_{target['target_id']}",
                    provenance, lang)
        projections = pl.DataFrame([{
            t("tgt.col.window", lang): t("tgt.window", lang, n=p.window),
            t("tgt.col.pace", lang): pace_text(p.pace_per_month, metric, lang),
            t("tgt.col.reach", lang): projection_verdict(p, progress.due_period, lang),
        } for p in progress.projections])
        views.table(projections, f"projections_{target['target_id']}", provenance, lang)
        st.caption(t("tgt.projection_method", lang, month=fmt.month(progress.period, lang)) + " "
                   + t("tgt.projection_caveat", lang))


def field_messages(slots: dict, errors: dict[str, Message], lang: str) -> None:
    """Show each validation message in the slot under its field."""
    for name, message in errors.items():
        if name in slots:
            values = {k: fmt.money(v, lang) if k == "minimum" else v for k, v in message.values.items()}
            slots[name].error(t(message.key, lang, **values), icon=":material/warning:")


def result_metrics(result: Result, months: int, lang: str) -> None:
    """The headline numbers of one scenario."""
    cols = st.columns(4)
    cols[0].metric(t("sim.out.coverable", lang), fmt.number(result.members_coverable, lang),
                   help=t("sim.help.coverable", lang))
    cols[1].metric(t("sim.out.newly", lang), fmt.number(result.newly_covered, lang), help=t("sim.help.newly", lang))
    cols[2].metric(t("sim.out.per_month", lang), fmt.money(result.per_member_month_idr, lang))
    cols[3].metric(t("sim.out.per_member_total", lang, months=months), fmt.money(result.per_member_total_idr, lang))


def bpu_calculator(rates: dict, provenance: views.Provenance, min_income: dict, quoted: dict, lang: str) -> None:
    """Income → monthly contribution of each package, from the rate table."""
    st.subheader(t("calc.title", lang))
    st.caption(t("calc.intro", lang))
    income = st.number_input(t("calc.income", lang), value=2_000_000.0, step=100_000.0, format="%.0f",
                             key="calc_income", help=t("sim.help.income", lang))
    st.caption(fmt.money(income, lang) if income else "–")
    if income is None or income <= 0:
        st.error(t("sim.err.income_positive", lang), icon=":material/warning:")
        return
    if income < min_income["value"]:
        st.error(t("sim.err.income_min", lang, minimum=fmt.money(min_income["value"], lang)), icon=":material/warning:")
        return
    rows = simulator.calculator_table(rates, income)
    frame = calculator_frame(rows, lang)
    # Shown as text so that a programme outside a package reads "–", not an empty number cell.
    shown = frame.with_columns(pl.col(c).map_elements(lambda v: fmt.number(v, lang), return_dtype=pl.String)
                               for c in frame.columns[1:]).fill_null("–")
    views.table(frame, "bpu_calculator", provenance, lang, display=shown.to_pandas())
    st.caption(rate_rules(rates, lang))
    st.info(t("sim.quoted", lang, value=fmt.money(quoted["value_idr"], lang), printed=quoted["as_printed"]),
            icon=":material/format_quote:")
    st.caption(t("sim.quoted_source", lang, source=user_text.md(quoted["source_title"])))


def calculator_frame(rows: list[dict], lang: str) -> pl.DataFrame:
    """The calculator's packages as columns and programmes as rows, so it fits a narrow column."""
    lines = [("JKK", "JKK"), ("JKM", "JKM"), ("JHT", "JHT"), (t("calc.col.month", lang), "total_month_idr"),
             (t("calc.col.year", lang), "total_year_idr")]
    data = {t("calc.col.program", lang): [label for label, _ in lines]}
    for r in rows:
        data[t(f"sim.package_short.{r['package']}", lang)] = [r.get(key) for _, key in lines]
    return pl.DataFrame(data, schema_overrides={t(f"sim.package_short.{r['package']}", lang): pl.Int64 for r in rows})


def rate_rules(rates: dict, lang: str) -> str:
    """The rate table in words, with source and effective date: the numbers are data, shown as data."""
    parts = []
    for program in ("JKK", "JKM", "JHT"):
        r = rates[program]
        if r.fixed_amount_idr is not None:
            parts.append(t("calc.rule.fixed", lang, program=program, amount=fmt.money(r.fixed_amount_idr, lang)))
        else:
            text = t("calc.rule.percent", lang, program=program, rate=fmt.percent(r.rate_pct, lang, 0))
            if r.min_amount_idr is not None or r.max_amount_idr is not None:
                text += " " + t("calc.rule.bounds", lang, min=fmt.money(r.min_amount_idr, lang),
                                max=fmt.money(r.max_amount_idr, lang))
            parts.append(text)
    first = next(iter(rates.values()))
    return "; ".join(parts) + ". " + t("calc.rule.source", lang, source=user_text.md(first.source_title),
                                       day=fmt.month(first.effective_from, lang))


def simulator_inputs(coop_by_id: dict[int, dict], regencies: pl.DataFrame, min_income: dict, lang: str):
    """The simulator's fields; returns the inputs, the cooperative, its kabupaten/kota code and
    one empty slot under each field for its validation message."""
    # No min/max on the number fields: a widget bound silently keeps the previous value and the page
    # would compute with it; without bounds the typed value reaches validate() and gets its message.
    slots: dict = {}
    options = [*coop_by_id, "custom"]

    def coop_label(option) -> str:
        if option == "custom":
            return t("sim.custom", lang)
        row = coop_by_id[option]
        return row["name"] + (f" ({t('prov.synthetic_label', lang)})" if row["is_synthetic"] else "")

    # The one cooperative whose numbers are published comes first.
    options.sort(key=lambda o: (o == "custom", o != "custom" and coop_by_id[o]["is_synthetic"]))
    choice = st.selectbox(t("sim.cooperative", lang), options, format_func=coop_label, key="sim_coop")
    if choice == "custom":
        codes = regencies["regency_code"].to_list()
        names = {r["regency_code"]: f"{r['name']}, {r['province_name']} ({r['regency_code']})"
                 for r in regencies.to_dicts()}
        name = st.text_input(t("sim.custom_name", lang), value=t("sim.custom_default", lang), key="sim_custom_name")
        regency_code = st.selectbox(t("sim.regency", lang), codes, format_func=names.get,
                                    index=codes.index("53.71") if "53.71" in codes else 0, key="sim_regency")
        c1, c2 = st.columns(2)
        members = c1.number_input(t("sim.members", lang), value=1000, step=100, key="sim_members")
        slots["members"] = c1.empty()
        enrolled = c2.number_input(t("sim.enrolled", lang), value=0, step=10, key="sim_enrolled")
        slots["enrolled"] = c2.empty()
        cooperative = {"name": name or t("sim.custom_default", lang), "regency_code": regency_code,
                       "regency_name": names[regency_code], "members": members, "enrolled_members": enrolled,
                       "is_synthetic": False, "source_title": t("sim.custom_source", lang), "as_of": None}
    else:
        cooperative = coop_by_id[choice]
        regency_code = cooperative["regency_code"]
        members, enrolled = cooperative["members"], cooperative["enrolled_members"]
        label = t("prov.synthetic_label" if cooperative["is_synthetic"] else "prov.published_label", lang)
        st.caption(t("sim.coop_line", lang, members=fmt.number(members, lang), enrolled=fmt.number(enrolled, lang),
                     rate=fmt.percent(cooperative["rate_pct"], lang), regency=user_text.md(cooperative["regency_name"]),
                     month=fmt.month(cooperative["as_of"], lang), label=label, source=user_text.md(cooperative["source_title"])))
    c1, c2 = st.columns(2)
    shu = c1.number_input(t("sim.shu", lang), value=1_000_000_000.0, step=50_000_000.0, format="%.0f",
                          key="sim_shu", help=t("sim.help.shu", lang))
    slots["shu"] = c1.empty()
    c1.caption(fmt.money(shu, lang) if shu is not None else "–")
    share = c2.number_input(t("sim.share", lang), value=10.0, step=1.0, format="%.1f",
                            key="sim_share")
    slots["share"] = c2.empty()
    package = st.radio(t("sim.package", lang), list(simulator.PACKAGES), horizontal=True, key="sim_package",
                       format_func=lambda p: t(f"sim.package.{p}", lang))
    slots["package"] = st.empty()
    c3, c4 = st.columns(2)
    income = c3.number_input(t("sim.income", lang), value=float(min_income["value"]), step=100_000.0,
                             format="%.0f", key="sim_income", help=t("sim.help.income", lang))
    slots["income"] = c3.empty()
    c3.caption(fmt.money(income, lang) if income is not None else "–")
    months = c4.number_input(t("sim.months", lang), value=12, step=1,
                             key="sim_months")
    slots["months"] = c4.empty()
    st.caption(t("sim.min_income_note", lang, minimum=fmt.money(min_income["value"], lang)))
    inputs = simulator.Inputs(shu, share, package, income, months, members, enrolled)
    return inputs, cooperative, regency_code, slots


def simulator_areas(regencies: pl.DataFrame, province: pl.DataFrame, regency_code: str) -> tuple[dict, ...]:
    """The kabupaten/kota and province rows (area_coverage query) the newly covered members join."""
    out = []
    for level, frame in (("regency", regencies.filter(pl.col("area_code") == regency_code)), ("province", province)):
        for r in frame.to_dicts():
            out.append({"level": level, "code": r["area_code"], "name": r["area_name"], "active": r["active"],
                        "workers": r["workers"], "synthetic": bool(r["active_synthetic"] or r["workers_synthetic"]),
                        "period": r["period"]})
    return tuple(out)


def coverage_frame(result: Result, lang: str) -> pl.DataFrame:
    """Before/after coverage of the cooperative, its kabupaten/kota and its province."""
    return pl.DataFrame([{
        t("sim.col.level", lang): t(f"sim.level.{a.level}", lang),
        t("sim.col.area", lang): a.name,
        t("sim.col.before", lang): a.rate_before_pct,
        t("sim.col.after", lang): a.rate_after_pct,
        t("sim.col.change", lang): a.change_pts,
        t("sim.col.covered_before", lang): a.covered_before,
        t("sim.col.covered_after", lang): a.covered_after,
        t("sim.col.base", lang): a.base,
        t("col.synthetic", lang): a.synthetic,
    } for a in result.coverage], schema_overrides={t("sim.col.before", lang): pl.Float64,
                                                     t("sim.col.after", lang): pl.Float64,
                                                     t("sim.col.change", lang): pl.Float64})


def breakdown_frame(result: Result, months: int, lang: str) -> pl.DataFrame:
    """Contribution per member by programme, per month and for the chosen months."""
    return pl.DataFrame([{
        t("sim.col.program", lang): c.program,
        t("sim.col.rule", lang): t(f"sim.rule.{c.rule}", lang),
        t("sim.col.per_month", lang): c.amount_idr,
        t("sim.col.per_months", lang, months=months): c.amount_idr * months,
        t("sim.col.effective", lang): c.rate.effective_from,
        t("sim.col.source", lang): c.rate.source_title,
    } for c in result.breakdown])


def result_details(inputs, result: Result, cooperative: dict, rate_provenance: views.Provenance, period: date,
                   lang: str) -> None:
    """Budget, the cap at members not yet enrolled, the programme breakdown and the coverage change."""
    months = int(inputs.months)
    lines = [t("sim.budget_line", lang, shu=fmt.money(inputs.shu_idr, lang), share=fmt.percent(inputs.share_pct, lang),
               budget=fmt.money(result.budget_idr, lang), cost=fmt.money(result.per_member_total_idr, lang),
               months=months, members=fmt.number(result.members_coverable, lang))]
    if result.newly_covered < result.members_coverable:
        lines.append(t("sim.capped", lang, members=fmt.number(result.newly_covered, lang)))
    lines.append(t("sim.unused", lang, unused=fmt.money(result.unused_budget_idr, lang)))
    st.markdown("  \n".join(lines))
    st.markdown(f"**{t('sim.breakdown_title', lang)}**")
    breakdown = breakdown_frame(result, months, lang)
    views.table(breakdown, "sim_breakdown", rate_provenance, lang, display=views.locale_styler(breakdown, lang))
    st.markdown(f"**{t('sim.coverage_title', lang, month=fmt.month(period, lang))}**")
    coverage = coverage_frame(result, lang)
    sources = (cooperative["source_title"], t("sim.coverage_source", lang))
    views.table(coverage, "sim_coverage",
                views.Provenance(sources, fmt.month(period, lang), "ucj",
                                 bool(cooperative["is_synthetic"]) or any(a.synthetic for a in result.coverage)),
                lang, display=views.locale_styler(coverage, lang, {t("sim.col.before", lang): 3,
                                                                   t("sim.col.after", lang): 3,
                                                                   t("sim.col.change", lang): 3}))
    st.caption(t("sim.coverage_method", lang, months=months))


SCENARIOS_KEY = "shu_scenarios"


def scenario_frame(rows: list[dict], lang: str) -> pl.DataFrame:
    """Saved scenarios side by side, columns named in the reader's language."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    names = {c: t(f"sim.scol.{c}", lang) for c in frame.columns if f"sim.scol.{c}" in messages()}
    frame = frame.with_columns(pl.col("package").replace_strict(
        {p: t(f"sim.package.{p}", lang) for p in simulator.PACKAGES}, default=pl.col("package")))
    return frame.rename(names)


def scenarios(inputs, result: Result, cooperative: dict, rate_provenance: views.Provenance, lang: str) -> None:
    """Save the current scenario, compare the saved ones, export them as CSV (table) and PDF."""
    from cakupan import report_pdf  # fpdf2 is only needed when someone asks for the PDF

    st.subheader(t("sim.scenarios", lang))
    saved: list[dict] = st.session_state.setdefault(SCENARIOS_KEY, [])
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    name = c1.text_input(t("sim.scenario_name", lang), value=t("sim.scenario_default", lang, n=len(saved) + 1),
                         key=f"sim_scenario_name_{len(saved)}")
    if c2.button(t("sim.save", lang), icon=":material/save:", type="primary"):
        saved.append({"row": simulator.scenario_row(name, cooperative["name"], inputs, result),
                      "cooperative": cooperative, "inputs": inputs, "result": result})
        st.toast(t("sim.saved", lang, name=user_text.md(name)))
    if c3.button(t("sim.clear", lang), icon=":material/delete:", disabled=not saved):
        saved.clear()
    rows = [s["row"] for s in saved] or [simulator.scenario_row(t("sim.scenario_current", lang), cooperative["name"],
                                                                 inputs, result)]
    if not saved:
        st.caption(t("sim.none_saved", lang))
    frame = scenario_frame(rows, lang)
    provenance = views.Provenance(rate_provenance.sources + (cooperative["source_title"],), rate_provenance.as_of,
                                  "ucj", bool(cooperative["is_synthetic"]))
    digits = {t(f"sim.scol.{c}", lang): 0 for c in ("shu_idr", "income_idr")}
    digits.update({t(f"sim.scol.{c}", lang): 3 for c in ("cooperative_rate_before_pct", "cooperative_rate_after_pct",
                                                          "cooperative_change_pts", "regency_change_pts",
                                                          "province_change_pts")})
    views.table(frame, "sim_scenarios", provenance, lang, display=views.locale_styler(frame, lang, digits))
    if len(rows) > 1:
        views.chart(scenario_bars(rows, t("sim.scenario_chart", lang), lang), "sim_scenario_chart", provenance, lang)
    latest = saved[-1] if saved else {"cooperative": cooperative, "inputs": inputs, "result": result}
    st.download_button(
        t("sim.pdf", lang), icon=":material/picture_as_pdf:", mime="application/pdf",
        file_name=f"rat-{cooperative['name'].lower().replace(' ', '-')}.pdf",
        data=lambda: report_pdf.rat_pdf(latest["cooperative"], latest["inputs"], latest["result"], rows, lang),
        help=t("sim.pdf_help", lang), key="sim_pdf")


def in_scope(frame: pl.DataFrame, scope: str) -> pl.DataFrame:
    """The cooperatives of one province (rows of the cooperatives query), or all for "all"."""
    return frame if scope == "all" else frame.filter(pl.col("province_code") == scope)


def search_cooperatives(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    """Cooperatives whose name, kabupaten/kota or province contains the text (any case); the text is
    matched literally, never used as a pattern or in SQL."""
    needle = text.strip().lower()
    if not needle:
        return frame
    return frame.filter(pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains(needle, literal=True)
                                          for c in ("name", "regency_name", "province_name")))


def enrolment_headline(total: dict, kind: str, lang: str) -> None:
    """Enrolled, base, share and not yet enrolled for one province, with where each number comes from."""
    cols = st.columns(4)
    base_label = t("prov.published_label" if total["base_published"] else "prov.synthetic_label", lang)
    enrolled_label = t("prov.synthetic_label" if total["enrolled_synthetic"] else "prov.published_label", lang)
    cols[0].metric(t("coop.metric.enrolled", lang, kind=t(f"coop.kind.{kind}", lang)),
                   fmt.number(total["enrolled"], lang), help=enrolled_label)
    cols[1].metric(t("coop.metric.base", lang), fmt.number(total["enterprises"], lang), help=base_label)
    cols[2].metric(t("coop.metric.rate", lang), fmt.percent(total["rate_pct"], lang))
    cols[3].metric(t("coop.metric.not_enrolled", lang), fmt.number(total["not_enrolled"], lang))
    st.caption(t("coop.provenance_line", lang, base=base_label, enrolled=enrolled_label))


def area_enrolment_table(areas: pl.DataFrame, provenance: views.Provenance, lang: str) -> None:
    """The enterprise_enrolment rows, ranked, with their provenance columns."""
    frame = areas.select(
        pl.col("rank").alias(t("col.rank", lang)),
        pl.col("area_code").alias(t("col.code", lang)),
        pl.col("area_name").alias(t("coop.col.area", lang)),
        pl.col("enrolled").alias(t("coop.col.enrolled", lang)),
        pl.col("enterprises").alias(t("coop.col.base", lang)),
        pl.col("rate_pct").alias(t("coop.col.rate", lang)),
        pl.col("not_enrolled").alias(t("coop.col.not_enrolled", lang)),
        pl.col("base_published").alias(t("coop.col.base_published", lang)),
        pl.col("enrolled_synthetic").alias(t("coop.col.enrolled_synthetic", lang)),
        pl.col("source").alias(t("coop.col.source", lang)),
        pl.col("period").alias(t("col.as_of", lang)),
        pl.col("batches").alias(t("col.batch", lang)),
    )
    views.table(frame, "coop_area_table", provenance, lang, display=views.locale_styler(frame, lang), height=360)


def cooperative_table(found: pl.DataFrame, lang: str) -> None:
    """Cooperatives (the cooperatives query) ranked by enrolment rate: members, enrolled, as-of, source."""
    table = found.select(
        pl.col("rank").alias(t("col.rank", lang)),
        pl.col("name").alias(t("coop.col.name", lang)),
        pl.col("regency_name").alias(t("coop.col.regency", lang)),
        pl.col("province_name").alias(t("col.province", lang)),
        pl.col("members").alias(t("coop.col.members", lang)),
        pl.col("enrolled_members").alias(t("coop.col.enrolled_members", lang)),
        pl.col("rate_pct").alias(t("coop.col.member_rate", lang)),
        pl.col("not_enrolled").alias(t("coop.col.not_enrolled_members", lang)),
        pl.col("as_of").alias(t("col.as_of", lang)),
        pl.col("is_synthetic").alias(t("col.synthetic", lang)),
        pl.col("source_title").alias(t("coop.col.source", lang)),
        pl.col("note").map_elements(lambda n: note_text(n, lang), return_dtype=pl.String).alias(t("coop.col.note", lang)),
        pl.col("batch_id").cast(pl.String).alias(t("col.batch", lang)),
    )
    provenance = views.Provenance(tuple(sorted(set(found["source_title"]))), fmt.month(found["as_of"].max(), lang),
                                  None, bool(found["is_synthetic"].any()))
    views.table(table, "cooperative_table", provenance, lang,
                display=views.locale_styler(table, lang, {t("coop.col.member_rate", lang): 2}))
    st.caption(t("coop.table_caption", lang))
