"""Simulator: the inputs, the BPU calculator, results and the saved scenarios."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from cakupan import fmt, simulator, user_text
from cakupan.figures.bars import scenario_bars
from cakupan.frames import each
from cakupan.i18n import messages, t
from cakupan.provenance import Provenance, source_name
from cakupan.simulator import Message, Result
from cakupan.ui import widgets


def field_messages(slots: dict, errors: dict[str, Message], lang: str) -> None:
    """Show each validation message in the slot under its field; a field whose text is not a
    number says how to write one instead."""
    unreadable = slots.get(UNREADABLE, {})
    for name, message in errors.items():
        if name in unreadable:
            slots[name].error(t("sim.err.not_a_number", lang, example=unreadable[name]), icon=":material/warning:")
        elif name in slots:
            values = {k: fmt.money(v, lang) if k == "minimum" else v for k, v in message.values.items()}
            slots[name].error(t(message.key, lang, **values), icon=":material/warning:")


UNREADABLE = "_unreadable"  # slots[UNREADABLE]: field name -> an example of a number written the reader's way


def _reformat(key: str, lang: str, digits: int) -> None:
    """Callback: rewrite a typed number the reader's way (2000000 -> 2.000.000); text that is not a
    number is left as typed, for its message."""
    try:
        value = fmt.parse_number(st.session_state.get(key), lang)
    except ValueError:
        return
    if value is not None:
        st.session_state[key] = fmt.number(value, lang, digits)


def number_field(container, label: str, default: float, key: str, lang: str, digits: int = 0,
                 help: str | None = None, example: float | None = None) -> tuple[float | None, str | None]:
    """A number typed and shown in the reader's format ("1.000.000.000", "10,0"), where a plain number
    input shows "1000000000" and "10.0". Returns the value (None when empty or not a number) and,
    for text that is not a number, an example of how to write one."""
    written_in = f"{key}_lang"
    if key not in st.session_state:
        st.session_state[key] = fmt.number(default, lang, digits)
    elif st.session_state.get(written_in, lang) != lang:
        # After a language switch the text is in the other format: carry the value across.
        try:
            value = fmt.parse_number(st.session_state[key], st.session_state[written_in])
            if value is not None:
                st.session_state[key] = fmt.number(value, lang, digits)
        except ValueError:
            pass
    st.session_state[written_in] = lang
    shown = fmt.number(example if example is not None else default, lang, digits)
    text = container.text_input(label, key=key, help=help, on_change=_reformat, args=(key, lang, digits),
                                placeholder=shown)
    try:
        return fmt.parse_number(text, lang), None
    except ValueError:
        return None, shown


def result_metrics(result: Result, months: int, lang: str) -> None:
    """The headline numbers of one scenario."""
    cols = st.columns(4)
    cols[0].metric(t("sim.out.coverable", lang), fmt.number(result.members_coverable, lang),
                   help=t("sim.help.coverable", lang))
    cols[1].metric(t("sim.out.newly", lang), fmt.number(result.newly_covered, lang), help=t("sim.help.newly", lang))
    cols[2].metric(t("sim.out.per_month", lang), fmt.money(result.per_member_month_idr, lang))
    cols[3].metric(t("sim.out.per_member_total", lang, months=months), fmt.money(result.per_member_total_idr, lang))


@st.fragment
def bpu_calculator(rates: dict, provenance: Provenance, min_income: dict, quoted: dict, lang: str) -> None:
    """Income → monthly contribution of each package, from the rate table. A fragment: a new income
    reruns this box only, not the simulator beside it (its queries, figure and scenarios)."""
    st.subheader(t("calc.title", lang))
    st.caption(t("calc.intro", lang))
    income, unreadable = number_field(st, t("calc.income", lang), 2_000_000, "calc_income", lang,
                                      help=t("sim.help.income", lang))
    st.caption(fmt.money(income, lang) if income else "–")
    if unreadable:
        st.error(t("sim.err.not_a_number", lang, example=unreadable), icon=":material/warning:")
        return
    if income is None or income <= 0:
        st.error(t("sim.err.income_positive", lang), icon=":material/warning:")
        return
    if income < min_income["value"]:
        st.error(t("sim.err.income_min", lang, minimum=fmt.money(min_income["value"], lang)), icon=":material/warning:")
        return
    rows = simulator.calculator_table(rates, income)
    frame = calculator_frame(rows, lang)
    # Shown as text so that a programme outside a package reads "–", not an empty number cell.
    shown = frame.with_columns(each(frame[c], lambda v: fmt.number(v, lang))
                               for c in frame.columns[1:]).fill_null("–")
    widgets.table(frame, "bpu_calculator", provenance, lang, display=shown.to_pandas())
    st.caption(rate_rules(rates, lang))
    st.info(t("sim.quoted", lang, value=fmt.money(quoted["value_idr"], lang), printed=quoted["as_printed"]),
            icon=":material/format_quote:")
    st.caption(t("sim.quoted_source", lang, source=user_text.md(source_name(quoted["source_title"], lang))))


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
    return "; ".join(parts) + ". " + t("calc.rule.source", lang, source=user_text.md(source_name(first.source_title, lang)),
                                       day=fmt.month(first.effective_from, lang))


def simulator_inputs(coop_by_id: dict[int, dict], regencies: pl.DataFrame, min_income: dict, lang: str):
    """The simulator's fields; returns the inputs, the cooperative, its kabupaten/kota code and
    one empty slot under each field for its validation message."""
    # No min/max on the number fields: a widget bound silently keeps the previous value and the page
    # would compute with it; without bounds the typed value reaches validate() and gets its message.
    slots: dict = {UNREADABLE: {}}

    def field(container, name: str, label: str, default: float, key: str, digits: int = 0, help=None):
        value, example = number_field(container, label, default, key, lang, digits, help)
        if example:
            slots[UNREADABLE][name] = example
        return value

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
        members = field(c1, "members", t("sim.members", lang), 1000, "sim_members")
        slots["members"] = c1.empty()
        enrolled = field(c2, "enrolled", t("sim.enrolled", lang), 0, "sim_enrolled")
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
                     month=fmt.month(cooperative["as_of"], lang), label=label, source=user_text.md(source_name(cooperative["source_title"], lang))))
    c1, c2 = st.columns(2)
    shu = field(c1, "shu", t("sim.shu", lang), 1_000_000_000, "sim_shu", help=t("sim.help.shu", lang))
    slots["shu"] = c1.empty()
    c1.caption(fmt.money(shu, lang) if shu is not None else "–")
    share = field(c2, "share", t("sim.share", lang), 10.0, "sim_share", digits=1)
    slots["share"] = c2.empty()
    package = st.radio(t("sim.package", lang), list(simulator.PACKAGES), horizontal=True, key="sim_package",
                       format_func=lambda p: t(f"sim.package.{p}", lang))
    slots["package"] = st.empty()
    c3, c4 = st.columns(2)
    income = field(c3, "income", t("sim.income", lang), min_income["value"], "sim_income",
                   help=t("sim.help.income", lang))
    slots["income"] = c3.empty()
    c3.caption(fmt.money(income, lang) if income is not None else "–")
    months = field(c4, "months", t("sim.months", lang), 12, "sim_months")
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
        t("sim.col.source", lang): source_name(c.rate.source_title, lang),
    } for c in result.breakdown])


def result_details(inputs, result: Result, cooperative: dict, rate_provenance: Provenance, period: date,
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
    widgets.table(breakdown, "sim_breakdown", rate_provenance, lang, display=widgets.locale_styler(breakdown, lang))
    st.markdown(f"**{t('sim.coverage_title', lang, month=fmt.month(period, lang))}**")
    coverage = coverage_frame(result, lang)
    sources = (cooperative["source_title"], t("sim.coverage_source", lang))
    widgets.table(coverage, "sim_coverage",
                Provenance(sources, fmt.month(period, lang), "ucj",
                                 bool(cooperative["is_synthetic"]) or any(a.synthetic for a in result.coverage)),
                lang, display=widgets.locale_styler(coverage, lang, {t("sim.col.before", lang): fmt.PERCENT_DIGITS,
                                                                   t("sim.col.after", lang): fmt.PERCENT_DIGITS},
                                                    signed=(t("sim.col.change", lang),)))
    st.caption(t("sim.coverage_method", lang, months=months))


SCENARIOS_KEY = "shu_scenarios"


def scenario_frame(rows: list[dict], lang: str) -> pl.DataFrame:
    """Saved scenarios side by side, columns named in the reader's language."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    names = {c: t(f"sim.scol.{c}", lang) for c in frame.columns if f"sim.scol.{c}" in messages()}
    frame = frame.with_columns(pl.col("package").replace_strict(
        {p: t(f"sim.package.{p}", lang) for p in simulator.PACKAGES}, default=pl.col("package")))
    return frame.rename(names)


