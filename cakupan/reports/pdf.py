"""The one A4 page every PDF of Cakupan is drawn on: the province and Kanwil briefings and the RAT
PDF. Text in the shipped font; boxed text that must fit (shrunk to a floor size, then cut with
'…' and logged in `overflows`), and flowing text and tables for pages that read top to bottom."""

from __future__ import annotations

import io

from fpdf import FPDF

from cakupan import fonts

RULE = (150, 150, 150)


class A4Page(FPDF):
    """One portrait A4 page, no automatic page breaks (a briefing is one page by design)."""

    def __init__(self, title: str, lang: str, margins: tuple[float, float, float], ink: tuple[int, int, int]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(*margins)
        regular, bold = fonts.files()
        self.add_font("body", "", regular)
        self.add_font("body", "B", bold)
        self.set_title(title)
        self.set_author("Cakupan")
        self.set_creator("Cakupan")
        self.set_lang("id-ID" if lang == "id" else "en-US")
        self.add_page()
        self.ink = ink
        self.overflows: list[str] = []

    def style(self, size: float, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
        self.set_font("body", "B" if bold else "", size)
        self.set_text_color(*(color or self.ink))

    def width(self, text: str) -> float:
        return self.get_string_width(text)

    # --- boxed text: placed at a point, fitted to a width --------------------------------------

    def fit(self, x: float, baseline: float, w: float, text: str, size: float, bold: bool = False,
            color: tuple[int, int, int] | None = None, align: str = "L", min_size: float | None = None,
            where: str = "") -> None:
        """One line of text inside width `w`, shrunk down to `min_size`, then cut."""
        floor = min_size if min_size is not None else size * 0.8
        current = size
        self.style(current, bold, color)
        while self.width(text) > w and current > floor:
            current = max(floor, current - 0.25)
            self.style(current, bold, color)
        if self.width(text) > w:
            self.overflows.append(f"{where or 'text'}: {text}")
            while text and self.width(text + "…") > w:
                text = text[:-1]
            text = text.rstrip() + "…"
        offset = {"L": 0.0, "R": w - self.width(text), "C": (w - self.width(text)) / 2}[align]
        self.text(x + offset, baseline, text)

    def wrap(self, text: str, w: float) -> list[str]:
        """Words broken into lines no wider than `w` at the current font."""
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and self.width(trial) > w:
                lines.append(current)
                current = word
            else:
                current = trial
        if current:
            lines.append(current)
        return lines

    def paragraph(self, x: float, y: float, w: float, text: str, size: float, leading: float, max_lines: int,
                  bold: bool = False, color: tuple[int, int, int] | None = None, where: str = "") -> float:
        """Wrapped text from top `y`; returns the y under the last line. More than `max_lines` is cut."""
        self.style(size, bold, color)
        lines = self.wrap(text, w)
        if len(lines) > max_lines:
            self.overflows.append(f"{where or 'paragraph'}: {len(lines)} lines > {max_lines}")
            lines = lines[:max_lines]
            last = lines[-1]
            while last and self.width(last + " …") > w:
                last = last[:-1]
            lines[-1] = last.rstrip() + " …"
        for i, line in enumerate(lines):
            self.text(x, y + size * 0.3528 + i * leading, line)
        return y + len(lines) * leading

    def rule(self, x: float, y: float, w: float) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(x, y, x + w, y)

    def row(self, x: float, baseline: float, columns: list[tuple[str, float, str]], cells: list[str], size: float,
            bold: bool | list[bool] = False, color: tuple[int, int, int] | None = None,
            min_size: float | list[float] | None = None, indent: float = 1.5, where: str = "") -> None:
        """One row of a boxed table: each cell fitted into its column (label, width, align); a
        left-aligned cell starts `indent` in; `bold` and `min_size` are one value or one per column."""
        cx = x
        for n, ((_, cw, align), cell) in enumerate(zip(columns, cells)):
            self.fit(cx + (indent if align == "L" else 0), baseline, cw - 1.5, cell, size,
                     bold=bold[n] if isinstance(bold, list) else bold, color=color, align=align,
                     min_size=min_size[n] if isinstance(min_size, list) else min_size, where=where)
            cx += cw

    def box_heading(self, x: float, y: float, w: float, text: str, where: str) -> None:
        self.fit(x, y + 3.2, w, text, 9.5, bold=True, where=where)

    def chart(self, png: bytes | None, x: float, y: float, w: float, h: float, keep_aspect: bool = False) -> None:
        """A chart PNG at the top of its box; with keep_aspect, as tall as its own shape needs."""
        if png is None:  # layout-only runs (tests of fit for every province) skip the charts
            self.set_draw_color(*RULE)
            self.rect(x, y, w, h)
            return
        if keep_aspect:
            from PIL import Image

            width_px, height_px = Image.open(io.BytesIO(png)).size
            h = min(h, w * height_px / width_px)
        self.image(io.BytesIO(png), x=x, y=y, w=w, h=h)

    # --- flowing text: line after line from the top margin ---------------------------------------

    def line_of(self, text: str, size: float = 9, bold: bool = False, color: tuple[int, int, int] | None = None,
                height: float | None = None) -> None:
        self.style(size, bold, color)
        self.multi_cell(0, height or size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def section(self, text: str, color: tuple[int, int, int]) -> None:
        """A section heading with a rule under it, in `color`."""
        self.ln(1.5)
        self.line_of(text, 10.5, True, color, 5.5)
        self.set_draw_color(*color)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)

    def table_of(self, header: list[str], rows: list[list[str]], widths: list[float], size: float = 7.6,
                 align: list[str] | None = None) -> None:
        """A striped table whose headings wrap; body cells are cut to one line so the page height is known."""
        from fpdf.fonts import FontFace

        align = align or ["LEFT"] + ["RIGHT"] * (len(header) - 1)
        self.style(size)
        body = [[self.cut(text, width - 2) for text, width in zip(row, widths)] for row in rows]
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", text_align=align, line_height=3.7,
                        borders_layout="NONE", cell_fill_color=(245, 245, 245), cell_fill_mode="ROWS",
                        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 247), color=self.ink),
                        padding=(0.5, 1)) as table:
            for line in [header, *body]:
                row = table.row()
                for text in line:
                    row.cell(text)
        self.ln(0.5)

    def cut(self, text: str, width: float) -> str:
        """Cut a cell's text to its column so that a long name cannot push the page over."""
        if self.get_string_width(text) <= width - 1:
            return text
        while text and self.get_string_width(text + "...") > width - 1:
            text = text[:-1]
        return text + "..."

    def to_bytes(self) -> bytes:
        return bytes(self.output())
