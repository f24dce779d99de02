"""How a figure came to be: the one rule every place that shows a figure asks (map hovers, the
detail panel, headline badges, tables, trend charts, exports and the briefing).

A figure is one of five kinds:
- published: printed by a public source (named with its date);
- derived: a count chosen so that a printed rate reproduces ("diturunkan dari angka terbit");
- imported: rows an analyst imported, named by their batch;
- synthetic: the default dataset's demo fill;
- assumption: Cakupan's own working value where no source gives one.

Pure functions over the rows the queries return; no Streamlit here, so exports and the briefing
can use it without importing the pages' helpers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from cakupan import fmt
from cakupan.i18n import t

KINDS = ("published", "derived", "imported", "synthetic", "assumption")
# The source row of the default dataset's synthetic fill, as stored; shown through source_name.
SYNTHETIC_TITLE = "Data sintetis Cakupan (isian bawaan yang dapat diulang)"


# The default dataset's import batch, as stored; shown through batch_text.
SEED_BATCH_FILE = "data bawaan Cakupan"
SEED_BATCH_NOTE = "Data bawaan: angka terbit dengan sumbernya, ditambah isian sintetis yang dapat diulang"


def source_name(text: str | None, lang: str) -> str | None:
    """A source title (or several joined) for the reader: the synthetic fill in their language,
    and for an English reader Cakupan's own words around an original title in English (see
    cited_in_english); the original titles stay as printed."""
    if not text:
        return text
    text = text.replace(SYNTHETIC_TITLE, t("prov.synthetic_source", lang))
    return cited_in_english(text) if lang == "en" else text


_BRACKETS = re.compile(r"\(([^()]*)\)")
# Cakupan's words that stand only inside a citation's brackets ("mengutip Radar Banten",
# "pernyataan 7 Januari 2026"): translated there, never in the title as printed.
_BRACKET_WORDS = ("src.citing", "src.statement", "src.verified_by", "src.copy_on", "src.page")


@functools.cache
def _month_names() -> tuple[tuple[str, str], ...]:
    """(Indonesian, English) name of each month, as fmt.month writes them: the months Cakupan wrote
    in its citations (inside brackets: "(kabaran.id, Mei 2025)")."""
    firsts = [date(2000, number, 1) for number in range(1, 13)]
    return tuple((fmt.month(d, "id").split()[0], fmt.month(d, "en").split()[0]) for d in firsts)


def cited_in_english(text: str) -> str:
    """Cakupan's own Indonesian in a stored source title, in English: the words it wrote around
    the original title (publisher, 'diberitakan', 'berita', the month of a citation in brackets),
    each from the catalogue ('src.*'). A title as its publisher printed it is not translated:
    month names are only changed inside brackets, where Cakupan's citation stands."""
    for key in ("src.reported_by", "src.dpr_hearing", "src.income_brackets"):
        text = text.replace(t(key, "id"), t(key, "en"))
    text = text.replace("(" + t("src.news", "id") + ",", "(" + t("src.news", "en") + ",")
    text = re.sub(r"^" + re.escape(t("src.contributions", "id", segment="@")).replace("@", r"(\w+)"),
                  lambda m: t("src.contributions", "en", segment=m.group(1)), text)

    def months(match: re.Match) -> str:
        inner = match.group(1)
        for indonesian, english in _month_names():
            inner = re.sub(rf"\b{indonesian}\b", english, inner)
        for key in _BRACKET_WORDS:
            inner = re.sub(rf"(?<!\w){re.escape(t(key, 'id'))}(?!\w)", t(key, "en"), inner)
        return f"({inner})"

    return _BRACKETS.sub(months, text)


def note_text(note: str | None, lang: str) -> str | None:
    """A seed row's note for the reader: '@key' names a message (Cakupan's own remark, in the
    reader's language); anything else is the source's words as printed."""
    return t(note[1:], lang) if note and note.startswith("@") else note


def batch_text(text: str | None, lang: str) -> str | None:
    """A cell of the batch list for the reader: the default dataset's kind, file and note in their language."""
    words = {"seed": t("prov.batch.seed", lang), SEED_BATCH_FILE: t("prov.batch.seed_file", lang),
             SEED_BATCH_NOTE: t("prov.batch.seed_note", lang)}
    return words.get(text, text) if text else text


