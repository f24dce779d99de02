"""The Impor Data page's pieces: admin gate, upload form, dry-run report, batch list and rollback."""

from __future__ import annotations

import math
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import streamlit as st

from cakupan import fmt, settings, snapshot, user_text
from cakupan.frames import each
from cakupan.i18n import t
from cakupan.importer import (KINDS, ImportOptions, ImportRefused, Plan, Problem, apply_new_version, prepare,
                              rollback_new_version)
from cakupan.importer.reading import check_size
from cakupan.provenance import Provenance, batch_text
from cakupan.ui import admin, cache, widgets

SESSION_ADMIN = "import_admin_ok"
SESSION_PLAN = "import_plan"
SESSION_GATE = "import_gate_session"
SESSION_ROLLBACK = "import_rollback_pending"  # the batch whose rollback waits for a yes or no
SPELLED_OUT = 10


@dataclass(frozen=True)
class Upload:
    """What the form collected: the file's bytes and name, and the user's statements about it."""
    name: str
    data: bytes
    options: ImportOptions
    crosswalk: tuple[str, bytes] | None = None


def gate(lang: str) -> bool:
    """True when this session may import; otherwise explains how to enable or asks for the secret."""
    if admin.secret_too_short():
        st.error(t("import.page.secret_too_short", lang, n=admin.MIN_SECRET_CHARS), icon=":material/lock:")
        return False
    if not admin.import_enabled():
        st.info(t("import.page.disabled", lang), icon=":material/lock:")
        return False
    if admin.token_valid(st.session_state.get(SESSION_ADMIN)):
        return True
    with st.form("import_login"):
        entered = st.text_input(t("import.page.secret", lang), type="password")
        if st.form_submit_button(t("import.page.unlock", lang)):
            # Attempts are counted per session and per client address (a new session does not reset them).
            session = st.session_state.setdefault(SESSION_GATE, secrets.token_hex(8))
            client = admin.client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"),
                                          settings.trusted_proxies())
            outcome, wait = admin.attempt(entered, session, client)
            if outcome == "ok":
                st.session_state[SESSION_ADMIN] = admin.token(entered)
                st.rerun()
            if outcome == "wrong":
                st.error(t("import.page.wrong_secret", lang))
            if wait > 0:
                st.warning(t("import.page.wait", lang, s=math.ceil(wait)), icon=":material/hourglass_top:")
    return False


def writable(lang: str) -> bool:
    """Whether this server may write new versions of the database (cakupan.snapshot writes a copy
    beside the file and renames it over); if not, say so."""
    folder = settings.db_path().parent
    if os.access(folder, os.W_OK) and os.access(settings.db_path(), os.R_OK):
        return True
    st.warning(t("import.page.read_only", lang), icon=":material/warning:")
    return False