def scenarios(inputs, result: Result, cooperative: dict, rate_provenance: Provenance, lang: str) -> None:
    """Save the current scenario, compare the saved ones, export them as CSV (table) and PDF."""
    from cakupan.reports import rat_pdf  # fpdf2 is only needed when someone asks for the PDF

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
    provenance = Provenance(rate_provenance.sources + (cooperative["source_title"],), rate_provenance.as_of,
                                  "ucj", bool(cooperative["is_synthetic"]))
    digits = {t(f"sim.scol.{c}", lang): 0 for c in ("shu_idr", "income_idr")}
    digits.update({t(f"sim.scol.{c}", lang): 3 for c in ("cooperative_rate_before_pct", "cooperative_rate_after_pct",
                                                          "cooperative_change_pts", "regency_change_pts",
                                                          "province_change_pts")})
    widgets.table(frame, "sim_scenarios", provenance, lang, display=widgets.locale_styler(frame, lang, digits))
    if len(rows) > 1:
        widgets.chart(scenario_bars(rows, t("sim.scenario_chart", lang), lang), "sim_scenario_chart", provenance, lang)
    latest = saved[-1] if saved else {"cooperative": cooperative, "inputs": inputs, "result": result}
    st.download_button(
        t("sim.pdf", lang), icon=":material/picture_as_pdf:", mime="application/pdf",
        file_name=f"rat-{cooperative['name'].lower().replace(' ', '-')}.pdf",
        data=lambda: rat_pdf.rat_pdf(latest["cooperative"], latest["inputs"], latest["result"], rows, lang),
        help=t("sim.pdf_help", lang), key="sim_pdf")
