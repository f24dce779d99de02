"""Streamlit pieces of Apa yang berubah: the month-on-month headline, tables, movers and crossings."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from cakupan import changes, fmt
from cakupan.frames import each
from cakupan.i18n import messages, t
from cakupan.provenance import Provenance, badge, part_kind
from cakupan.ui import widgets

MOVERS = 10


def _direction(value: float | None, digits: int) -> str:
    return "flat" if fmt.is_zero(value, digits) else "up" if value > 0 else "down"


def headline(national: dict, summary: dict, basis: str, lang: str) -> None:
    """Three figures with their change on the month before, and one sentence that reads them.
    `summary` is the month's national_summary row: how each figure came to be, as the overview's
    cards say it (a synthetic national count held from its last publication reads "+0" here)."""
    short = t(f"basis.{basis}.short", lang)
    cols = st.columns(3)
    cols[0].metric(t("chg.metric.rate", lang, basis=short), fmt.percent(national["rate_pct"], lang),
                   **widgets.delta(national["rate_change_pts"], fmt.points(national["rate_change_pts"], lang)))
    cols[1].metric(t("chg.metric.active", lang), fmt.compact(national["active"], lang),
                   help=fmt.number(national["active"], lang),
                   **widgets.delta(national["active_change"], fmt.signed(national["active_change"], lang), 0))
    cols[2].metric(t("chg.metric.workers", lang, basis=short), fmt.compact(national["workers"], lang),
                   help=fmt.number(national["workers"], lang), delta_color="off",
                   **widgets.delta(national["workers_change"], fmt.signed(national["workers_change"], lang), 0))
    for col, part in zip(cols, (None, "active", "workers")):
        col.caption(badge(summary, lang, national["period"], part))
    if national["rate_change_pts"] is None:
        return
    # A synthetic national count that did not move is held from its last publication (May 2025's
    # 39,05 juta to December): "peserta aktif tetap, selisih 0 orang" read as a real standstill.
    held = _direction(national["active_change"], 0) == "flat" and part_kind(summary, "active") == "synthetic"
    lines = [t("chg.sentence_held" if held else "chg.sentence", lang,
               direction=t(f"chg.dir.{_direction(national['rate_change_pts'], 2)}", lang),
               # the word says which way, so the size is written without a sign ("turun 0,14 poin")
               points=fmt.points(abs(national["rate_change_pts"]), lang).lstrip("+"),
               rate=fmt.percent(national["rate_pct"], lang),
               people_direction=t(f"chg.people.{_direction(national['active_change'], 0)}", lang),
               people=fmt.number(abs(national["active_change"] or 0), lang))]
    workers = fmt.signed(national["workers_change"], lang)
    if changes.fell_while_rose(national):
        lines.append(t("chg.fell_while_rose", lang, basis=short, workers=workers))
    elif changes.rose_while_fell(national):
        lines.append(t("chg.rose_while_fell", lang, basis=short, workers=workers))
    st.markdown("  \n".join(lines))


def change_table(frame: pl.DataFrame, name_key: str, key: str, provenance: Provenance, lang: str,
                 height: int | None = None, code: bool = True) -> None:
    """Areas with their rate, the month before, the change in points and in people, largest rise first.
    `code=False` leaves the code out (Kanwil are known by name)."""
    change, people, workers = (t("chg.col.change_pts", lang), t("chg.col.active_change", lang),
                               t("chg.col.workers_change", lang))
    table = frame.sort(["rate_change_pts", "area_code"], descending=[True, False], nulls_last=True).select(
        *([pl.col("area_code").alias(t("col.code", lang))] if code else []),
        pl.col("area_name").alias(t(name_key, lang)),
        pl.col("rate_pct").alias(t("chg.col.rate", lang)),
        pl.col("rate_before_pct").alias(t("chg.col.rate_before", lang)),
        pl.col("rate_change_pts").alias(change),
        pl.col("active_change").alias(people),
        pl.col("workers_change").alias(workers),
        pl.col("is_synthetic").alias(t("col.synthetic", lang)),
    )
    digits = {t("chg.col.rate", lang): fmt.PERCENT_DIGITS, t("chg.col.rate_before", lang): fmt.PERCENT_DIGITS}
    # Every row shown, no scrolling, unless the caller caps the height (514 kab/kota).
    widgets.table(table, key, provenance, lang, height=height or 38 + 35 * table.height,
                display=widgets.locale_styler(table, lang, digits, signed=(change, people, workers)))


def peta_params(code: str, period: date, basis: str, lang: str) -> dict[str, str]:
    """The /peta URL that opens an area drilled: a province shows its kabupaten/kota, a
    kabupaten/kota is selected inside its province."""
    province = code.split(".")[0]
    return {"level": "regency", "province": province, "area": code, "period": period.isoformat(),
            "basis": basis, "lang": lang}


def lowest_link(provinces: pl.DataFrame, period: date, basis: str, lang: str) -> None:
    """A link to the province with the lowest coverage this month, opened on the map: the weekly
    review's next step is usually there, and it saves looking it up."""
    ranked = provinces.filter(pl.col("rate_pct").is_not_null()).sort(["rate_pct", "area_code"])
    if ranked.is_empty():
        return
    row = ranked.row(0, named=True)
    label = t("chg.lowest", lang, name=row["area_name"], rate=fmt.percent(row["rate_pct"], lang),
              change=fmt.points(row["rate_change_pts"], lang))
    st.container(key="changes_lowest").page_link("pages/peta.py", label=label, icon=":material/arrow_downward:",
                                                 query_params=peta_params(row["area_code"], period, basis, lang))