def upload_form(lang: str) -> tuple[tuple, Upload | None]:
    """The upload and the options: (what the form holds now, the upload once a dry run is asked for).

    A dry run shown for other inputs than the form now holds is stale; the page drops it."""
    limit_mb = settings.max_upload_mb()
    kind = st.selectbox(t("import.page.kind", lang), KINDS, format_func=lambda k: t(f"import.kind.{k}", lang),
                        key="import_kind")
    st.caption(t(f"import.kind.{kind}.help", lang))
    uploaded = st.file_uploader(t("import.page.file", lang, limit=fmt.number(limit_mb, lang)),
                                type=["csv", "txt", "xlsx", "parquet"], key="import_file")
    # Streamlit prints the box's own button and size line in English and offers no setting to
    # change them; the reader is told in their language what the box is for.
    st.caption(t("import.page.file_how", lang, limit=fmt.number(limit_mb, lang)))
    left, right = st.columns(2)
    system = left.radio(t("import.page.code_system", lang), ["kemendagri", "bps"], horizontal=True,
                        format_func=lambda s: t(f"import.system.{s}", lang), key="import_system")
    crosswalk = None
    if system == "bps":
        crosswalk = right.file_uploader(t("import.page.crosswalk", lang), type=["csv"], key="import_crosswalk")
    with st.expander(t("import.page.options", lang)):
        c1, c2, c3 = st.columns(3)
        decimal = c1.selectbox(t("import.page.decimal", lang), ["auto", "comma", "dot"],
                               format_func=lambda d: t(f"import.decimal.{d}", lang), key="import_decimal")
        period = c2.text_input(t("import.page.period", lang), key="import_period",
                               help=t("import.page.period_help", lang))
        sheet = c3.text_input(t("import.page.sheet", lang), key="import_sheet")
        basis = "auto"
        if kind == "workforce":
            basis = c1.selectbox(t("import.page.basis", lang), ["auto", "ucj", "bps"],
                                 format_func=lambda b: t(f"import.basis.{b}", lang), key="import_basis")
    s1, s2, s3 = st.columns([3, 3, 1])
    title = s1.text_input(t("import.page.source_title", lang), key="import_source_title")
    url = s2.text_input(t("import.page.source_url", lang), key="import_source_url")
    as_of = s3.text_input(t("import.page.source_as_of", lang), key="import_source_as_of")
    signature = (uploaded.file_id if uploaded else None, kind, system, crosswalk.file_id if crosswalk else None,
                 decimal, period, sheet, basis, title, url, as_of)
    if not st.button(t("import.page.check", lang), type="primary", disabled=uploaded is None, key="import_check"):
        return signature, None
    options = ImportOptions(
        kind=kind, code_system=system, decimal=None if decimal == "auto" else decimal,
        sheet=sheet.strip() or None, period=period.strip() or None, basis=None if basis == "auto" else basis,
        source_title=title, source_url=url, source_as_of=as_of, file_name=uploaded.name,
        max_bytes=int(limit_mb * 1e6))
    # The size is known before the bytes are read; a file over the limit is refused unread.
    try:
        check_size(uploaded.size, options.max_bytes, uploaded.name)
    except ImportRefused as refused:
        show_problems(refused.problems, lang)
        return signature, None
    cross = (crosswalk.name, crosswalk.getvalue()) if crosswalk is not None else None
    return signature, Upload(uploaded.name, uploaded.getvalue(), options, cross)


def dry_run(upload: Upload, lang: str) -> Plan | None:
    """Validate the upload against the database; shows every problem, or returns the plan."""
    with tempfile.TemporaryDirectory(prefix="cakupan-upload-") as tmp:
        path = Path(tmp) / ("upload" + Path(upload.name).suffix.lower())
        path.write_bytes(upload.data)
        options = upload.options
        if upload.crosswalk:
            cross = Path(tmp) / "crosswalk.csv"
            cross.write_bytes(upload.crosswalk[1])
            options = ImportOptions(**{**options.__dict__, "crosswalk": cross})
        try:
            with st.spinner(t("import.page.checking", lang)):
                return prepare(cache.connection(), path, options)
        except ImportRefused as refused:
            show_problems(refused.problems, lang)
            return None


def show_problems(problems: list[Problem], lang: str) -> None:
    """Every problem: the first ones spelled out in full (table cells cut long text), then all in a table."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        st.error(t("import.page.refused", lang, n=len(errors)), icon=":material/block:")
    st.markdown("\n".join(f"- {user_text.md(p.text(lang))}" for p in problems[:SPELLED_OUT]))
    frame = problems_frame(problems, lang)
    widgets.table(frame, "import_problems", Provenance((problems[0].file,), "–"), lang, display=_dashes(frame))


def _dashes(frame: pl.DataFrame):
    """The table as shown: an empty cell (a message about no one column or value) as "–", where
    Streamlit would print "None"; row numbers stay as the spreadsheet shows them (1234, not 1.234)."""
    return frame.to_pandas().style.format(na_rep="–")


def problems_frame(problems: list[Problem], lang: str) -> pl.DataFrame:
    """One row per problem, in the reader's language."""
    return pl.DataFrame({
        t("import.col.severity", lang): [t("import.warning" if p.severity == "warning" else "import.error", lang)
                                         for p in problems],
        t("import.col.file", lang): [p.file for p in problems],
        t("import.col.row", lang): [p.row for p in problems],
        t("import.col.column", lang): [p.column for p in problems],
        t("import.col.value", lang): [p.shown_value(lang) for p in problems],
        t("import.col.problem", lang): [p.message(lang) for p in problems],
        t("import.col.fix", lang): [p.fix(lang) for p in problems],
    }, schema_overrides={t("import.col.row", lang): pl.Int64})


