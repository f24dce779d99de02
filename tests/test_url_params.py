"""Old or hand-edited links: every URL parameter a page reads falls back, says so in one line, and the URL
is corrected to what is shown. AppTest on the default dataset (months 2023-12..2025-12)."""

import pytest
from conftest import run_page

from cakupan.i18n import t

LATEST = "2025-12-01"  # the default dataset's newest month
TWICE = ["2025-06-01", "2025-05-01"]  # ?period=2025-06-01&period=2025-05-01

# (page, parameter, bad value, value shown instead, reason). The fallbacks are each page's defaults:
# the newest month, the UCJ base, the whole nation in the explorer, NTB (52) where a page starts on
# one province, Kanwil Sumbagut (it holds province 11, the first) in the regional review, and the
# compare month a year before the newest.
CASES = [
    ("ringkasan", "period", "2020-01-01", LATEST, "month"),
    ("ringkasan", "period", "2025-13-01", LATEST, "date"),
    ("ringkasan", "period", "Desember", LATEST, "date"),
    ("ringkasan", "period", "", LATEST, "empty"),
    ("ringkasan", "period", TWICE, LATEST, "repeated"),
    ("ringkasan", "basis", "xyz", "ucj", "choice"),
    ("ringkasan", "lang", "fr", "id", "choice"),
    ("ringkasan", "lang", "", "id", "empty"),
    ("peta", "period", "2023-11-01", LATEST, "month"),
    ("peta", "basis", "UCJ", "ucj", "choice"),
    ("peta", "segment", "XX", "all", "choice"),
    ("peta", "kind", "", "all", "empty"),
    ("peta", "metric", "coverage", "rate", "choice"),
    ("peta", "target", "Bupati", "nearest", "choice"),
    ("peta", "level", "kecamatan", "province", "choice"),
    ("peta", "province", "99", "all", "code"),
    ("peta", "area", "52.99", "all", "code"),
    ("peta", "kanwil", "K99", "all", "code"),
    ("wilayah", "kanwil", "K99", "SUMBAGUT", "code"),
    ("wilayah", "period", "2025-12-1", LATEST, "date"),
    ("wilayah", "period", "2020-01", LATEST, "month"),
    ("wilayah", "compare", "2020-01-01", "2024-12-01", "month"),
    ("wilayah", "basis", "", "ucj", "empty"),
    ("wilayah", "rank_level", "kecamatan", "regency", "choice"),
    ("wilayah", "reference", "mean", "median", "choice"),
    ("target", "area", "province:99", "province:52", "choice"),
    ("target", "asof", "2026-01-01", LATEST, "month"),
    ("target", "asof", "20251101", LATEST, "date"),
    ("target", "national", "yes", "1", "choice"),
    ("koperasi", "scope", "99", "52", "code"),
    ("koperasi", "kind", "lainnya", "umkm", "choice"),
    ("koperasi", "period", TWICE, LATEST, "repeated"),
    ("briefing", "province", "99", "52", "code"),
    ("briefing", "period", "1-12-2025", LATEST, "date"),
    ("briefing", "basis", "bps2", "ucj", "choice"),
    ("simulator", "lang", "fr", "id", "choice"),
    ("impor", "lang", "de", "id", "choice"),
]


def notices(at) -> list[str]:
    """The lines of the link notice (one box, one line per ignored parameter)."""
    boxes = [e.value for e in at.info if e.icon == ":material/link_off:"]
    assert len(boxes) <= 1
    return [line for box in boxes for line in box.split("  \n")]


@pytest.mark.parametrize("page,param,bad,shown,reason", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[4]}-{c[2]!r}" for c in CASES])
def test_bad_parameter_falls_back_and_says_so(app_env, page, param, bad, shown, reason):
    at = run_page(page, **{param: bad})
    assert not at.exception
    assert at.query_params[param] == shown  # a repeated parameter is written back once
    value = ", ".join(bad) if isinstance(bad, list) else bad
    assert notices(at) == [t("url.ignored", "id", param=param, value=value, reason=t(f"url.reason.{reason}", "id"))
                           + " " + t("url.shown", "id", param=param, shown=shown)]


def test_notice_in_english_and_the_view_kept_for_good_values(app_env):
    at = run_page("ringkasan", lang="en", period="2024-02-30", basis="bps")
    assert not at.exception
    assert notices(at) == ["Link: `period=2024-02-30` was ignored because a month must read YYYY-MM or YYYY-MM-01. "
                           "Showing `period=2025-12-01`."]
    assert (at.query_params["lang"], at.query_params["basis"]) == ("en", "bps")
    assert at.radio[0].value == "bps"


def test_several_bad_parameters_one_line_each(app_env):
    at = run_page("peta", segment="XX", metric="", area="52.01")
    assert not at.exception
    assert [n.split("`")[1] for n in notices(at)] == ["segment=XX", "metric="]
    # The good area is kept (and drills into its province); the bad ones are corrected.
    assert {k: at.query_params[k] for k in ("segment", "metric", "area", "province")} == {
        "segment": "all", "metric": "rate", "area": "52.01", "province": "52"}


@pytest.mark.parametrize("page,query", [
    ("ringkasan", {"period": "2025-06-01", "basis": "bps", "lang": "en"}),
    ("koperasi", {"scope": "all", "kind": "koperasi", "period": "2024-12-01"}),
    ("wilayah", {"kanwil": "BANUSPA", "compare": "2025-06-01", "rank_level": "province"}),
])
def test_good_links_give_no_notice(app_env, page, query):
    at = run_page(page, **query)
    assert not at.exception
    assert notices(at) == []
    assert {k: at.query_params[k] for k in query} == query


def test_notice_is_shown_once(app_env):
    at = run_page("koperasi", kind="lainnya")
    assert len(notices(at)) == 1
    at.radio[0].set_value("koperasi").run()  # the URL was corrected: the next run has nothing to report
    assert not at.exception
    assert notices(at) == []
    assert at.query_params["kind"] == "koperasi"


@pytest.mark.parametrize("page, param", [("wilayah", "period"), ("ringkasan", "period"), ("target", "asof")])
def test_a_month_written_as_file_names_write_it_is_taken(app_env, page, param):
    # ?period=2025-04, as in the exports' file names and the command line: April 2025, no notice,
    # and the URL then reads the way the app writes it.
    at = run_page(page, **{param: "2025-04"})
    assert not at.exception
    assert notices(at) == []
    assert at.query_params[param] == "2025-04-01"
