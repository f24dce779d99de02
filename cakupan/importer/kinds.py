"""What each kind of import holds: its columns (with the names analysts use), keys and target table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

KINDS = ("membership", "workforce", "enterprises", "targets", "cooperatives", "rates", "published")


def header_key(name: str) -> str:
    """A column name compared loosely: 'Kode Wilayah' == 'kode_wilayah' == 'KODE-WILAYAH'; a unit in
    brackets is dropped ('Peserta Aktif (Jiwa)' == 'peserta_aktif', 'Cakupan (%)' == 'cakupan')."""
    text = (name or "").strip().lstrip("\ufeff").lower()
    without_unit = re.sub(r"\([^()]*\)", " ", text)
    if re.search(r"[0-9a-z]", without_unit):
        text = without_unit
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


# BPS prints its headings in both languages: "Provinsi/Province", "Bulan\nMonth".
_BILINGUAL = re.compile(r"\s*/\s*|\s*\n\s*")


def header_parts(name: str) -> list[str]:
    """The sides of a heading written in two languages, each as header_key ('Provinsi/Province' ->
    ['provinsi', 'province']); [] for a heading of one part."""
    parts = [k for k in (header_key(p) for p in _BILINGUAL.split(name or "")) if k]
    return parts if len(parts) >= 2 else []


def value_key(text: str) -> str:
    return header_key(text)


@dataclass(frozen=True)
class Column:
    """One column the file may hold. `kind` says how its cells are read."""
    name: str
    aliases: tuple[str, ...]
    kind: str  # period | area_code | area_name | province | enum | int | float | text
    required: bool = True
    values: dict[str, str] = field(default_factory=dict)  # accepted spellings (value_key) -> stored value
    percent: bool = False  # a trailing % is allowed
    future_ok: bool = False  # a period after the current month is allowed
    # When the column is absent every row takes this value (a total: 'ALL', 'all'); when present,
    # each of its cells must be filled, like a required column's.
    fill: str | None = None
    nonempty: bool = False  # an optional column that, when present, must be filled in every row

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(a) for a in (self.name, *self.aliases))


@dataclass(frozen=True)
class Kind:
    """An import kind: the file's columns, the table written, and which rows a file replaces."""
    name: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique within a file and in the table
    scope: tuple[str, ...]  # rows of the table with these values are replaced by the file's rows
    values: tuple[str, ...]  # the table's columns the import writes, in order
    measure: str | None  # summed in the dry-run diff
    id_column: str | None = None
    has_synthetic: bool = True
    area_level: str = "regency"  # what the area columns resolve to: 'regency' or 'target'
    # anchor measures (published totals) that no longer add up once rows in scope change
    anchor_measures: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _enum(spellings: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{'PU': ('pu', 'penerima upah')} -> {'pu': 'PU', 'penerima_upah': 'PU'}."""
    return {value_key(s): stored for stored, names in spellings.items() for s in (stored, *names)}


# How publishers name the participants and the worker base (BPJS, Pemda, BPS releases).
ACTIVE_NAMES = ("peserta", "jumlah_peserta", "peserta_aktif_bpjs", "peserta_aktif_bpjs_ketenagakerjaan",
                "tenaga_kerja_aktif", "pekerja_terlindungi", "jumlah_pekerja_terlindungi", "tenaga_kerja_terlindungi",
                "tk_terlindungi", "peserta_terdaftar", "kepesertaan_aktif", "jumlah_tk_aktif", "pekerja_terdaftar",
                "peserta_bpjs_ketenagakerjaan", "jumlah_peserta_bpjs_ketenagakerjaan")
# Headings that some articles use for the covered (active) count and that BPJS also uses for everyone
# ever registered, a far larger count: read as active participants, with a warning (validate.map_columns).
REGISTERED_NAMES = ("peserta_terdaftar", "pekerja_terdaftar")
WORKER_NAMES = ("jumlah_pekerja", "potensi_pekerja", "pekerja_potensial", "potensi_tenaga_kerja", "angkatan_kerja",
                "potensi_peserta", "total_pekerja", "jumlah_tenaga_kerja", "potensi_tk", "tenaga_kerja",
                "jumlah_angkatan_kerja", "potensi")

# What a publisher writes for "no split, this is the whole": stored as a total, never spread out.
TOTAL_WORDS = ("semua", "total", "jumlah", "seluruh", "all", "keseluruhan")
SEGMENTS = _enum({"PU": ("penerima upah", "wage earner"), "BPU": ("bukan penerima upah", "non wage"),
                  "JAKON": ("jasa konstruksi", "construction"), "PMI": ("pekerja migran indonesia", "migrant"),
                  "ALL": TOTAL_WORDS + ("semua segmen",)})
ENTERPRISE_KINDS = _enum({"koperasi": ("cooperative", "kop"), "umkm": ("ukm", "msme", "sme"),
                          "lainnya": ("lain lain", "lain", "other", "others"), "all": TOTAL_WORDS})
BASES = _enum({"ucj": ("basis ucj",), "bps": ("sakernas", "penduduk bekerja")})
SECTORS = _enum({"formal": (), "informal": (), "all": TOTAL_WORDS})
SETTER_KINDS = _enum({k: () for k in ("BPJS", "RPJMN", "Pemprov", "Pemkab", "Pemkot", "Kanwil", "Cabang")})
AREA_LEVELS = _enum({"national": ("nasional",), "kanwil": (), "province": ("provinsi", "prov"),
                     "regency": ("kabupaten kota", "kab kota", "kabkota", "kabupaten", "kota")})
METRICS = _enum({"coverage_rate": ("cakupan", "tingkat cakupan", "ucj"),
                 "active_participants": ("peserta aktif",), "registered_participants": ("peserta terdaftar",),
                 "enrolled_umkm": ("umkm terdaftar",), "enrolled_koperasi": ("koperasi terdaftar",)})
PROGRAMS = _enum({k: () for k in ("JKK", "JKM", "JHT", "JP", "JKP")})
RATE_SEGMENTS = _enum({"PU": ("penerima upah",), "BPU": ("bukan penerima upah",)})
STATUSES = _enum({"active": ("aktif",), "inactive": ("nonaktif", "non aktif", "tidak aktif", "non active")})

PERIOD = Column("period", ("periode", "bulan", "bulan_tahun", "tahun_bulan", "month", "tanggal", "date"), "period")
AREA_CODE = Column("area_code", ("kode", "kode_wilayah", "kode_kab_kota", "kode_kabkota", "kode_kabupaten_kota",
                                 "kode_kab", "kode_daerah", "regency_code", "code", "kode_kemendagri",
                                 "kode_bps", "bps_code"), "area_code", required=False)
AREA_NAME = Column("area_name", ("nama_wilayah", "wilayah", "kabupaten_kota", "kab_kota", "kabkota", "kabupaten",
                                 "kota_kabupaten", "kabupaten_kotamadya", "kab_kota_madya", "nama_kabupaten",
                                 "nama_kabupaten_kota", "nama_kab_kota", "regency", "regency_name", "nama_daerah",
                                 "daerah", "nama", "regency_municipality", "kabupaten_kota_regency_municipality"),
                   "area_name", required=False)
# Names are matched within the row's province when the file has one (a code or a name).
PROVINCE = Column("province", ("provinsi", "nama_provinsi", "prov", "kode_provinsi", "kode_prov", "province"),
                  "province", required=False)
NOTE = Column("note", ("catatan", "keterangan", "notes"), "text", required=False)

MEMBERSHIP = Kind(
    "membership", "membership",
    (PERIOD, AREA_CODE, AREA_NAME, PROVINCE,
     # Without these columns a row is the area's total (most published kab/kota figures are).
     Column("segment", ("segmen", "segmen_peserta", "kategori_peserta"), "enum", required=False,
            values=SEGMENTS, fill="ALL"),
     Column("enterprise_kind", ("jenis_usaha", "jenis_badan_usaha", "kategori_usaha", "kind"), "enum",
            required=False, values=ENTERPRISE_KINDS, fill="all"),
     Column("active_participants", ("peserta_aktif", "aktif", "active", "jumlah_peserta_aktif", "tk_aktif",
                                    "jumlah_aktif") + ACTIVE_NAMES, "int")),
    key=("period", "regency_code", "segment", "enterprise_kind"),
    scope=("period", "regency_code"),
    values=("period", "regency_code", "segment", "enterprise_kind", "active_participants"),
    measure="active_participants",
    anchor_measures=("active", "active_formal", "active_informal"),
)

WORKFORCE = Kind(
    "workforce", "workforce",
    (PERIOD, AREA_CODE, AREA_NAME, PROVINCE,
     # Not "dasar_pembagi": the app's own table exports add that column as a provenance label.
     Column("basis", ("dasar", "denominator"), "enum", required=False, values=BASES, nonempty=True),
     Column("sector", ("sektor",), "enum", required=False, values=SECTORS, nonempty=True),
     # BPS heads the column with the table's own words: "Penduduk Berumur 15 Tahun Ke Atas yang Bekerja".
     Column("workers", ("pekerja", "penduduk_bekerja", "bekerja", "angkatan_kerja_bekerja", "penduduk_yang_bekerja",
                        "penduduk_berumur_15_tahun_ke_atas_yang_bekerja", "penduduk_15_tahun_ke_atas_yang_bekerja")
            + WORKER_NAMES, "int",
            required=False, nonempty=True),
     Column("formal", ("pekerja_formal", "formal_workers"), "int", required=False, nonempty=True),
     Column("informal", ("pekerja_informal", "informal_workers"), "int", required=False, nonempty=True)),
    key=("period", "regency_code", "basis", "sector"),
    scope=("period", "regency_code", "basis"),
    values=("period", "regency_code", "basis", "sector", "workers"),
    measure="workers",
    anchor_measures=("workers_ucj", "workers_ucj_formal", "workers_ucj_informal", "workers_bps"),
)

ENTERPRISES = Kind(
    "enterprises", "enterprise",
    (PERIOD, AREA_CODE, AREA_NAME,
     Column("enterprise_kind", ("jenis_usaha", "jenis_badan_usaha", "kategori_usaha", "kind"), "enum",
            values={k: v for k, v in ENTERPRISE_KINDS.items() if v not in ("lainnya", "all")}),
     Column("enterprises", ("jumlah_usaha", "usaha", "unit_usaha", "jumlah_unit"), "int"),
     Column("enrolled", ("terdaftar", "usaha_terdaftar", "jumlah_terdaftar"), "int")),
    key=("period", "regency_code", "enterprise_kind"),
    scope=("period", "regency_code"),
    values=("period", "regency_code", "enterprise_kind", "enterprises", "enrolled"),
    measure="enrolled",
)

TARGETS = Kind(
    "targets", "target",
    (Column("set_by", ("ditetapkan_oleh", "penetap"), "text"),
     Column("setter_kind", ("jenis_penetap",), "enum", values=SETTER_KINDS),
     Column("area_level", ("tingkat", "tingkat_wilayah", "level"), "enum", values=AREA_LEVELS),
     Column("area_code", ("kode", "kode_wilayah", "code"), "area_code"),
     Column("metric", ("metrik", "ukuran", "indikator"), "enum", values=METRICS),
     Column("basis", ("dasar",), "enum", required=False, values=BASES),
     Column("target_value", ("target", "nilai_target", "nilai"), "float", percent=True),
     Column("start_period", ("mulai", "periode_mulai", "awal"), "period", future_ok=True),
     Column("due_period", ("tenggat", "periode_target", "batas_waktu", "akhir"), "period", future_ok=True),
     NOTE),
    key=("set_by", "area_level", "area_code", "metric", "basis", "start_period", "due_period"),
    scope=("set_by", "area_level", "area_code", "metric", "basis", "start_period", "due_period"),
    values=("set_by", "setter_kind", "area_level", "area_code", "metric", "basis", "target_value",
            "start_period", "due_period", "note"),
    measure="target_value",
    id_column="target_id",
    area_level="target",
)

COOPERATIVES = Kind(
    "cooperatives", "cooperative",
    (Column("name", ("nama_koperasi", "koperasi", "nama"), "text"),
     Column("area_code", AREA_CODE.aliases, "area_code", required=False),
     Column("area_name", tuple(a for a in AREA_NAME.aliases if a != "nama"), "area_name", required=False),
     Column("members", ("anggota", "jumlah_anggota"), "int"),
     Column("enrolled_members", ("anggota_terdaftar", "anggota_peserta", "peserta"), "int"),
     Column("as_of", ("per", "per_tanggal", "periode", "tanggal", "bulan"), "period"),
     NOTE),
    key=("name", "regency_code"),
    scope=("name", "regency_code"),
    values=("name", "regency_code", "members", "enrolled_members", "as_of", "note"),
    measure="enrolled_members",
    id_column="cooperative_id",
)

RATES = Kind(
    "rates", "contribution_rate",
    (Column("segment", ("segmen",), "enum", values=RATE_SEGMENTS),
     Column("program", ("programme", "jenis_program"), "enum", values=PROGRAMS),
     Column("rate_pct", ("tarif", "tarif_persen", "persen", "iuran_persen"), "float", required=False, percent=True),
     Column("fixed_amount_idr", ("iuran_tetap", "nominal", "iuran_rp"), "int", required=False),
     Column("min_amount_idr", ("minimum", "iuran_minimum"), "int", required=False),
     Column("max_amount_idr", ("maksimum", "iuran_maksimum"), "int", required=False),
     Column("effective_from", ("berlaku_mulai", "mulai_berlaku", "berlaku"), "period", future_ok=True),
     NOTE),
    key=("segment", "program", "effective_from"),
    scope=("segment", "program", "effective_from"),
    values=("segment", "program", "rate_pct", "fixed_amount_idr", "min_amount_idr", "max_amount_idr",
            "effective_from", "note"),
    measure=None,
    has_synthetic=False,
)

# A rate as a newspaper or a government page printed it, for a province or a kabupaten/kota,
# with the counts it printed beside it (either may be missing) and the publication it cites.
# Stored in published_figure; where the row is a kabupaten/kota and a count is known, the counts
# also become that area's totals (membership and workforce), a missing one derived from the
# rate and labelled so.
PUBLISHED = Kind(
    "published", "published_figure",
    (PERIOD, AREA_CODE, AREA_NAME, PROVINCE,
     Column("area_level", ("tingkat", "tingkat_wilayah", "level"), "enum", required=False, nonempty=True,
            values=_enum({"province": ("provinsi", "prov"),
                          "regency": ("kabupaten kota", "kab kota", "kabkota", "kabupaten", "kota")})),
     Column("value", ("cakupan", "cakupan_persen", "cakupan_pct", "persen_cakupan", "tingkat_cakupan",
                      "persentase", "persentase_cakupan", "capaian", "capaian_persen", "rate", "rate_pct",
                      "coverage", "coverage_pct", "uc", "ucj", "persen", "capaian_ucj", "cakupan_ucj",
                      "persentase_ucj", "ucj_persen", "persen_ucj", "tingkat_ucj", "realisasi_ucj", "capaian_uc",
                      "uc_jamsostek", "ucj_jamsostek", "persentase_kepesertaan", "cakupan_kepesertaan",
                      "tingkat_kepesertaan", "persentase_terlindungi", "persentase_pekerja_terlindungi",
                      "percentage"),
            "float", percent=True),
     Column("numerator", ("peserta_aktif", "pembilang", "jumlah_peserta_aktif", "tk_aktif", "jumlah_aktif",
                          "active", "active_participants") + ACTIVE_NAMES, "int", required=False),
     Column("denominator", ("pekerja", "penyebut", "penduduk_bekerja", "workers", "target_pekerja")
            + WORKER_NAMES, "int", required=False),
     Column("segment", ("segmen",), "enum", required=False, values=SEGMENTS, fill="ALL"),
     Column("denominator_basis", ("basis", "dasar"), "enum", required=False, values=BASES, nonempty=True),
     Column("source_title", ("sumber", "judul_sumber", "judul", "source", "publikasi"), "text", required=False),
     Column("source_url", ("alamat", "url", "tautan", "link", "alamat_sumber"), "text", required=False),
     Column("as_of", ("per_tanggal", "tanggal_sumber", "tanggal_terbit", "tanggal_data", "as_of_date"), "text",
            required=False),
     Column("as_printed", ("seperti_tercetak", "tertulis", "kutipan"), "text", required=False),
     NOTE),
    key=("area_code", "period", "segment", "denominator_basis", "source_title"),
    scope=("area_code", "period", "segment", "denominator_basis", "source_title"),
    values=("area_name", "area_level", "area_code", "as_of", "measure", "value", "numerator", "denominator",
            "segment", "denominator_basis", "as_printed", "note", "period", "source_title", "source_url",
            "derivation"),
    measure="value",  # one printed rate per key: the dry run shows it before and after
    id_column="figure_id",
    has_synthetic=False,
    area_level="any",
)

SPECS = {k.name: k for k in (MEMBERSHIP, WORKFORCE, ENTERPRISES, TARGETS, COOPERATIVES, RATES, PUBLISHED)}

# Written only by a published-rate file (a segment's printed base), never imported on its own.
SEGMENT_WORKFORCE = Kind(
    "segment_workforce", "segment_workforce", (),
    key=("period", "regency_code", "basis", "segment"),
    scope=("period", "regency_code", "basis", "segment"),
    values=("period", "regency_code", "basis", "segment", "workers"),
    measure="workers",
)

# A member-level extract: one row per participant per month, aggregated into membership.
MEMBER_COLUMNS = (
    Column("participant_id", ("id_peserta", "peserta_id", "hashed_id", "id_hash", "nik_hash", "kpj_hash"), "text"),
    PERIOD,
    Column("area_code", tuple(a for a in AREA_CODE.aliases), "area_code"),
    # A participant always has one segment and one enterprise kind: no total here.
    replace(MEMBERSHIP.column("segment"), required=True, fill=None,
            values={k: v for k, v in SEGMENTS.items() if v != "ALL"}),
    replace(MEMBERSHIP.column("enterprise_kind"), required=True, fill=None,
            values={k: v for k, v in ENTERPRISE_KINDS.items() if v != "all"}),
    Column("programmes", ("program", "programs", "programme", "programmes"), "text", required=False),
    Column("status", ("status_peserta", "status_kepesertaan"), "enum", values=STATUSES),
)


def is_member_extract(header: list[str]) -> bool:
    """A file with a participant-id column is a member-level extract."""
    keys = {header_key(h) for h in header}
    return bool(keys & set(MEMBER_COLUMNS[0].keys))