def show_plan(plan: Plan, lang: str) -> None:
    """The dry-run report: what was read, what would change per period and area, warnings. A file
    imported before (the same rows and areas) changes nothing: the report then says so and no more,
    since counts and a diff of identical values would read as changes waiting to be confirmed."""
    if plan.already_batch is not None:
        st.info(t("import.page.already_imported", lang, file=user_text.md(plan.file), batch=plan.already_batch),
                icon=":material/task_alt:")
        return
    st.success(t("import.page.valid", lang, file=user_text.md(plan.file), rows=fmt.number(plan.rows_in_file, lang)),
               icon=":material/check_circle:")
    st.caption(user_text.md(plan.detected_text(lang)))
    if plan.member_level:
        st.caption(t("import.cli.member_level", lang, records=fmt.number(plan.rows_in_file, lang),
                     rows=fmt.number(plan.frame.height, lang)))
    cols = st.columns(4)
    cols[0].metric(t("import.page.areas_added", lang), fmt.number(plan.areas_added, lang))
    cols[1].metric(t("import.page.areas_replaced", lang), fmt.number(plan.areas_replaced, lang))
    cols[2].metric(t("import.page.rows_in", lang), fmt.number(plan.rows_added, lang))
    cols[3].metric(t("import.page.rows_to_history", lang), fmt.number(plan.rows_replaced, lang))
    if plan.warnings:
        st.warning(t("import.page.warnings", lang, n=len(plan.warnings)), icon=":material/warning:")
        frame = problems_frame(plan.warnings, lang)
        widgets.table(frame, "import_warnings", Provenance((plan.file,), "–"), lang, display=_dashes(frame))
    changes = plan.province_lines(lang)
    if changes:
        # Published province totals this file keeps (demo kab/kota rescaled) or supersedes.
        st.warning(t("import.page.province_changes", lang) + "  \n" + "  \n".join(changes),
                   icon=":material/warning:")
    st.subheader(t("import.page.diff_title", lang))
    frame = diff_frame(plan, lang)
    widgets.table(frame, "import_diff", Provenance((plan.file,), plan.options.source_as_of or "–"), lang,
                display=widgets.locale_styler(frame, lang), height=320)


def diff_frame(plan: Plan, lang: str) -> pl.DataFrame:
    """The diff with column names and change labels in the reader's language."""
    diff = plan.diff.with_columns(pl.col("change").replace_strict(
        {c: t(f"import.change.{c}", lang) for c in ("added", "replaced")}))
    names = {c: t(f"import.diff.{c}", lang) for c in diff.columns}
    return diff.rename(names)


def write_version(write, lang: str):
    """Run `write(database path)` (an import or a rollback, which writes a new version of the
    database) for an admin whose token is still valid; then forget every cached figure. None, with
    the reason on the page, when the token has expired, another writer is busy, or it was refused."""
    if not admin.token_valid(st.session_state.get(SESSION_ADMIN)):
        st.error(t("import.page.wrong_secret", lang))
        return None
    try:
        result = write(settings.db_path())
    except snapshot.Busy:
        st.warning(t("import.page.busy", lang))
        return None
    except ImportRefused as refused:
        show_problems(refused.problems, lang)
        return None
    cache.data_changed()
    return result


def confirm(plan: Plan, lang: str) -> None:
    """The confirm button under a dry run; writes the batch and refreshes every cached figure."""
    if plan.already_batch is not None:  # show_plan said it was imported before: nothing to confirm
        return
    if not st.button(t("import.page.confirm", lang, rows=fmt.number(plan.rows_added, lang)), type="primary",
                     key="import_confirm"):
        return
    result = write_version(lambda path: apply_new_version(path, plan), lang)
    if result is None:
        return
    st.session_state.pop(SESSION_PLAN, None)
    if result.already:
        st.info(t("import.same_file", lang, batch=result.batch_id))
    else:
        st.session_state["import_done"] = t("import.cli.written", lang, batch=result.batch_id,
                                            added=fmt.number(result.rows_added, lang),
                                            replaced=fmt.number(result.rows_replaced, lang),
                                            anchors=fmt.number(result.anchors_replaced, lang))
    st.rerun()


def kind_name(kind: str | None, lang: str) -> str | None:
    """A batch's kind as the upload form's picker names it (the default dataset's in its own words)."""
    return t(f"import.kind.{kind}", lang) if kind in KINDS else batch_text(kind, lang)


