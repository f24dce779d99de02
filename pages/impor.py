"""Impor Data: upload a file, see the dry-run diff, confirm; list batches and roll one back."""

import streamlit as st

from cakupan.ui import impor, state, widgets

lang = state.language()
widgets.page_start("page.import", "import.page.intro", lang, months=False)
if "import_done" in st.session_state:
    st.success(st.session_state.pop("import_done"), icon=":material/check_circle:")

allowed = impor.gate(lang) and impor.writable(lang)
if allowed:
    signature, upload = impor.upload_form(lang)
    if upload is not None:
        st.session_state[impor.SESSION_PLAN] = (signature, impor.dry_run(upload, lang))
    shown_for, plan = st.session_state.get(impor.SESSION_PLAN, (None, None))
    if plan is not None and shown_for == signature:
        impor.show_plan(plan, lang)
        impor.confirm(plan, lang)

impor.batch_list(lang, can_roll_back=allowed)
