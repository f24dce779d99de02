"""The reference tables: 38 provinces, 514 kabupaten/kota, ISO codes and the Kanwil map."""

import pycountry
import pytest


def scalar(con, sql):
    return con.execute(sql).fetchone()[0]


def test_counts(default_db):
    assert scalar(default_db, "select count(*) from province") == 38
    assert default_db.execute(
        "select kind, count(*) from regency group by kind order by kind").fetchall() == [
        ("kabupaten", 416), ("kota", 98)]


@pytest.mark.parametrize("code, name", [
    ("52", "Nusa Tenggara Barat"), ("65", "Kalimantan Utara"), ("93", "Papua Selatan"),
    ("94", "Papua Tengah"), ("95", "Papua Pegunungan"), ("96", "Papua Barat Daya"),
])
def test_kemendagri_province_codes(default_db, code, name):
    assert default_db.execute("select name from province where province_code = $c", {"c": code}).fetchone() == (name,)


@pytest.mark.parametrize("code, name", [("52.71", "Kota Mataram"), ("36.71", "Kota Tangerang"),
                                        ("53.71", "Kota Kupang")])
def test_kemendagri_regency_codes(default_db, code, name):
    assert default_db.execute("select name from regency where regency_code = $c", {"c": code}).fetchone() == (name,)


def test_iso_codes_are_real_subdivisions(default_db):
    known = {s.code: s.name for s in pycountry.subdivisions.get(country_code="ID")}
    for code, iso, short in default_db.execute("select province_code, iso_code, short_name from province").fetchall():
        assert iso in known, (code, iso)


def test_every_province_has_one_kanwil_and_banuspa_has_nine(default_db):
    assert scalar(default_db, "select count(*) from province where kanwil_code is null") == 0
    assert default_db.execute(
        "select list(province_code order by province_code) from province where kanwil_code = 'BANUSPA'"
    ).fetchone()[0] == ["51", "52", "53", "91", "92", "93", "94", "95", "96"]
    assert scalar(default_db, "select count(*) from kanwil") == 11
