"""Area names as publishers print them: official 2025 spellings, variants, former names, no guessing."""

from __future__ import annotations

import csv

import pytest

from cakupan.importer.areas import ALIASES, Reference, name_key, regency_key
from cakupan.importer.options import ImportOptions
from cakupan.importer.validate import AreaResolver
from import_support import ROOT

SEEDS = ROOT / "data" / "seeds"


@pytest.fixture(scope="module")
def reference() -> Reference:
    regencies = {r["regency_code"]: (r["province_code"], r["name"])
                 for r in csv.DictReader((SEEDS / "regency.csv").open(encoding="utf-8"))}
    provinces = list(csv.DictReader((SEEDS / "province.csv").open(encoding="utf-8")))
    return Reference(regencies, {p["province_code"]: p["short_name"] for p in provinces}, frozenset(),
                     {p["province_code"]: p["name"] for p in provinces})


def resolve(reference, name, province=None, option=None):
    resolver = AreaResolver(reference, ImportOptions(kind="membership", province=option), None)
    return resolver.regency(None, name, False, province)


@pytest.mark.parametrize("name, code", [
    # Kemendagri 2025 spellings and the variants the issue lists
    ("Fakfak", "92.03"), ("Kabupaten Fakfak", "92.03"), ("Fak-Fak", "92.03"), ("Kab. Fak Fak", "92.03"),
    ("Baubau", None), ("Kota Baubau", "74.72"), ("Kota Bau-Bau", "74.72"),
    ("Tolitoli", "72.04"), ("Kab. Toli-Toli", "72.04"),
    ("Kota Pangkalpinang", "19.71"), ("Pangkal Pinang", "19.71"),
    ("Kota Lubuklinggau", "16.73"), ("Lubuk Linggau", "16.73"),
    ("Kota Palangka Raya", "62.71"), ("Palangkaraya", "62.71"),
    ("Kepulauan Siau Tagulandang Biaro", "71.09"), ("Kab. Kep. Siau Tagulandang Biaro", "71.09"),
    # Kab prefix with and without space
    ("Kab.Lombok Barat", "52.01"), ("Kab Lombok Barat", "52.01"), ("KABUPATEN  LOMBOK BARAT", "52.01"),
    # Jakarta: with "Kota Administrasi", "Kota Adm." or nothing; Kepulauan Seribu
    ("Jakarta Selatan", "31.74"), ("Kota Adm. Jakarta Selatan", "31.74"), ("Kota Jakarta Selatan", "31.74"),
    ("Kota Administrasi Jakarta Selatan", "31.74"), ("Kepulauan Seribu", "31.01"),
    ("Kabupaten Administrasi Kepulauan Seribu", "31.01"), ("Kab. Adm. Kepulauan Seribu", "31.01"),
    # former names
    ("Kabupaten Toba Samosir", "12.12"), ("Mamuju Utara", "76.01"), ("Maluku Tenggara Barat", "81.03"),
    # kabupaten stays the default where both exist
    ("Bima", "52.06"), ("Kota Bima", "52.72"), ("Kotabaru", "63.02"),
])
def test_names_as_printed(reference, name, code):
    found, problem, _ = resolve(reference, name)
    if code is None:  # "Baubau" alone: no Kabupaten Baubau, so it is the kota
        code = "74.72"
    assert (found, problem) == (code, None)


def test_a_name_that_fits_two_units_is_refused(reference):
    # Kabupaten Pontianak is Mempawah's former name; Kota Pontianak is a different unit.
    code, problem, params = resolve(reference, "Pontianak")
    assert (code, problem) == (None, "ambiguous_name")
    assert "Kabupaten Mempawah" in params["names"] and "Kota Pontianak" in params["names"]


def test_province_column_limits_matches_and_suggestions(reference):
    # Kepulauan Aru is in Maluku; a DKI file never gets it as a hint.
    code, problem, params = resolve(reference, "Kepulauan Seribuu", province="31")
    assert (problem, params["hint"]) == ("unknown_name", "Kabupaten Administrasi Kepulauan Seribu")
    code, problem, params = resolve(reference, "Jakarta Selatn", option="31")
    assert params["hint"] == "Kota Administrasi Jakarta Selatan"
    # A name from another province is not found inside the stated one.
    assert resolve(reference, "Kota Mataram", province="92")[1] == "unknown_name"
    # Without a province, a far-off hint is not offered at all.
    assert resolve(reference, "Jakarta Selatn")[2]["hint"] in ("–", "Kota Administrasi Jakarta Selatan")
    assert resolve(reference, "Kepulauan Seribuu")[2]["hint"] != "Kabupaten Kepulauan Aru"


def test_normalised_reference_names_are_unique(reference):
    keys = [name_key(regency_key(name)) for _, name in reference.regencies.values()]
    assert len(keys) == len(set(keys))


def test_alias_table_points_at_known_areas_and_names_its_sources(reference):
    rows = list(csv.DictReader(ALIASES.open(encoding="utf-8")))
    assert rows and all(r["source"].strip() for r in rows)
    for r in rows:
        known = reference.regencies if r["level"] == "regency" else reference.provinces
        assert r["area_code"] in known, r
        assert r["kind"] in ("official_2025", "variant", "former")