def batch_list(lang: str, can_roll_back: bool) -> None:
    """Every batch with its source and counts; admins can roll an active import back."""
    st.subheader(t("import.page.batches", lang))
    batches = cache.query("import_batches")
    # The seed batch has no import details: it replaced nothing and warned about nothing.
    frame = batches.with_columns(pl.col("rows_replaced", "warning_count").fill_null(0),
                                 pl.col("source_title", "source_as_of").fill_null("–")).select(
        pl.col("batch_id").alias(t("import.col.batch", lang)),
        pl.col("status").replace_strict({s: t(f"import.status.{s}", lang) for s in ("active", "rolled_back")})
        .alias(t("import.col.status", lang)),
        each(batches["kind"], lambda v: kind_name(v, lang)).alias(t("import.col.kind", lang)),
        each(batches["file_name"], lambda v: batch_text(v, lang))
        .alias(t("import.col.file", lang)),
        pl.col("source_title").alias(t("import.col.source", lang)),
        pl.col("source_as_of").alias(t("import.col.as_of", lang)),
        pl.col("imported_at").alias(t("import.col.imported_at", lang)),
        pl.col("row_count").alias(t("import.col.rows", lang)),
        pl.col("rows_replaced").alias(t("import.col.replaced", lang)),
        pl.col("warning_count").alias(t("import.col.warnings", lang)),
        # The algorithm's name and 12 hex digits ('xxh3-128:…', earlier batches 'blake3:…'; the seeds 'sha256:…').
        pl.col("file_hash").str.extract(r"^([^:]*:.{0,12})").alias(t("import.col.file_hash", lang)),
    )
    widgets.table(frame, "import_batches", Provenance(("import_batch",), "–"), lang,
                display=widgets.locale_styler(frame, lang))
    if not can_roll_back:
        return
    choices = batches.filter((pl.col("status") == "active") & (pl.col("kind") != "seed"))
    if choices.is_empty():
        st.caption(t("import.page.nothing_to_roll_back", lang))
        return
    names = {r["batch_id"]: f"{kind_name(r['kind'], lang)} · {r['file_name']}" for r in choices.iter_rows(named=True)}
    labels = {batch: f"{batch} · {name}" for batch, name in names.items()}
    left, right = st.columns([3, 1])
    batch = left.selectbox(t("import.page.roll_back_which", lang), list(labels), format_func=labels.get,
                           key="import_rollback_batch")
    right.write("")
    if right.button(t("import.page.roll_back", lang), key="import_rollback"):
        st.session_state[SESSION_ROLLBACK] = batch
    if SESSION_ROLLBACK + "_kept" in st.session_state:
        st.info(st.session_state.pop(SESSION_ROLLBACK + "_kept"), icon=":material/undo:")
    if st.session_state.get(SESSION_ROLLBACK) is not None:
        confirm_rollback(batch, names[batch], lang)


def confirm_rollback(batch: int, label: str, lang: str) -> None:
    """The second step of a rollback: what it will remove and restore (counted as the rollback
    counts them), then roll back or keep the batch. A rollback cannot itself be undone from the
    page, so one click on "Batalkan batch" only asks."""
    if st.session_state[SESSION_ROLLBACK] != batch:  # another batch was picked since: ask again
        st.session_state.pop(SESSION_ROLLBACK)
        return
    preview = cache.query("rollback_preview", batch=batch).row(0, named=True)
    st.warning(t("import.page.roll_back_ask", lang, batch=batch, label=label,
                 removed=fmt.number(preview["rows_removed"], lang),
                 restored=fmt.number(preview["rows_restored"], lang)), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 2])
    if no.button(t("import.page.roll_back_no", lang), key="import_rollback_no"):
        st.session_state.pop(SESSION_ROLLBACK)
        st.session_state[SESSION_ROLLBACK + "_kept"] = t("import.page.roll_back_kept", lang, batch=batch)
        st.rerun()
    if not yes.button(t("import.page.roll_back_yes", lang, batch=batch), type="primary", key="import_rollback_yes"):
        return
    st.session_state.pop(SESSION_ROLLBACK)
    result = write_version(lambda path: rollback_new_version(path, batch), lang)
    if result is None:
        return
    removed = sum(r for r, _ in result["tables"].values())
    restored = sum(r for _, r in result["tables"].values())
    st.session_state["import_done"] = t("import.cli.rolled_back", lang, batch=batch,
                                        removed=fmt.number(removed, lang), restored=fmt.number(restored, lang))
    st.rerun()