@dataclass(frozen=True)
class Provenance:
    """Where the figures in a chart or table come from; exports print it as a footer."""
    sources: tuple[str, ...]
    as_of: str
    basis: str | None = None
    synthetic: bool = False
    boundary_credit: str | None = None
    unit: str | None = None
    batches: tuple[str, ...] = ()
    # The kinds (KINDS) of the figures shown; exports print them as a column and in the footer.
    kinds: tuple[str, ...] = ()
    # (source as the reader sees it, its address): exports print each source with its address
    # (review 3 F13); the app fills it in when it offers a download (export.with_addresses).
    addresses: tuple[tuple[str, str], ...] = ()

    def cited(self, lang: str) -> list[str]:
        """Each source as the reader sees it, followed by its address where one is known."""
        urls = dict(self.addresses)
        return [with_address(name, urls.get(name)) for name in (source_name(s, lang) for s in self.sources)]

    def kinds_text(self, lang: str) -> str:
        """The kinds in words ('angka terbit, data sintetis'); from the synthetic flag where none were
        given. Published and synthetic in the words of the tables' own 'Asal angka' cells (label):
        a ranking's download said "data sintetis" in its rows and "where to act"'s "sintetis"."""
        kinds = self.kinds or (("synthetic",) if self.synthetic else ())
        return ", ".join(label(k, lang) if k in ("published", "synthetic") else short_label(k, lang)
                         for k in KINDS if k in kinds)


def with_address(name: str, url: str | None) -> str:
    """'Title (Publisher) — https://…': a source as an export prints it."""
    return f"{name} — {url}" if url else name


def addresses_by_name(sources, lang: str) -> dict[str, str]:
    """source_addresses rows (title, url) as {title as the reader sees it: url}."""
    return {source_name(row["title"], lang): row["url"] for row in sources.iter_rows(named=True)}


def part_kind(row: dict, part: str) -> str:
    """The kind of one part ('active' or 'workers') of a coverage row, from its synthetic flag, its
    derivation and the import batches behind it (the queries leave those empty where a published
    total stands)."""
    # An unknown flag (no data) counts as synthetic, as the queries' coalesce(..., true) does.
    if row.get(f"{part}_synthetic") is not False:
        return "synthetic"
    # An analyst's import is named by its batch, also where its count was derived from a printed
    # rate (area_coverage's {part}_derived says so beside it); a published total back-calculated
    # from a printed rate is 'derived'.
    if row.get(f"{part}_import_batches"):
        return "imported"
    return "derived" if row.get(f"{part}_derivation") == "from_rate" else "published"


def rate_kind(row: dict) -> str:
    """The kind of a rate (members ÷ workers). A denominator derived from a printed rate makes the
    rate itself the published figure; otherwise synthetic if either part is, then imported. Imported
    kab/kota beside synthetic ones in one total (`is_mixed`) make it 'mixed' (campuran)."""
    if row.get("is_mixed"):
        return "mixed"
    kinds = {part_kind(row, "active"), part_kind(row, "workers")}
    if "derived" in kinds:
        return "published"
    for kind in ("synthetic", "imported"):
        if kind in kinds:
            return kind
    return "published"


def _batches(row: dict) -> str | None:
    found = {b for part in ("active", "workers") for b in (row.get(f"{part}_import_batches") or "").split(", ") if b}
    return ", ".join(sorted(found, key=int)) or None


def label(kind: str, lang: str, batches: str | None = None, rate: float | None = None) -> str:
    """The short name of a kind, as hovers and lists show it beside a source."""
    if kind == "imported":
        return t("hover.imported", lang, batches=batches or "–")
    if kind == "published":
        return t("hover.published", lang)
    if kind == "derived":
        # As printed, like the badge, the trend's diamond and "dilaporkan": NTT's 33% read "33,00%"
        # in the hover beside "33%" everywhere else.
        return t("prov.kind.derived", lang,
                 rate=fmt.percent(rate, lang, printed_digits(rate)) if rate is not None else "–")
    if kind == "assumption":
        return t("prov.kind.assumption", lang)
    if kind == "mixed":
        return t("prov.kind.mixed", lang, batches=batches or "–")
    text = t("hover.synthetic", lang)
    if batches:
        text += "; " + t("hover.partly_imported", lang, batches=batches)
    return text


def short_label(kind: str, lang: str) -> str:
    """One word for a kind, where room is short (the briefing's boxes)."""
    return t(f"prov.short.{kind}", lang)