def mover_links(frame: pl.DataFrame, province_names: dict[str, str], period: date, basis: str, empty_key: str,
                lang: str) -> None:
    """One link per area into the explorer, with its change: 'Kota Mataram (NTB) · +1,23 poin'."""
    if frame.is_empty():
        st.caption(t(empty_key, lang))
        return
    for row in frame.iter_rows(named=True):
        label = (f"{row['area_name']} ({province_names.get(row['province_code'], row['province_code'])}) · "
                 f"{fmt.points(row['rate_change_pts'], lang)} → {fmt.percent(row['rate_pct'], lang)}")
        st.page_link("pages/peta.py", label=label, query_params=peta_params(row["area_code"], period, basis, lang),
                     icon=":material/trending_up:" if row["rate_change_pts"] > 0 else ":material/trending_down:")


def band_table(crossed: pl.DataFrame, bands, provenance: Provenance, lang: str) -> None:
    labels = {b.key: b.label(lang) for b in bands}
    table = crossed.select(
        pl.col("level").replace_strict({lvl: t(f"chg.level.{lvl}", lang) for lvl in ("province", "regency")})
        .alias(t("chg.col.level", lang)),
        pl.col("area_code").alias(t("col.code", lang)),
        pl.col("area_name").alias(t("chg.col.area", lang)),
        pl.col("band_before").replace_strict(labels).alias(t("chg.col.band_before", lang)),
        pl.col("band").replace_strict(labels).alias(t("chg.col.band", lang)),
        pl.col("direction").replace_strict({d: t(f"chg.direction.{d}", lang) for d in ("up", "down")})
        .alias(t("chg.col.direction", lang)),
        pl.col("rate_before_pct").alias(t("chg.col.rate_before", lang)),
        pl.col("rate_pct").alias(t("chg.col.rate", lang)),
    )
    # Two decimals, as target crossings: a rate that crosses a threshold moves little, and at one
    # decimal 20,04 → 19,96 read "20,0 → 20,0, turun".
    widgets.table(table, "changes_bands", provenance, lang, display=widgets.display(
        table, lang, {t("chg.col.rate", lang): fmt.TARGET_DIGITS, t("chg.col.rate_before", lang): fmt.TARGET_DIGITS}))


def target_table(crossed: pl.DataFrame, provenance: Provenance, lang: str) -> None:
    table = crossed.select(
        pl.col("area_name").alias(t("chg.col.area", lang)),
        pl.col("set_by").alias(t("chg.col.set_by", lang)),
        pl.col("target_value").alias(t("chg.col.target", lang)),
        pl.col("due_period").alias(t("chg.col.due", lang)),
        pl.col("rate_before_pct").alias(t("chg.col.rate_before", lang)),
        pl.col("rate_pct").alias(t("chg.col.rate", lang)),
        pl.col("direction").replace_strict({d: t(f"chg.direction.{d}", lang) for d in ("reached", "lost")})
        .alias(t("chg.col.direction", lang)),
    )
    widgets.table(table, "changes_targets", provenance, lang, display=widgets.display(table, lang, {
        t("chg.col.target", lang): fmt.TARGET_DIGITS, t("chg.col.rate", lang): fmt.TARGET_DIGITS,
        t("chg.col.rate_before", lang): fmt.TARGET_DIGITS}))


def batch_kind(kind: str, lang: str) -> str:
    """What a batch held, in words (never the file or folder it came from)."""
    if kind == "seed":
        return t("chg.kind.seed", lang)
    key = f"import.kind.{kind}"
    return t(key, lang) if key in messages() else kind


def batch_table(batches: pl.DataFrame, lang: str, n: int = 5) -> None:
    """The newest import batches, what they held and whether they are still in force."""
    latest = batches.head(n).select(
        pl.col("batch_id").alias(t("chg.col.batch", lang)),
        each(batches.head(n)["kind"], lambda k: batch_kind(k, lang))
        .alias(t("chg.col.kind", lang)),
        pl.col("row_count").alias(t("chg.col.rows", lang)),
        pl.col("imported_at").dt.date().alias(t("chg.col.imported_at", lang)),
        pl.col("status").replace_strict({s: t(f"chg.status.{s}", lang) for s in ("active", "rolled_back")},
                                        default=pl.col("status")).alias(t("chg.col.status", lang)),
    )
    day = t("chg.col.imported_at", lang)
    shown = latest.with_columns(each(latest[day], lambda d: fmt.day(d, lang)))
    widgets.table(latest, "changes_batches", Provenance((), fmt.month(date.today(), lang)), lang,
                display=widgets.locale_styler(shown, lang))
