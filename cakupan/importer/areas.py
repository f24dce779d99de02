"""Area codes and names to Kemendagri codes: exact codes, an explicit BPS crosswalk, exact names.

Never fuzzy: a code is translated only through the crosswalk the user names, and a name
matches only if it equals a reference name or a listed alias (data/seeds/area_alias.csv:
the Kemendagri 2025 spelling, common variants and former names, each with its source) after
normalising case, spaces, hyphens and dots, the "Kab."/"Kab"/"Kabupaten" prefix (with or
without a space) and Jakarta's "Kota Administrasi"/"Kota Adm.". Kabupaten is the default, as
in BPS tables, so "Bima" is Kabupaten Bima and "Kota Bima" is Kota Bima; a bare name that no
kabupaten bears is the kota of that name ("Jakarta Selatan"). A name that fits two units is
refused, unless a province column or --province tells them apart. A name written the catalogue
way round ("Lombok Barat, Kab.", "Mataram, Kota", "Jakarta Selatan, Kota Adm.", "Bima (Kota)") is
the same name.

The four Papua provinces formed in 2022 (data/seeds/province_split.csv, each with its law) are
known with the province they were formed from: a kabupaten listed under its former province is
found there, and figures dated before a split are checked against it (validate.py).
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import duckdb

from cakupan.importer.problems import ImportRefused, Problem

ALIASES = Path(__file__).resolve().parents[2] / "data" / "seeds" / "area_alias.csv"
SPLITS = Path(__file__).resolve().parents[2] / "data" / "seeds" / "province_split.csv"
_SPACES = re.compile(r"\s+")
# "Kab. Lombok", "Kab.Lombok", "Kab Lombok", "Kabupaten Lombok", "Kab. Adm. Kepulauan Seribu"
_KAB_PREFIX = re.compile(r"^(kabupaten\s*|kab\.\s*|kab\s+)((administrasi|adm\.?)\s+)?")
# "Provinsi Aceh", "Prov. NTB", "Prov NTB", "PROV. JAWA TENGAH"
_PROV_PREFIX = re.compile(r"^(provinsi\s*|prov\.\s*|prov\s+)")
# A province's name with its abbreviation after it, as ranking tables print it: "Nusa Tenggara
# Barat (NTB)", "Daerah Istimewa Yogyakarta (DIY)". Both must name the same province.
_WITH_ABBREVIATION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)$")
# "Kota Administrasi Jakarta Selatan", "Kota Adm. Jakarta Selatan", "Kota Mataram" (not "Kotabaru")
_KOTA_PREFIX = re.compile(r"^kota(\s+administrasi|\s+adm\.?)?(\.\s*|\s+)")
_KEP = re.compile(r"\bkep\.\s*")
# Catalogues and some Pemda lists put the kind after the name: "Lombok Barat, Kab.", "Mataram, Kota",
# Jakarta's "Jakarta Selatan, Kota Adm." and "Kepulauan Seribu, Kab. Adm.", or in brackets:
# "Bima (Kota)", "Jakarta Pusat (Kota Administrasi)".
_KIND_AFTER = re.compile(r"^(?P<name>.+?)\s*(,\s*(?P<kind>kabupaten|kab\.?|kota)(\s+(administrasi|adm\.?))?"
                         r"|\(\s*(?P<bracketed>kabupaten|kab\.?|kota)(\s+(administrasi|adm\.?))?\s*\))$")
_NOT_LETTER = re.compile(r"[^0-9a-z]+")
# A publisher's footnote mark after a name: "Bima 1)", "Bima (1)", "Lombok Utara*)". No
# Kemendagri name ends in a digit, so a trailing bracketed number is never part of the name.
_FOOTNOTE_MARK = re.compile(r"\s*\(?\d{1,2}\)\W*$")

@dataclass(frozen=True)
class Reference:
    """The code lists the database holds."""
    regencies: dict[str, tuple[str, str]]  # code -> (province code, name)
    provinces: dict[str, str]  # code -> name
    kanwils: frozenset[str]
    province_names: dict[str, str] = field(default_factory=dict)  # code -> official long name

    # The name indexes are built once per Reference: a file's every row looks a name up in them
    # (rebuilt per lookup, a table of 20.560 rows spent about 12 s on it).
    @cached_property
    def regency_by_name(self) -> dict[str, set[str]]:
        """Normalised name (reference names and current spellings) -> the codes it fits."""
        return _regency_index(self, former=False)

    @cached_property
    def regency_by_former_name(self) -> dict[str, set[str]]:
        """Normalised former name -> the codes it fits."""
        return _regency_index(self, former=True)

    @cached_property
    def province_by_name(self) -> dict[str, str]:
        out = {name_key(province_key(n)): code for code, n in self.provinces.items()}
        out |= {name_key(province_key(n)): code for code, n in self.province_names.items()}
        out |= {name_key(province_key(a)): code for a, level, code, _ in aliases() if level == "province"}
        return out

    def regencies_named(self, text: str) -> set[str]:
        """Every kabupaten/kota a name fits (empty: none; two or more: ambiguous)."""
        index, former = self.regency_by_name, self.regency_by_former_name
        key = name_key(regency_key(text))
        codes = set(index.get(key, ())) | set(former.get(key, ()))
        # A bare name no current kabupaten bears is also the kota of that name ("Jakarta Selatan");
        # "Pontianak" then fits both the former Kabupaten Pontianak and Kota Pontianak.
        if not index.get(key) and not key.startswith("kota"):
            codes |= set(index.get("kota" + key, ()))
        return codes

    def province_of(self, text: str) -> str | None:
        """A province from its code ('92') or name ('Papua Barat', 'Provinsi NTB')."""
        value = text.strip()
        if value in self.provinces:
            return value
        found = self.province_by_name.get(name_key(province_key(value)))
        both = _WITH_ABBREVIATION.match(value) if found is None else None
        if both:
            name, short = (self.province_by_name.get(name_key(province_key(both[k]))) for k in ("name", "short"))
            return name if name == short else None
        return found


@lru_cache(maxsize=1)
def aliases() -> tuple[tuple[str, str, str, str], ...]:
    """(alias, level, code, kind) from the committed alias table."""
    with ALIASES.open(encoding="utf-8", newline="") as handle:
        return tuple((r["alias"], r["level"], r["area_code"], r["kind"]) for r in csv.DictReader(handle))


@dataclass(frozen=True)
class Split:
    """A province formed from part of another: from which, since which month, by which law."""
    province: str
    formed_from: str
    since: date
    law: str  # as a message names it: "UU 14/2022"
    source: str


@lru_cache(maxsize=1)
def splits() -> tuple[Split, ...]:
    """The provinces formed from part of another, from the committed table."""
    with SPLITS.open(encoding="utf-8", newline="") as handle:
        return tuple(Split(r["province_code"], r["formed_from"], date(int(r["since"][:4]), int(r["since"][5:7]), 1),
                           r["law"], r["source"]) for r in csv.DictReader(handle))


def formed_from(province: str) -> tuple[Split, ...]:
    """The provinces formed from part of `province` (Papua: Papua Selatan, Tengah, Pegunungan)."""
    return tuple(s for s in splits() if s.formed_from == province)


def _regency_index(ref: "Reference", former: bool) -> dict[str, set[str]]:
    """Names in use (reference names and current spellings), or former names only."""
    index: dict[str, set[str]] = {}
    if not former:
        for code, (_, name) in ref.regencies.items():
            index.setdefault(name_key(regency_key(name)), set()).add(code)
    for alias, level, code, kind in aliases():
        if level == "regency" and code in ref.regencies and (kind == "former") == former:
            index.setdefault(name_key(regency_key(alias)), set()).add(code)
    return index


def load_reference(con: duckdb.DuckDBPyConnection) -> Reference:
    cur = con.cursor()
    try:
        regencies = {code: (prov, name) for code, prov, name in
                     cur.execute("select regency_code, province_code, name from regency").fetchall()}
        names = cur.execute("select province_code, short_name, name from province").fetchall()
        kanwils = frozenset(r[0] for r in cur.execute("select kanwil_code from kanwil").fetchall())
    finally:
        cur.close()
    return Reference(regencies, {c: short for c, short, _ in names}, kanwils, {c: long for c, _, long in names})


def regency_key(name: str) -> str:
    """Lower case, single spaces, 'Kab.'/'Kabupaten' (and 'Administrasi') dropped, 'Kota' kept,
    'Kep.' written out."""
    text = _SPACES.sub(" ", name.strip().lower())
    after = _KIND_AFTER.match(text)
    if after:
        text = ("kota " if (after["kind"] or after["bracketed"]) == "kota" else "kabupaten ") + after["name"]
    text = _KEP.sub("kepulauan ", text)
    stripped = _KAB_PREFIX.sub("", text, count=1)
    if stripped != text:
        return stripped
    return _KOTA_PREFIX.sub("kota ", text, count=1)


def name_key(key: str) -> str:
    """A normalised name with spaces, hyphens and dots removed: 'Fak Fak', 'Fak-Fak' and 'Fakfak'
    are one spelling. No two reference names share such a key (tests check it)."""
    return _NOT_LETTER.sub("", _FOOTNOTE_MARK.sub("", key))


def province_key(name: str) -> str:
    return _KEP.sub("kepulauan ", _PROV_PREFIX.sub("", _SPACES.sub(" ", name.strip().lower())))


# Compiled once: a member-level import checks every area of the country (514 codes), and looking
# each pattern up in re's cache by its text cost more than the matching.
_WHOLE_NUMBER = re.compile(r"\d+\.0+")
_PROVINCE_CODE = re.compile(r"\d{2}")
_REGENCY_CODE = re.compile(r"\d{2}\.\d{2}")
_REGENCY_DIGITS = re.compile(r"\d{4}")


def kemendagri_code(text: str, typed_number: bool = False) -> tuple[str | None, str | None]:
    """'52.71', '5271' or '52' in Kemendagri form ('52.71', '52'); or (None, problem code)."""
    value = text.strip().replace(" ", "")
    if typed_number and _WHOLE_NUMBER.fullmatch(value):
        value = value.split(".")[0]
    elif typed_number and "." in value:
        # Excel stored 52.10 as the number 52.1; the lost zero cannot be recovered safely.
        return None, "code_as_number"
    if _PROVINCE_CODE.fullmatch(value):
        return value, None
    if _REGENCY_CODE.fullmatch(value):
        return value, None
    if _REGENCY_DIGITS.fullmatch(value):
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


def suggest(name: str, choices: list[str], same_province: bool = False) -> str:
    """A hint for the fix message only (never used to match): the reference name closest on
    normalised names. Within a known province a looser match helps; across the whole country
    only a near-identical name is offered, so a hint never points into another province."""
    keys = {name_key(regency_key(c)): c for c in choices}
    close = difflib.get_close_matches(name_key(regency_key(name)), list(keys), n=1,
                                      cutoff=0.6 if same_province else 0.85)
    return keys[close[0]] if close else "–"