def part_label(row: dict, part: str, lang: str) -> str:
    """The label of one part ('active' or 'workers') of a coverage row."""
    rate = row.get(f"{part}_printed_rate_pct")
    return label(part_kind(row, part), lang, row.get(f"{part}_import_batches"), rate)


def rate_label(row: dict, lang: str) -> str:
    """One label for a rate: its kind (see rate_kind), with imports named by batch; a rate with
    both published and imported parts names both."""
    kind, batches = rate_kind(row), _batches(row)
    if kind in ("synthetic", "mixed"):
        return label(kind, lang, batches)
    parts = {part_kind(row, "active"), part_kind(row, "workers")}
    if "derived" in parts:
        parts.add("published")
    return "; ".join(label(k, lang, batches) for k in ("published", "imported") if k in parts)


# Everything rate_kind and rate_label read of a row: a caller labelling hundreds of rows works out
# each distinct combination of these once (rate_labels).
RATE_INPUTS = ("is_mixed", "active_synthetic", "workers_synthetic", "active_import_batches",
               "workers_import_batches", "active_derivation", "workers_derivation")


def rate_labels(rows, columns, lang: str) -> list[str]:
    """rate_label of each row, a tuple of `columns` (those of RATE_INPUTS that the rows have),
    each distinct row worked out once: 514 kab/kota have a handful of combinations."""
    labels: dict[tuple, str] = {}
    out = []
    for row in rows:
        if row not in labels:
            labels[row] = rate_label(dict(zip(columns, row)), lang)
        out.append(labels[row])
    return out


def rate_source(row: dict) -> str | None:
    """The source behind a published rate: the denominator's where it was derived from a printed
    rate, else the members' (both are the same publication where both were printed)."""
    if part_kind(row, "workers") == "derived":
        return row.get("workers_source")
    return row.get("active_source") or row.get("workers_source")


def badge(row: dict, lang: str, when: date | None = None, part: str | None = None) -> str:
    """The line under a headline figure: 'Terbit · source, month', 'Diturunkan dari angka terbit
    35,68% · source, month', 'Sintetis' or the import's batch. `part` ('active' or 'workers')
    for a count; the rate (see rate_kind) without it."""
    kind = part_kind(row, part) if part else rate_kind(row)
    if kind in ("published", "derived"):
        source = source_name(row.get(f"{part}_source") if part else rate_source(row), lang)
        where = [source] if source else []
        if when is not None:
            where.append(fmt.month(when, lang))
        rate = row.get(f"{part}_printed_rate_pct") if part else None
        head = (t("prov.badge.published", lang) if kind == "published" else
                t("prov.badge.derived", lang, rate=fmt.percent(rate, lang, printed_digits(rate)) if rate else "–"))
        return head + (" · " + ", ".join(where) if where else "")
    return t(f"prov.badge.{kind}", lang, batches=_batches(row) or "–")


def uncovered_badge(row: dict, lang: str, when: date | None = None) -> str:
    """The line under 'Belum terlindungi' (workers − active participants): no source prints that
    difference, so where both parts are published (or one derived from a printed rate) it is
    'computed from published figures', naming both parts' sources. Otherwise the weaker part's
    kind: a published rate over a synthetic count (NTT, December 2024) leaves a synthetic difference."""
    parts = {part_kind(row, "active"), part_kind(row, "workers")}
    for kind in ("mixed", "synthetic", "imported"):
        if kind in parts or (kind == "mixed" and row.get("is_mixed")):
            return t(f"prov.badge.{kind}", lang, batches=_batches(row) or "–")
    where = "; ".join(dict.fromkeys(source_name(s, lang) for s in (row.get("active_source"), row.get("workers_source"))
                                    if s))
    if when is not None:
        where += (", " if where else "") + fmt.month(when, lang)
    return t("prov.badge.computed", lang) + (" · " + where if where else "")


def change_sources(row: dict, part: str | None = None) -> tuple[str, ...]:
    """The publications behind a 12-month change when they are more than one for a part: the
    change is then computed between figures that may not measure the same thing, and may reflect
    the source rather than the trend (review 3 F9). `part` 'active' for a change in people; the
    rate's change (both parts) without it. Empty when each part rests on one publication or none
    (a demo series' change is labelled synthetic already). Reads {part}_sources_12m, the
    change_sources query's columns joined beside an area's area_coverage row: its own published
    figures in the 12 months, ends included."""
    found: list[str] = []
    for name in ((part,) if part else ("active", "workers")):
        titles = row.get(f"{name}_sources_12m") or []
        if len(titles) > 1:
            found += titles
    return tuple(dict.fromkeys(found))


