"""Impor Data: upload a file, see the dry-run diff, confirm; list batches and roll one back."""

import streamlit as st

from cakupan import app, import_view, views

lang = app.language()
views.page_start("page.import", "import.page.intro", lang, months=False)
if "import_done" in st.session_state:
    st.success(st.session_state.pop("import_done"), icon=":material/check_circle:")

allowed = import_view.gate(lang) and import_view.writable(lang)
if allowed:
    signature, upload = import_view.upload_form(lang)
    if upload is not None:
        st.session_state[import_view.SESSION_PLAN] = (signature, import_view.dry_run(upload, lang))
    shown_for, plan = st.session_state.get(import_view.SESSION_PLAN, (None, None))
    if plan is not None and shown_for == signature:
        import_view.show_plan(plan, lang)
        import_view.confirm(plan, lang)

import_view.batch_list(lang, can_roll_back=allowed)
