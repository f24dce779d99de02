"""The page list: one place that dashboard.py builds the navigation from and tests read."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cakupan.i18n import t


@dataclass(frozen=True)
class PageSpec:
    path: str        # the script under pages/, named as its URL path
    title_key: str   # i18n key of the title in the navigation
    icon: str
    default: bool = False
    admin_only: bool = False  # listed only when an admin secret is configured

    @property
    def url_path(self) -> str:
        return self.path.removeprefix("pages/").removesuffix(".py")


PAGES = (
    PageSpec("pages/ringkasan.py", "page.overview", ":material/map:", default=True),
    PageSpec("pages/berubah.py", "page.changes", ":material/compare_arrows:"),
    PageSpec("pages/peta.py", "page.explorer", ":material/travel_explore:"),
    PageSpec("pages/banding.py", "page.compare", ":material/compare:"),
    PageSpec("pages/wilayah.py", "page.regional", ":material/query_stats:"),
    PageSpec("pages/target.py", "page.targets", ":material/flag:"),
    PageSpec("pages/koperasi.py", "page.cooperatives", ":material/groups:"),
    PageSpec("pages/simulator.py", "page.simulator", ":material/calculate:"),
    PageSpec("pages/briefing.py", "page.briefing", ":material/description:"),
    # Only administrators import: without an admin secret the page stays reachable by its address
    # (it then says imports are closed) but is not offered in the navigation.
    PageSpec("pages/impor.py", "page.import", ":material/upload_file:", admin_only=True),
)


def navigation(lang: str, admin: bool):
    """st.navigation over PAGES, titled in `lang`; admin-only pages are hidden unless `admin`.

    The default page lives at "/". Its own name (/ringkasan, as a user may type it or keep it from
    the page file's name) is a hidden page of its own that sends the reader on to "/" with the same
    query parameters (so ?lang=en stays English), instead of Streamlit's English "Page not found"."""
    pages = [st.Page(spec.path, title=t(spec.title_key, lang), icon=spec.icon,
                     url_path="" if spec.default else spec.url_path, default=spec.default,
                     visibility="visible" if admin or not spec.admin_only else "hidden")
             for spec in PAGES]
    default = next(spec for spec in PAGES if spec.default)

    def to_default() -> None:
        st.switch_page(default.path, query_params=st.query_params.to_dict())

    pages.append(st.Page(to_default, title=t(default.title_key, lang), icon=default.icon,
                         url_path=default.url_path, visibility="hidden"))
    return st.navigation(pages)
