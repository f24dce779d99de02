"""One-page PDF of SHU → iuran scenarios for a cooperative's annual members' meeting (RAT)."""

from __future__ import annotations

from datetime import date

from fpdf import FPDF

from cakupan import fmt, fonts, simulator
from cakupan.i18n import t

MAX_SCENARIOS = 10
PAGE_BOTTOM = 287  # mm: A4 height less a 10 mm margin
INK = (33, 37, 41)
MUTED = (100, 100, 100)
ACCENT = (34, 94, 168)


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(12, 10, 12)
        regular, bold = fonts.files()
        self.add_font("body", "", regular)
        self.add_font("body", "B", bold)
        self.add_page()

    def style(self, size: float, bold: bool = False, color=INK) -> None:
        self.set_font("body", "B" if bold else "", size)
        self.set_text_color(*color)

    def line_of(self, text: str, size: float = 9, bold: bool = False, color=INK, height: float | None = None) -> None:
        self.style(size, bold, color)
        self.multi_cell(0, height or size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.ln(1.5)
        self.line_of(text, 10.5, True, ACCENT, 5.5)
        self.set_draw_color(*ACCENT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)

    def table_of(self, header: list[str], rows: list[list[str]], widths: list[float], size: float = 7.6,
                 align: list[str] | None = None) -> None:
        """A striped table whose headings wrap; body cells are cut to one line so the page height is known."""
        from fpdf.fonts import FontFace

        align = align or ["LEFT"] + ["RIGHT"] * (len(header) - 1)
        self.style(size)
        body = [[self._fit(text, width - 2) for text, width in zip(row, widths)] for row in rows]
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", text_align=align, line_height=3.7,
                        borders_layout="NONE", cell_fill_color=(245, 245, 245), cell_fill_mode="ROWS",
                        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 247), color=INK),
                        padding=(0.5, 1)) as table:
            for line in [header, *body]:
                row = table.row()
                for text in line:
                    row.cell(text)
        self.ln(0.5)

    def _fit(self, text: str, width: float) -> str:
        """Cut a cell's text to its column so that a long name cannot push the page over."""
        if self.get_string_width(text) <= width - 1:
            return text
        while text and self.get_string_width(text + "...") > width - 1:
            text = text[:-1]
        return text + "..."


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


def rat_pdf(cooperative: dict, inputs: simulator.Inputs, result: simulator.Result, scenarios: list[dict],
            lang: str = "id", chart: bool = True, today: date | None = None) -> bytes:
    """A one-page A4 PDF: the scenario under discussion, its coverage change, the saved scenarios
    compared, a chart of members covered, and the sources and caveats. Returns the PDF bytes."""
    pdf = _Page()
    months = int(inputs.months)
    pdf.line_of(t("pdf.title", lang), 15, True, INK, 7)
    synthetic = t("pdf.synthetic", lang) if cooperative.get("is_synthetic") else t("pdf.published", lang)
    pdf.line_of(t("pdf.subtitle", lang, name=cooperative["name"], regency=cooperative.get("regency_name") or "–",
                  members=fmt.number(inputs.members, lang), enrolled=fmt.number(inputs.enrolled, lang),
                  label=synthetic), 9.5, False, MUTED, 5)
    pdf.line_of(t("pdf.made", lang, day=fmt.month(today or date.today(), lang)), 8, False, MUTED, 4.5)

    pdf.heading(t("pdf.scenario", lang))
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
            pdf.cell(50, 4.8, pdf._fit(label, 50))
            pdf.style(8.3, True)
            pdf.cell(43, 4.8, pdf._fit(value, 43), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top + 4.8 * half + 0.5)
    pdf.line_of(t("pdf.breakdown", lang, breakdown=breakdown), 8.3, False, MUTED, 4.5)

    pdf.heading(t("pdf.coverage", lang))
    pdf.table_of(
        [t("sim.col.level", lang), t("sim.col.area", lang), t("sim.col.covered_before", lang),
         t("sim.col.before", lang), t("sim.col.covered_after", lang), t("sim.col.after", lang), t("sim.col.change", lang)],
        [[t(f"sim.level.{a.level}", lang), a.name, fmt.number(a.covered_before, lang),
          fmt.percent(a.rate_before_pct, lang), fmt.number(a.covered_after, lang),
          fmt.percent(a.rate_after_pct, lang), fmt.points(a.change_pts, lang)] for a in result.coverage],
        [24, 52, 22, 20, 22, 20, 26], align=["LEFT", "LEFT"] + ["RIGHT"] * 5)

    pdf.heading(t("pdf.compare", lang, n=len(scenarios)))
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

    pdf.heading(t("pdf.notes", lang))
    rates = result.breakdown[0].rate
    notes = [
        t("pdf.note.method", lang),
        t("pdf.note.rates", lang, source=rates.source_title or "–",
          day=fmt.month(rates.effective_from, lang) if rates.effective_from else "–"),
        t("pdf.note.coverage", lang),
        t("pdf.note.quoted", lang),
        t("pdf.note.cooperative", lang, source=cooperative.get("source_title") or "–", label=synthetic),
        t("pdf.note.not_a_quote", lang),
    ]
    for note in notes:
        if pdf.get_y() > PAGE_BOTTOM - 8:
            break
        pdf.line_of("• " + note, 7.3, False, MUTED, 3.5)
    return bytes(pdf.output())
