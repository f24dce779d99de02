"""One-page PDF of SHU → iuran scenarios for a cooperative's annual members' meeting (RAT)."""

from __future__ import annotations

from datetime import date

from cakupan import fmt, simulator
from cakupan.i18n import t
from cakupan.provenance import short_label, source_name
from cakupan.reports.pdf import A4Page

MAX_SCENARIOS = 10
PAGE_BOTTOM = 287  # mm: A4 height less a 10 mm margin
INK = (33, 37, 41)
MUTED = (100, 100, 100)
ACCENT = (34, 94, 168)


def _chart_png(rows: list[dict], lang: str) -> bytes | None:
    """The scenario bar chart as PNG through kaleido; None when no browser is available."""
    try:
        from cakupan.figures.bars import scenario_bars

        # Short names keep the axis labels on one line.
        short = [{**r, "scenario": r["scenario"] if len(r["scenario"]) <= 18 else r["scenario"][:17] + "…"}
                 for r in rows]
        # 900 × 252 px keeps the 186 × 52 mm box's proportions, so nothing is stretched.
        fig = scenario_bars(short, t("sim.scenario_chart", lang), lang, height=252)
        fig.update_layout(width=900, margin=dict(l=70, r=20, t=40, b=40))
        fig.update_xaxes(automargin=True)
        fig.update_yaxes(automargin=True)
        return fig.to_image(format="png", scale=2)
    except Exception:  # noqa: BLE001 - the PDF is still useful without its chart
        return None


def row_synthetic(area: simulator.AreaCoverage, cooperative: dict) -> bool:
    """Whether a row of the coverage table is demo data: the cooperative's row is its member
    counts (the cooperative's flag), the others their coverage month's."""
    return bool(cooperative.get("is_synthetic")) if area.level == "cooperative" else area.synthetic


def is_synthetic(cooperative: dict, result: simulator.Result) -> bool:
    """True when any figure the page prints is synthetic."""
    return any(row_synthetic(a, cooperative) for a in result.coverage) or bool(cooperative.get("is_synthetic"))


def _badge(pdf: A4Page, text: str) -> None:
    """A boxed badge at the top right of the page, as on the briefings."""
    pdf.style(8, True, INK)
    w = pdf.width(text) + 5
    x = pdf.w - pdf.r_margin - w
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(x, pdf.t_margin, w, 5.5)
    pdf.text(x + 2.5, pdf.t_margin + 3.8, text)