def change_note(row: dict, lang: str, part: str | None = None, short: bool = False) -> str | None:
    """The words beside a 12-month change across publications (see change_sources), `short` for a
    table's cell; None otherwise."""
    if not change_sources(row, part):
        return None
    return t("prov.change_sources_cell" if short else "prov.change_sources", lang)


def change_story(row: dict, lang: str) -> str | None:
    """The sentence under a 12-month change across publications, naming them by their short
    names (see change_sources); None otherwise."""
    found = change_sources(row)  # both parts: the people's change is among them
    if not found:
        return None
    names = "; ".join(dict.fromkeys(source_short(s, lang) for s in found))
    return t("prov.change_sources_story", lang, n=len(found), sources=names)


# A target row's note when its source gives no due date and the one stored is Cakupan's own.
ASSUMED_DUE = "@prov.note.due_assumed"


def due_assumed(target: dict) -> bool:
    """True when a target's due date is Cakupan's assumption, not its source's (see the seed's note)."""
    return ASSUMED_DUE in (target.get("target_note"), target.get("note"))


def published_points(rows: list[dict], lang: str) -> list[tuple[object, float, str]]:
    """The published months of a trend (coverage_trend rows): (period, rate, label), the label the
    rate as its source printed it (NTB April 2024: 29,26%), or to 2 decimals where only counts were.
    The printed rate stands on whichever part was derived from it: the denominator (NTT, December
    2024: 33%) or the members (NTB, August 2025: 33,25% of the base held from June)."""
    out = []
    for row in rows:
        if row.get("rate_pct") is None or rate_kind(row) != "published":
            continue
        printed = row.get("workers_printed_rate_pct")
        if printed is None:
            printed = row.get("active_printed_rate_pct")
        text = fmt.percent(printed, lang, printed_digits(printed)) if printed is not None else \
            fmt.percent(row["rate_pct"], lang, 2)
        out.append((row["period"], row["rate_pct"], text))
    return out


