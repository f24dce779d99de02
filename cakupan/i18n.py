"""The one catalogue of user-facing text, Bahasa Indonesia first, English second."""

from __future__ import annotations

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# key: (Bahasa Indonesia, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("Cakupan", "Cakupan"),
    "app.tagline": ("Cakupan BPJS Ketenagakerjaan untuk pekerja koperasi dan UMKM",
                    "BPJS Ketenagakerjaan coverage for cooperative and UMKM workers"),
    "app.language": ("Bahasa", "Language"),
    "app.synthetic_banner": (
        "Data bawaan: angka provinsi yang dipublikasikan dipakai apa adanya; sisanya (bulan di antara "
        "titik terbit, rincian kab/kota, segmen, dan jenis usaha) adalah **data sintetis**.",
        "Default data: published province figures are used exactly; everything else (months between "
        "published points, kabupaten/kota splits, segments and enterprise kinds) is **synthetic data**."),
    "page.overview": ("Ringkasan Nasional", "National Overview"),
    "overview.intro": (
        "Cakupan = peserta aktif ÷ pekerja. Pilih bulan dan dasar pembagi; peta dan tabel memakai pilihan yang sama.",
        "Coverage = active participants ÷ workers. Choose a month and a denominator; the map and table use the same choice."),
    "filter.period": ("Bulan", "Month"),
    "filter.basis": ("Dasar pembagi (penyebut)", "Denominator basis"),
    "basis.ucj": ("Basis UCJ (potensi pekerja)", "UCJ base (potential workers)"),
    "basis.bps": ("Penduduk bekerja (BPS)", "Employed persons (BPS)"),
    "basis.ucj.short": ("basis UCJ", "UCJ base"),
    "basis.bps.short": ("penduduk bekerja BPS", "BPS employed"),
    "basis.ucj.help": (
        "Potensi pekerja yang dipakai BPJS Ketenagakerjaan dan pemerintah daerah untuk indeks UCJ.",
        "The potential-worker base BPJS Ketenagakerjaan and local governments use for the UCJ index."),
    "basis.bps.help": (
        "Penduduk bekerja menurut Sakernas BPS. Lebih besar dari basis UCJ, sehingga tingkat cakupan lebih rendah.",
        "Employed persons from BPS Sakernas. Larger than the UCJ base, so the rate is lower."),
    "metric.active": ("Peserta aktif", "Active participants"),
    "metric.workers": ("Pekerja", "Workers"),
    "metric.rate": ("Tingkat cakupan", "Coverage rate"),
    "metric.uncovered": ("Belum terlindungi", "Not yet covered"),
    "metric.change_12m": ("Perubahan 12 bulan", "12-month change"),
    "metric.rate_change_12m": ("Perubahan cakupan 12 bulan", "12-month coverage change"),
    "metric.rate_of_basis": ("{rate} dari {basis}", "{rate} of {basis}"),
    "overview.change_note": ("Perubahan dibanding {month}.", "Change compared with {month}."),
    "overview.segments": ("Peserta aktif menurut segmen", "Active participants by segment"),
    "overview.map_title": ("Tingkat cakupan per provinsi, {month}", "Coverage rate by province, {month}"),
    "overview.table_title": ("Peringkat 38 provinsi", "Ranking of the 38 provinces"),
    "overview.method": (
        "Metode: peserta aktif ÷ {basis}, dijumlahkan dari kab/kota; tidak ada rata-rata persentase.",
        "Method: active participants ÷ {basis}, summed from kabupaten/kota; percentages are never averaged."),
    "overview.over_100": (
        "{n} provinsi di atas 100% (ditandai ▲): pembagi kemungkinan usang atau peserta terdaftar di kantor pusat di luar provinsi.",
        "{n} provinces above 100% (marked ▲): the denominator may be stale, or members are registered at head offices outside the province."),
    "segment.PU": ("PU (penerima upah)", "PU (wage earners)"),
    "segment.BPU": ("BPU (bukan penerima upah)", "BPU (non-wage)"),
    "segment.JAKON": ("Jakon (jasa konstruksi)", "Jakon (construction)"),
    "segment.PMI": ("PMI (pekerja migran)", "PMI (migrant workers)"),
    "col.rank": ("Peringkat", "Rank"),
    "col.province": ("Provinsi", "Province"),
    "col.kanwil": ("Kanwil", "Regional office"),
    "col.active": ("Peserta aktif", "Active participants"),
    "col.workers": ("Pekerja", "Workers"),
    "col.rate": ("Cakupan (%)", "Coverage (%)"),
    "col.uncovered": ("Belum terlindungi", "Not covered"),
    "col.change_pts": ("Perubahan 12 bln (poin)", "12-month change (pts)"),
    "col.active_source": ("Sumber peserta", "Participants source"),
    "col.workers_source": ("Sumber pekerja", "Workers source"),
    "col.synthetic": ("Sintetis", "Synthetic"),
    "col.as_of": ("Per", "As of"),
    "col.batch": ("Batch impor", "Import batch"),
    "col.basis": ("Dasar pembagi", "Basis"),
    "hover.rate": ("Cakupan", "Coverage"),
    "hover.of": ("dari", "of"),
    "hover.source": ("Sumber", "Source"),
    "hover.synthetic": ("data sintetis", "synthetic data"),
    "hover.published": ("angka terbit", "published figure"),
    "hover.from_rate": ("pembagi dipilih agar tingkat terbit {rate} tercapai",
                        "denominator chosen to reproduce the published rate of {rate}"),
    "hover.approximate": ("batas wilayah perkiraan", "approximate boundary"),
    "hover.over_100": ("di atas 100%", "above 100%"),
    "legend.rate": ("Cakupan (%)", "Coverage (%)"),
    "legend.over_100": ("di atas 100%", "above 100%"),
    "prov.sources_title": ("Sumber dan batch data", "Sources and data batches"),
    "prov.synthetic_yes": ("ya", "yes"),
    "prov.synthetic_no": ("tidak", "no"),
    "prov.synthetic_label": ("sintetis", "synthetic"),
    "prov.published_label": ("terbit", "published"),
    "prov.boundary_credit": ("Batas wilayah", "Boundaries"),
    "empty.no_data": ("Belum ada data untuk pilihan ini.", "No data for this selection yet."),
    "empty.no_db": ("Basis data belum dibangun. Jalankan `make db` (atau `make run`).",
                    "The database has not been built. Run `make db` (or `make run`)."),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for a key in the given language, with placeholders filled."""
    text = MESSAGES[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text