def rat_pdf(cooperative: dict, inputs: simulator.Inputs, result: simulator.Result, scenarios: list[dict],
            lang: str = "id", chart: bool = True, today: date | None = None) -> bytes:
    """A one-page A4 PDF: the scenario under discussion, its coverage change, the saved scenarios
    compared, a chart of members covered, and the sources and caveats. Returns the PDF bytes."""
    pdf = A4Page(t("pdf.title", lang), lang, (12, 10, 12), INK)
    months = int(inputs.months)
    # Synthetic coverage (the default data's kab/kota and province months) is labelled on the
    # page as the briefings label it: a DATA SINTETIS badge, the row's kind and a note.
    synthetic_rows = is_synthetic(cooperative, result)
    if synthetic_rows:
        _badge(pdf, t("briefing.synthetic_badge", lang))
    pdf.line_of(t("pdf.title", lang), 15, True, INK, 7)
    synthetic = t("pdf.synthetic", lang) if cooperative.get("is_synthetic") else t("pdf.published", lang)
    pdf.line_of(t("pdf.subtitle", lang, name=cooperative["name"], regency=cooperative.get("regency_name") or "–",
                  members=fmt.number(inputs.members, lang), enrolled=fmt.number(inputs.enrolled, lang),
                  label=synthetic), 9.5, False, MUTED, 5)
    pdf.line_of(t("pdf.made", lang, day=fmt.month(today or date.today(), lang)), 8, False, MUTED, 4.5)

    pdf.section(t("pdf.scenario", lang), ACCENT)
    breakdown = " + ".join(f"{c.program} {fmt.money(c.amount_idr, lang)}" for c in result.breakdown)
    facts = [
        (t("sim.shu", lang), fmt.money(inputs.shu_idr, lang)),
        (t("sim.share", lang), fmt.percent(inputs.share_pct, lang)),
        (t("pdf.budget", lang), fmt.money(result.budget_idr, lang)),
        (t("sim.package", lang), t(f"sim.package.{inputs.package}", lang)),
        (t("pdf.income", lang), fmt.money(inputs.income_idr, lang)),
        (t("sim.months", lang), str(months)),
        (t("sim.out.per_month", lang), fmt.money(result.per_member_month_idr, lang)),
        (t("sim.out.per_member_total", lang, months=months), fmt.money(result.per_member_total_idr, lang)),
        (t("sim.out.coverable", lang), fmt.number(result.members_coverable, lang)),
        (t("sim.out.newly", lang), fmt.number(result.newly_covered, lang)),
        (t("pdf.unused", lang), fmt.money(result.unused_budget_idr, lang)),
    ]
    half = (len(facts) + 1) // 2
    top = pdf.get_y()
    for column, chunk in enumerate((facts[:half], facts[half:])):
        pdf.set_xy(pdf.l_margin + column * 93, top)
        for label, value in chunk:
            pdf.set_x(pdf.l_margin + column * 93)
            pdf.style(8.3, False, MUTED)
            pdf.cell(50, 4.8, pdf.cut(label, 50))
            pdf.style(8.3, True)
            pdf.cell(43, 4.8, pdf.cut(value, 43), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top + 4.8 * half + 0.5)
    pdf.line_of(t("pdf.breakdown", lang, breakdown=breakdown), 8.3, False, MUTED, 4.5)

    pdf.section(t("pdf.coverage", lang), ACCENT)
    pdf.table_of(
        [t("sim.col.level", lang), t("sim.col.area", lang), t("sim.col.covered_before", lang),
         t("sim.col.before", lang), t("sim.col.covered_after", lang), t("sim.col.after", lang), t("sim.col.change", lang),
         t("col.provenance", lang)],
        [[t(f"sim.level.{a.level}", lang), a.name, fmt.number(a.covered_before, lang),
          fmt.percent(a.rate_before_pct, lang), fmt.number(a.covered_after, lang),
          fmt.percent(a.rate_after_pct, lang), fmt.points(a.change_pts, lang),
          short_label("synthetic" if row_synthetic(a, cooperative) else "published", lang)] for a in result.coverage],
        [22, 44, 22, 19, 22, 19, 20, 18], align=["LEFT", "LEFT"] + ["RIGHT"] * 5 + ["LEFT"])
    if synthetic_rows:
        pdf.line_of(t("export.synthetic", lang), 7.6, True, INK, 3.8)

    pdf.section(t("pdf.compare", lang, n=len(scenarios)), ACCENT)
    shown = scenarios[:MAX_SCENARIOS]
    pdf.table_of(
        [t("sim.scol.scenario", lang), t("sim.scol.share_pct", lang), t("pdf.col.package", lang),
         t("sim.scol.income_idr", lang), t("sim.scol.months", lang), t("sim.scol.per_member_month_idr", lang),
         t("sim.scol.newly_covered", lang), t("pdf.col.coop_after", lang)],
        [[r["scenario"], fmt.percent(r["share_pct"], lang), t(f"sim.package_short.{r['package']}", lang),
          fmt.money(r["income_idr"], lang), str(r["months"]), fmt.money(r["per_member_month_idr"], lang),
          fmt.number(r["newly_covered"], lang), fmt.percent(r.get("cooperative_rate_after_pct"), lang)]
         for r in shown],
        [42, 14, 24, 22, 14, 24, 22, 24])
    if len(scenarios) > MAX_SCENARIOS:
        pdf.line_of(t("pdf.more", lang, n=len(scenarios) - MAX_SCENARIOS), 7.5, False, MUTED, 4)

    png = _chart_png(shown, lang) if chart and len(shown) > 1 else None
    if png:
        pdf.ln(1)
        height = 52
        pdf.image(png, x=pdf.l_margin, y=pdf.get_y(), w=186, h=height)
        pdf.set_y(pdf.get_y() + height + 1)

    pdf.section(t("pdf.notes", lang), ACCENT)
    rates = result.breakdown[0].rate
    notes = [
        t("pdf.note.method", lang),
        t("pdf.note.rates", lang, source=source_name(rates.source_title, lang) or "–",
          day=fmt.month(rates.effective_from, lang) if rates.effective_from else "–"),
        t("pdf.note.coverage", lang),
        t("pdf.note.quoted", lang),
        t("pdf.note.cooperative", lang, source=source_name(cooperative.get("source_title"), lang) or "–",
          label=synthetic),
        t("pdf.note.not_a_quote", lang),
    ]
    for note in notes:
        if pdf.get_y() > PAGE_BOTTOM - 8:
            break
        pdf.line_of("• " + note, 7.3, False, MUTED, 3.5)
    return pdf.to_bytes()