def printed_digits(printed_rate_pct: float) -> int:
    """How many decimals a rate was printed with (29.26 -> 2, 33.0 -> 0, 24.5 -> 1)."""
    text = repr(float(printed_rate_pct)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def as_printed(value: float, lang: str) -> str:
    """A printed figure with the decimals it was printed with, the reader's way (29,26; 54; 45,5)."""
    return fmt.number(value, lang, printed_digits(value))


def as_of_text(as_of: str | None, lang: str) -> str:
    """A source's as-of ('2024-12', '2023' or empty) in the reader's words."""
    if not as_of:
        return "–"
    if len(as_of) == 7 and as_of[4] == "-":
        return fmt.month(date(int(as_of[:4]), int(as_of[5:]), 1), lang)
    return as_of


def published_beside(rate_pct: float | None, figures: list[dict], lang: str) -> list[str]:
    """Published rates of one area and month, each as 'dilaporkan 33,00% · source · date' with its
    difference from the computed rate in points. `figures` are published_figure rows (value,
    source_title, as_of), the printed one first."""
    out = []
    for f in figures:
        if f.get("value") is None:
            continue
        text = t("prov.reported", lang, rate=fmt.percent(f["value"], lang, printed_digits(f["value"])),
                 source=source_name(f.get("source_title"), lang) or "–", date=as_of_text(f.get("as_of"), lang))
        if rate_pct is not None:
            text += " (" + t("prov.difference", lang, points=fmt.points(rate_pct - f["value"], lang, 2)) + ")"
        out.append(text)
    return out


def is_overall(segment: str | None) -> bool:
    """True for a rate of all workers (not one segment's or part of them), as the source labels it."""
    text = (segment or "all").lower()
    return text.startswith(OVERALL_SEGMENTS) and "excl" not in text


def published_by_area(published) -> dict[str, list[dict]]:
    """published_rates rows (a polars frame) of all workers, grouped by area code, the reproduced
    one first; a segment's rate is not set beside an area's overall rate."""
    out: dict[str, list[dict]] = {}
    for row in published.iter_rows(named=True):
        if row.get("area_code") and is_overall(row.get("segment")):
            out.setdefault(row["area_code"], []).append(row)
    return out


def published_text(rows: list[dict], published: dict[str, list[dict]], lang: str,
                   code_column: str = "area_code") -> dict[str, str]:
    """For each area of `rows` with published rates: the lines of published_beside, joined with <br>."""
    out = {}
    for row in rows:
        lines = published_beside(row.get("rate_pct"), published.get(row[code_column], []), lang)
        if lines:
            out[row[code_column]] = "<br>".join(lines)
    return out


# How an overall rate (not one segment's) is labelled in the published figures.
OVERALL_SEGMENTS = ("all", "ucj", "uc jamsostek", "semua", "total", "jumlah")


def left_out_reason(figure: dict, months: tuple[str, str]) -> str | None:
    """Why a published rate (published_rates row) is not the one the series shows, as a message
    key; None when it is shown. `months` is the first and last month in the data ('YYYY-MM')."""
    if figure.get("shown"):
        return None
    as_of = figure.get("as_of") or ""
    segment = (figure.get("segment") or "all").lower()
    if figure.get("area_level") == "branch_area":
        return "prov.left_out.branch_area"
    if len(as_of) != 7:
        return "prov.left_out.no_month"
    if not months[0] <= as_of <= months[1]:
        return "prov.left_out.outside"
    if not is_overall(segment):
        return "prov.left_out.segment"
    if figure.get("others_same_month"):
        return "prov.left_out.conflict"
    return "prov.left_out.other"


def published_list(figures: list[dict], months: tuple[str, str], lang: str) -> list[dict]:
    """Every published rate as a row of the list view: area, month, the rate as printed, shown or
    why not, the other rates of the same area and month beside it, and the source."""
    by_month: dict[tuple, list[dict]] = {}
    for f in figures:
        by_month.setdefault((f.get("area_level"), f.get("area_code") or f.get("area_name"), f.get("as_of")), []).append(f)
    out = []
    for f in figures:
        siblings = by_month[(f.get("area_level"), f.get("area_code") or f.get("area_name"), f.get("as_of"))]
        reason = left_out_reason(f, months)
        out.append({
            t("col.area", lang): f["area_name"],
            t("col.as_of", lang): as_of_text(f.get("as_of"), lang),
            t("col.published_rate", lang): fmt.percent(f["value"], lang, printed_digits(f["value"])),
            t("col.status", lang): t("prov.all_published.shown", lang) if reason is None else t(reason, lang),
            t("col.same_month", lang): " · ".join(fmt.percent(o["value"], lang, printed_digits(o["value"]))
                                                  for o in siblings if o is not f) or "–",
            t("col.as_printed", lang): f.get("as_printed") or "–",
            t("export.col.source", lang): source_name(f.get("source_title"), lang) or "–",
            t("col.source_url", lang): f.get("source_url") or "–",
        })
    return out


def residual_note(national: dict, provinces: list[dict], lang: str) -> str | None:
    """Where national active participants are published for the month: the provinces' published
    figures, and the rest, which the default data spreads over the provinces with none."""
    if part_kind(national, "active") != "published" or national.get("active") is None:
        return None
    published = [p for p in provinces if part_kind(p, "active") == "published" and p.get("active") is not None]
    rest = national["active"] - sum(p["active"] for p in published)
    return t("prov.residual", lang, national=fmt.number(national["active"], lang), n=len(published),
             published=fmt.number(national["active"] - rest, lang), rest=fmt.number(rest, lang),
             others=len(provinces) - len(published))


def series_provenance(rows: list[dict], basis: str | None, lang: str, targets: list[dict] = (),
                      unit: str | None = None) -> Provenance:
    """Provenance of a chart over months (coverage_trend or province_trend rows, with the targets it
    draws): the publications behind its own published totals, the synthetic fill where any month
    uses it (both as the query names them), the targets' sources, and the months it spans as its as-of. A trend is not the month
    picked on the page: its footer names the series' sources, not that month's."""
    dated = [r for r in rows if r.get("rate_pct") is not None]
    # A part's source is its published total's, else its rows' (several joined with ' | ').
    sources = [s for r in dated for part in (r.get("active_source"), r.get("workers_source")) if part
               for s in part.split(" | ")]
    kinds = {rate_kind(r) for r in dated}
    synthetic = bool(kinds & {"synthetic", "mixed"})
    sources += [tg["source_title"] for tg in targets if tg.get("source_title")]
    periods = sorted(r["period"] for r in dated)
    as_of = (fmt.month(periods[0], lang) + (" – " + fmt.month(periods[-1], lang) if periods[-1] != periods[0] else "")
             if periods else "–")
    batches = {b for r in dated for b in (_batches(r) or "").split(", ") if b}
    return Provenance(tuple(dict.fromkeys(sources)), as_of, basis, synthetic, unit=unit,
                      batches=tuple(sorted(batches, key=int)),
                      # a mixed month is imported rows beside synthetic ones
                      kinds=tuple(k for k in KINDS if k in kinds or (kinds & {"mixed"} and k in ("synthetic", "imported"))))


def segment_provenance(rows: list[dict], as_of: str, unit: str | None = None) -> Provenance:
    """Provenance of a chart of segments (national_segments rows): the sources of the segment rows
    themselves, and the publication of the month's printed split where the bars stand beside one
    (review 3 F1); the month's headline sources say nothing about segments."""
    sources = sorted({s for r in rows for s in (r.get("source_titles") or [])} |
                     {r["published_source"] for r in rows if r.get("published_source")})
    synthetic = any(r.get("is_synthetic") for r in rows)
    return Provenance(tuple(sources), as_of, None, synthetic, unit=unit)


def source_short(title: str | None, lang: str) -> str | None:
    """A source's short name for a hover: the publisher Cakupan wrote first in the title's last
    brackets ('… (Databoks/Katadata; data Kemnaker)' -> 'Databoks/Katadata'), else the whole title."""
    if not title:
        return title
    found = _BRACKETS.findall(title)
    short = re.split(r"[,;]", found[-1])[0].strip() if found else ""
    return short or source_name(title, lang)


def matches_printed(value: int | None, printed: int | None) -> bool:
    """True when `value` rounds to `printed` at the precision it was printed with (its trailing
    zeros, at most a million: 9.580.000 was printed to ten thousand, so 9.575.000–9.585.000 match)."""
    if value is None or printed is None:
        return False
    unit, rest = 1, printed
    while rest and rest % 10 == 0 and unit < 1_000_000:
        unit, rest = unit * 10, rest // 10
    return abs(value - printed) * 2 <= unit if unit > 1 else value == printed


def part_hover(row: dict, part: str, lang: str) -> str:
    """One count of a coverage row for a hover: its kind, with the short name of its source where it
    is published or derived from a printed rate ('angka terbit · Kontan', 'data sintetis')."""
    kind = part_kind(row, part)
    text = part_label(row, part, lang)
    source = source_short(row.get(f"{part}_source"), lang) if kind in ("published", "derived") else None
    return text + (" · " + source if source else "")


def segment_hover(row: dict, lang: str) -> str:
    """What a national segment bar (national_segments row) is: the printed figure where the bar
    equals it; else synthetic, with the printed figure beside it where one stands (PU of a source
    without a PMI line counts PMI too)."""
    printed, source = row.get("published_active"), source_short(row.get("published_source"), lang)
    if matches_printed(row["active"], printed):
        return t("seg.hover.printed", lang, value=fmt.number(printed, lang), source=source)
    text = t("hover.synthetic", lang)
    if printed is not None:
        key = "seg.hover.printed_with_pmi" if row["segment"] == "PU" and not row.get("pmi_printed") else \
            "seg.hover.printed_other"
        text += "; " + t(key, lang, value=fmt.number(printed, lang), source=source)
    return text


def segment_note(rows: list[dict], month: str, lang: str) -> tuple[str, str | None, str | None, str]:
    """The caption under the national segment chart (national_segments rows): the month's printed
    split and whether the bars' PU/PMI division is the source's; or that the split is synthetic and
    its total the printed national figure. Returns (text, source title, source address, text
    after the source)."""
    printed = [r for r in rows if r.get("published_active") is not None]
    if printed:
        parts = ", ".join(f"{t('segment.' + r['segment'], lang)} {fmt.number(r['published_active'], lang)}"
                          for r in printed)
        text = t("seg.note.split", lang, month=month, parts=parts, total=fmt.number(rows[0].get("published_total"), lang))
        after = "" if rows[0].get("pmi_printed") else t("seg.note.no_pmi", lang)
        return text, printed[0].get("published_source"), printed[0].get("published_source_url"), after
    text = t("seg.note.synthetic", lang, month=month)
    total = rows[0].get("published_total") if rows else None
    if total is None:
        return text + " " + t("seg.note.no_total", lang), None, None, ""
    return (text + " " + t("seg.note.total", lang, total=fmt.number(total, lang)),
            rows[0].get("published_total_source"), rows[0].get("published_total_source_url"), "")
