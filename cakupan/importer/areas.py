"""Area codes and names to Kemendagri codes: exact codes, an explicit BPS crosswalk, exact names.

Never fuzzy: a code is translated only through the crosswalk the user names, and a name
matches only if it equals a reference name after normalising case, spaces and the
"Kab."/"Kabupaten" prefix (kabupaten is the default, as in BPS tables; "Kota" stays part
of the name, so "Bima" is Kabupaten Bima and "Kota Bima" is Kota Bima).
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cakupan.importer.problems import ImportRefused, Problem

_SPACES = re.compile(r"\s+")
_KAB_PREFIX = re.compile(r"^(kabupaten|kab\.?)\s+")
_PROV_PREFIX = re.compile(r"^(provinsi|prov\.?)\s+")
_KOTA_PREFIX = re.compile(r"^kota\.?\s+")


@dataclass(frozen=True)
class Reference:
    """The code lists the database holds."""
    regencies: dict[str, tuple[str, str]]  # code -> (province code, name)
    provinces: dict[str, str]  # code -> name
    kanwils: frozenset[str]

    @property
    def regency_by_name(self) -> dict[str, str]:
        return {regency_key(name): code for code, (_, name) in self.regencies.items()}

    @property
    def province_by_name(self) -> dict[str, str]:
        return {province_key(name): code for code, name in self.provinces.items()}


def load_reference(con: duckdb.DuckDBPyConnection) -> Reference:
    cur = con.cursor()
    try:
        regencies = {code: (prov, name) for code, prov, name in
                     cur.execute("select regency_code, province_code, name from regency").fetchall()}
        provinces = dict(cur.execute("select province_code, short_name from province").fetchall())
        kanwils = frozenset(r[0] for r in cur.execute("select kanwil_code from kanwil").fetchall())
    finally:
        cur.close()
    return Reference(regencies, provinces, kanwils)


def regency_key(name: str) -> str:
    """Lower case, single spaces, 'Kab.'/'Kabupaten' dropped, 'Kota' kept."""
    text = _SPACES.sub(" ", name.strip().lower())
    text = _KAB_PREFIX.sub("", text)
    return _KOTA_PREFIX.sub("kota ", text)


def province_key(name: str) -> str:
    return _PROV_PREFIX.sub("", _SPACES.sub(" ", name.strip().lower()))


def kemendagri_code(text: str, typed_number: bool = False) -> tuple[str | None, str | None]:
    """'52.71', '5271' or '52' in Kemendagri form ('52.71', '52'); or (None, problem code)."""
    value = text.strip().replace(" ", "")
    if typed_number and re.fullmatch(r"\d+\.0+", value):
        value = value.split(".")[0]
    elif typed_number and "." in value:
        # Excel stored 52.10 as the number 52.1; the lost zero cannot be recovered safely.
        return None, "code_as_number"
    if re.fullmatch(r"\d{2}", value):
        return value, None
    if re.fullmatch(r"\d{2}\.\d{2}", value):
        return value, None
    if re.fullmatch(r"\d{4}", value):
        return value[:2] + "." + value[2:], None
    return None, "bad_code"


def bps_code(text: str, typed_number: bool = False) -> str:
    """A BPS code as digits only ('52.71' and '5271' both become '5271')."""
    value = text.strip().replace(" ", "")
    if typed_number and re.fullmatch(r"\d+\.0+", value):
        value = value.split(".")[0]
    return value.replace(".", "")


def load_crosswalk(path: Path, reference: Reference, file: str | None = None) -> dict[str, str]:
    """BPS code -> Kemendagri code, from a CSV with columns bps_code and kemendagri_code."""
    file = file or Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportRefused([Problem("crosswalk_missing", file)]) from None
    except UnicodeDecodeError:
        raise ImportRefused([Problem("crosswalk_encoding", file)]) from None
    rows = list(csv.DictReader(text.splitlines()))
    header = {(h or "").strip().lower() for h in (rows[0].keys() if rows else [])}
    if not {"bps_code", "kemendagri_code"} <= header:
        raise ImportRefused([Problem("crosswalk_columns", file, 1, None, ", ".join(sorted(header)))])
    problems, mapping = [], {}
    for i, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        bps = bps_code(row["bps_code"])
        code, bad = kemendagri_code(row["kemendagri_code"])
        if bad or (code not in reference.regencies and code not in reference.provinces):
            problems.append(Problem("crosswalk_unknown", file, i, "kemendagri_code", row["kemendagri_code"]))
        elif bps in mapping and mapping[bps] != code:
            problems.append(Problem("crosswalk_duplicate", file, i, "bps_code", row["bps_code"]))
        else:
            mapping[bps] = code
    if problems:
        raise ImportRefused(problems)
    return mapping


def suggest(name: str, choices: list[str]) -> str:
    """A hint for the fix message only (never used to match): the closest reference name."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.75)
    return close[0] if close else "–"
