"""Writes the real-figures corpus: published BPJS Ketenagakerjaan coverage figures, each with its
source, typed the way analysts and publishers keep them (totals only, names as printed,
Indonesian numbers, CSV and XLSX, two publishers' tables). Run it to rebuild the XLSX files;
cases.csv says how each file is imported and which printed rate it must reproduce.

The figures come from /work/shared/facts/coverage_reported.csv (public reports, cited per row)
and, for Kabupaten Pati, from kanalmuria.com (13 March 2025). Nothing here is invented: where a
source printed only a rate and one count, the file holds just those.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

S = {
    "parigi": ("BPJamsostek Optimis Perlindungan Ketenagakerjaan di Parigi Moutong Naik 20% pada 2025 (Alkhairaat)",
               "https://media.alkhairaat.id/bpjamsostek-optimis-perlindungan-ketenagakerjaan-di-parigi-moutong-naik-20-pada-2025"),
    "tangerang": ("BPJS Ketenagakerjaan Tangerang Cikokol Bayarkan Klaim Rp345 Miliar (Tangerang Ekspres, 4 Aug 2025)",
                  "https://tangerangekspres.disway.id/amp/32174/bpjs-ketenagakerjaan-tangerang-cikokol-bayarkan-klaim-rp345-miliar"),
    "pati": ("Pemkab Pati Percepat Cakupan Jaminan Sosial Ketenagakerjaan (Kanal Muria, 13 Mar 2025)",
             "https://kanalmuria.com/pemkab-pati-percepat-cakupan-jaminan-sosial-ketenagakerjaan/"),
    "ntb24": ("Baru 29 Persen Pekerja di NTB Sudah Terdaftar di BPJS Ketenagakerjaan (Inside Lombok)",
              "https://insidelombok.id/daerah/ntb/baru-29-persen-pekerja-di-ntb-sudah-terdaftar-di-bpjs-ketenagakerjaan/"),
    "ntb25": ("Butuh Komitmen Bersama Dukung Pengentasan Kemiskinan Ekstrem dan Optimalisasi Universal Coverage "
              "Jamsostek (UCJ) di Provinsi NTB (MPP Kota Mataram, 04 Sep 2025)",
              "https://mpp.mataramkota.go.id/berita/butuh-komitmen-bersama-dukung-pengentasan-kemiskinan-ekstrem-dan-"
              "optimalisasi-universal-coverage-jamsostek-ucj-di-provinsi-ntb"),
    "papua": ("Sebanyak 141.984 Penduduk Papua Sudah Terdaftar BPJAMSOSTEK (Koran Jakarta, 26 Aug 2024)",
              "https://koran-jakarta.com/sebanyak-141-984-penduduk-papua-sudah-terdaftar-bpjamsostek"),
    "papteng": ("Pemprov-BPJS Ketenagakerjaan teken PKS tingkatkan perlindungan pekerja di Papua Tengah (Salam Papua)",
                "https://salampapua.com/2025/08/pemprov-bpjs-ketenagakerjaan-teken-pks-tingkatkan-perlindungan-pekerja-di-papua-tengah.html"),
    "sulsel": ("BPJS Ketenagakerjaan Gelar Paritrana 2024, Apresiasi Kehadiran Pemerintah bagi Masyarakat "
               "(Bacapesan/Fajar, 12 Aug 2024)",
               "https://bacapesan.fajar.co.id/2024/08/12/bpjs-ketenagakerjaan-gelar-paritrana-2024-apresiasi-kehadiran-pemerintah-bagi-masyarakat/amp"),
    "lampung": ("Cakupan Perlindungan Jamsostek di Lampung Rendah (Lampost, 26 Sep 2024)",
                "https://lampost.co/lampung/bandar-lampung/cakupan-perlindungan-jamsostek-di-lampung-rendah/"),
    "jambi": ("Jambi Fokus pada Percepatan UC Jamsostek untuk Semua Pekerja (Dialognews)",
              "https://dialognews.id/jambi-fokus-pada-percepatan-uc-jamsostek-untuk-semua-pekerja/"),
    "aceh": ("Kejati Aceh dan BPJS Ketenagakerjaan Luncurkan RAN 2025 (MediaSatu)",
             "https://www.mediasatunews.com/kejati-aceh-dan-bpjs-ketenagakerjaan-luncurkan-ran-2025/"),
    "babel": ("Babel optimalkan perlindungan sosial hingga perdesaan (ANTARA Babel)",
              "https://babel.antaranews.com/berita/494257/babel-optimalkan-perlindungan-sosial-hingga-perdesaan"),
    "gorontalo": ("Duduki Peringkat Enam Nasional, Ini Pemda Gorontalo Peraih Paritrana Award 2023 (GOPOS, 3 Sep 2024)",
                  "https://gopos.id/duduki-peringkat-enam-nasional-ini-pemda-gorontalo-peraih-paritrana-award-2023/"),
    "malut": ("Cakupan Jaminan Sosial Ketenagakerjaan Maluku Utara 41,64 Persen (Harian Malut)",
              "https://harianmalut.com/cakupan-jaminan-sosial-ketenagakerjaan-maluku-utara-4164-persen"),
    "kalteng": ("BPJS Ketenagakerjaan dan Pemprov Kalteng Sinergikan Upaya Perlindungan Pekerja, Capaian UCJ 46,2% "
                "(Prokalteng, 2 Apr 2025)",
                "https://prokalteng.jawapos.com/propolek/ekobis/02/04/2025/bpjs-ketenagakerjaan-dan-pemprov-kalteng-"
                "sinergikan-upaya-perlindungan-pekerja-capaian-ucj-462"),
    "pbd": ("Papua Barat Daya Raih Paritrana Award Jamsostek Tingkat Nasional (Sorong News, 12 Sep 2024)",
            "https://sorongnews.com/papua-barat-daya-raih-paritrana-award-jamsostek-tingkat-nasional/"),
    "mimika": ("BPJS Ketenagakerjaan Lindungi 87.715 Pekerja Mimika Hingga Maret 2024 (Antarpapua.com, 30 Mar 2024)",
               "https://antarpapua.com/bpjs-ketenagakerjaan-lindungi-87-715-pekerja-mimika-hingga-maret-2024"),
    "serambi_aceh": ("BPJS Pastikan Peserta BPJamsostek di Aceh tak Terlibat Judol (Serambinews, 18 Okt 2025)",
                     "https://aceh.tribunnews.com/nanggroe/992722/bpjs-pastikan-peserta-bpjamsostek-di-aceh-tak-terlibat-judol"),
    "topikseru": ("BPJS Ketenagakerjaan Kanwil Sumut: Coverage Jamsostek Sumut dan Aceh Meningkat (Topikseru, 18 Dec 2024)",
                  "https://topikseru.com/daerah/8468/bpjs-ketenagakerjaan-kanwil-sumut-coverage-jamsostek-sumut-dan-aceh-meningkat"),
    "diy": ("Coverage Ditarget 50% Tahun Ini, BPJamsostek Yogyakarta Fokus Genjot Ekosistem Desa (Harian Jogja, 5 Jan 2023)",
            "https://jogjapolitan.harianjogja.com/read/2023/01/05/510/1122312/coverage-ditarget-50-tahun-ini-bpjamsostek-"
            "yogyakarta-fokus-genjot-ekosistem-desa"),
    "babel25": ("BPJS Ketenagakerjaan-Kejaksaan Tinggi perkuat kepatuhan dan kesejahteraan pekerja (ANTARA Babel)",
                "https://babel.antaranews.com/amp/berita/534790/bpjs-ketenagakerjaan-kejaksaan-tinggi-perkuat-kepatuhan-dan-"
                "kesejahteraan-pekerja"),
    "tribun_timur": ("BPJS Ketenagakerjaan Target 7,2 Juta Pekerja Jadi Peserta Jaminan Sosial (Tribun Timur, 13 Dec 2021)",
                     "https://makassar.tribunnews.com/2021/12/13/bpjs-ketenagakerjaan-target-72-juta-pekerja-jadi-peserta-"
                     "jaminan-sosial"),
    "teraspapua": ("Ini Wilayah Kerja BPJS Ketenagakerjaan Papua (Teraspapua, 23 Sep 2023)",
                   "https://teraspapua.com/2023/09/23/ini-wilayah-kerja-bpjs-ketenagakerjaan-papua-dan-total-biaya-yang-"
                   "sudah-dibayarkan"),
    "narasi21": ("Coverage Kepesertaan Baru 54 Persen, Wakajati Gorontalo Tegaskan Jaksa Mitra Strategis BPJS "
                 "Ketenagakerjaan (Narasi21)",
                 "https://www.narasi21.id/coverage-kepesertaan-baru-54-persen-wakajati-gorontalo-tegaskan-jaksa-mitra-"
                 "strategis-bpjs-ketenagakerjaan-forum-kepatuhan-segera-dibentuk"),
    "pabar23": ("Cakupan peserta BPJAMSOSTEK di Papua Barat capai 82,69 persen (ANTARA)",
                "https://www.antaranews.com/berita/3703959/cakupan-peserta-bpjamsostek-di-papua-barat-capai-8269-persen"),
    "maluku": ("Pemerintah Target 300 Ribuan Pekerja di Maluku Tercover BPJS Ketenagakerjaan (Tribun Ambon, 1 Jul 2025)",
               "https://ambon.tribunnews.com/2025/07/01/pemerintah-target-300-ribuan-pekerja-di-maluku-tercover-bpjs-"
               "ketenagakerjaan"),
}


def text(name: str, body: str) -> None:
    (HERE / name).write_text(body, encoding="utf-8")


def csv_files() -> None:
    t, u = S["parigi"]
    # An analyst's list: names as printed, Indonesian numbers, semicolons.
    text("parigi_moutong_2024_09.csv",
         "Kabupaten/Kota;Bulan;Peserta Aktif;Potensi Pekerja;UCJ (%);Sumber;Alamat\n"
         f"Parigi Moutong;September 2024;39.695;161.206;24,62;{t};{u}\n")
    # The same figures as two totals-only files, imported as membership and workforce.
    text("parigi_moutong_totals_2024_09.csv",
         "Kab/Kota;Peserta Aktif;Pekerja\nKab. Parigi Moutong;39.695;161.206\n")
    t, u = S["pati"]
    text("pati_2024.csv",
         "Wilayah,Bulan,Cakupan (%),Angkatan Kerja,Sumber,Alamat\n"
         f'Kab.Pati,Des 2024,39,511.111,"{t}",{u}\n')
    rows = [("Nusa Tenggara Barat", "April 2024", "545.546", "1.864.450", "29,26", "ntb24"),
            ("Provinsi Papua", "Agustus 2024", "141.984", "240.009", "59,16", "papua"),
            ("Papua Tengah", "Juli 2025", "72.146", "263.264", "27,4", "papteng"),
            ("Lampung", "September 2024", "760.468", "3.058.943", "24,86", "lampung"),
            ("Jambi", "Desember 2024", "592.806", "", "45,17", "jambi")]
    names = {"Nusa Tenggara Barat": "ntb_2024_04", "Provinsi Papua": "papua_2024_08",
             "Papua Tengah": "papua_tengah_2025_07", "Lampung": "lampung_2024_09", "Jambi": "jambi_2024_12"}
    for area, month, active, workers, rate, key in rows:
        t, u = S[key]
        text(f"{names[area]}.csv", "Provinsi;Periode;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber;Alamat\n"
                                   f"{area};{month};{active};{workers};{rate};{t};{u}\n")
    # A publisher's table (BPS layout): title, blank row, a two-row header with one column per
    # period, column numbers, data, and a footnote. --period picks the column.
    t, u = S["pati"]
    text("pati_bps_style.csv",
         "Capaian Universal Coverage Jamsostek (UCJ) Kabupaten Pati,,,,\n"
         ",,,,\n"
         "Kabupaten/Kota,Cakupan UCJ (%),,Angkatan Kerja (orang),\n"
         ",2024,Maret 2025,2024,Maret 2025\n"
         "(1),(2),(3),(4),(5)\n"
         'Pati,39,29,"511.111","599.061"\n'
         f'"Sumber: BPJS Ketenagakerjaan Cabang Pati, dalam {t}",,,,\n'
         f"{u},,,,\n")

    # A Kanwil-style compilation as a Windows Excel saves it (Windows-1252, CRLF, semicolons): a
    # title, "No.", the month as Excel shows a date ("Sep-24"), thousands grouped with spaces (one
    # with no-break spaces), the rate with " %", a footnote mark after a name, "-" for the worker
    # count Tribun Ambon did not print, and a "Sumber:" line with an en dash and the footnote.
    rows = [("Gorontalo", "Sep-24", "254 675", "466 368", "54,61", "gorontalo"),
            ("Maluku Utara 1)", "Mei-25", "176 604", "424\u00a0131", "41,64", "malut"),
            ("Kalimantan Tengah", "Mar-25", "465 940", "1 009 250", "46,2", "kalteng"),
            ("Maluku", "Des-24", "191 618", "-", "39,45", "maluku")]
    lines = ["Capaian Universal Coverage Jamsostek menurut Provinsi (dihimpun dari pemberitaan);;;;;;;", ";;;;;;;",
             "No.;Provinsi;Bulan;Jumlah Peserta Aktif;Jumlah Pekerja;Persentase (%);Sumber;Alamat"]
    lines += [f"{i}.;{name};{month};{active};{workers};{rate} %;{S[key][0]};{S[key][1]}"
              for i, (name, month, active, workers, rate, key) in enumerate(rows, 1)]
    lines += ["Sumber: BPJS Ketenagakerjaan \u2013 dihimpun dari pemberitaan;;;;;;;",
              "1) target potensi UCJ;;;;;;;"]
    (HERE / "ucj_provinsi_himpunan.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def older_lists_files() -> None:
    """Two Papua tables as a Pemprov and a branch office keep them: a year-end date written
    day first, and a branch's counts by segment pasted with tabs, the name the catalogue way round."""
    # Sorong News: the coverage of today's Papua Barat Daya area was 65,8 % in 2022 ("when Sorong Raya
    # was still part of Papua Barat") and 85,34 % in 2023. Only the rates were printed.
    t, u = S["pbd"]
    text("papua_barat_daya_2022_2023.csv",
         "Capaian Coverage Jaminan Sosial Ketenagakerjaan Provinsi Papua Barat Daya;;;;\n"
         ";;;;\n"
         "Provinsi;Tanggal;Coverage (%);Sumber;Alamat\n"
         f"Papua Barat Daya;31/12/2022;65,8;{t};{u}\n"
         f"Papua Barat Daya;31/12/2023;85,34;{t};{u}\n")
    # Antarpapua.com: BPJS Ketenagakerjaan Cabang Papua Mimika protected 87.715 workers in Kabupaten
    # Mimika from 1 January to 30 March 2024: 49.505 PU and 38.210 BPU. No rate, no worker count.
    text("mimika_2024_03.csv",
         "Provinsi\tKabupaten/Kota\tPeriode\tSegmen\tPeserta Aktif\n"
         "Papua Tengah\tMimika, Kab.\tPer 30/03/2024\tPU\t49.505\n"
         "Papua Tengah\tMimika, Kab.\tPer 30/03/2024\tBPU\t38.210\n"
         "Papua Tengah\tMimika, Kab.\tPer 30/03/2024\tJumlah\t87.715\n")


def publishers_names_files() -> None:
    """Province names as publishers write them, and a Kanwil's table copied out of a PDF."""
    # A ranking as a news article or a Kanwil slide prints it: "No.", the province names the way the
    # source wrote them (the former name with its abbreviation, "DIY", "Kep. Babel", "Sumatra",
    # capitals), a rate alone where only a rate was printed.
    rows = [("Prov. Nanggroe Aceh Darussalam (NAD)", "Agustus 2025", "407.773", "1.601.559", "25,46", "serambi_aceh"),
            ("DIY", "Desember 2022", "", "", "31,95", "diy"),
            ("Kep. Babel", "Desember 2025", "189.742", "", "33,10", "babel25"),
            ("SUMATRA UTARA", "Desember 2024", "", "", "49,35", "topikseru"),
            ("NAD", "Desember 2024", "", "", "32,73", "topikseru")]
    lines = ["No.;Provinsi;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber;Alamat"]
    lines += [f"{i}.;{name};{month};{active};{workers};{rate};{S[key][0]};{S[key][1]}"
              for i, (name, month, active, workers, rate, key) in enumerate(rows, 1)]
    text("ucj_provinsi_nama_terbitan.csv", "\n".join(lines) + "\n")
    # Tribun Timur (13 Dec 2021) printed Kanwil Sulawesi Maluku's seven provinces: active participants
    # of all workers, with rounded rates. Here as a table copied out of a two-page PDF: the date only in
    # the title, the header again at the top of the second page, blank lines, and the source at the foot.
    t, u = S["tribun_timur"]
    header = "No;Provinsi;Peserta Aktif;Jumlah Pekerja;Cakupan (%)"
    text("sulama_2021_12_salinan_pdf.csv",
         "Kepesertaan BPJS Ketenagakerjaan Wilayah Sulawesi dan Maluku\n"
         "Keadaan s.d. Desember 2021\n\n"
         f"{header}\n"
         "1;SULAWESI UTARA;623.409;780.666;80\n"
         "2;GORONTALO;193.218;397.894;49\n"
         "3;SULAWESI SELATAN;1.043.751;2.865.109;36\n"
         "4;SULAWESI TENGAH;327.272;978.084;33\n\n"
         f"{header}\n"
         "5;MALUKU;179.194;554.515;32\n"
         "6;SULAWESI TENGGARA;264.624;865.080;31\n"
         "7;MALUKU UTARA;114.042;365.027;31\n\n"
         f"Sumber: BPJS Ketenagakerjaan Kanwil Sulawesi Maluku, dalam {t}\n"
         f"{u}\n")


def branch_files() -> None:
    """A branch office's figures: BPJS Ketenagakerjaan Cabang Papua's 129.199 active participants
    (93.559 PU and 35.640 self-employed) of about 1,8 million workers, "baru 10 persen". The branch
    works Papua, Papua Pegunungan and Papua Selatan, so the row is no province's: it must be refused,
    never stored as Provinsi Papua's. (The 10 % is the article's; 129.199 of 1,8 million is about 7 %.)"""
    t, u = S["teraspapua"]
    text("cabang_papua_2023_09.csv",
         "Kantor Cabang;Provinsi;Bulan;Peserta Aktif;Jumlah Pekerja;Cakupan (%);Sumber;Alamat\n"
         f"Papua;Papua;September 2023;129.199;1.800.000;10;{t};{u}\n")


def counts_in_words_files() -> None:
    """Narasi21: Gorontalo per 16 December 2025, "54 persen atau sekitar 314 ribu dari total potensi
    582 ribu": the counts as the article wrote them, in thousands."""
    t, u = S["narasi21"]
    text("gorontalo_2025_12_ribu.csv",
         "Provinsi;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber;Alamat\n"
         f"Gorontalo;Desember 2025;314 ribu;582 ribu;54;{t};{u}\n")


def bilingual_files() -> None:
    """ANTARA: Papua Barat, January to August 2023, 82,69 persen, 128.358 of 155.222 potential workers
    aged 17-65; laid out as a BPS publication table, every heading in Indonesian and English."""
    t, u = S["pabar23"]
    text("papua_barat_2023_08_dwibahasa.csv",
         "Tabel 1. Cakupan Kepesertaan BPJS Ketenagakerjaan, Agustus 2023;;;;\n"
         "Table 1. Coverage of BPJS Ketenagakerjaan Participation, August 2023;;;;\n"
         ";;;;\n"
         "Provinsi/Province;Bulan/Month;Peserta Aktif/Active Participants;Jumlah Pekerja/Workers;"
         "Persentase/Percentage\n"
         "(1);(2);(3);(4);(5)\n"
         "Papua Barat;Agustus 2023;128 358;155 222;82,69\n"
         f"Sumber/Source: {t};;;;\n"
         f"{u};;;;\n")


def wide_segments_file() -> None:
    """Antarpapua.com's Mimika figures (see older_lists_files) as a branch's workbook lays them out: one
    column per segment under a merged "Peserta Aktif" heading, with their "Jumlah"."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(HERE / "mimika_2024_03_per_segmen.xlsx")
    ws = wb.add_worksheet("Peserta")
    ws.write(0, 0, "Peserta Aktif BPJS Ketenagakerjaan Kabupaten Mimika")
    ws.write_row(2, 0, ["Provinsi", "Kabupaten/Kota", "Periode"])
    ws.merge_range(2, 3, 2, 5, "Peserta Aktif")
    ws.write_row(3, 3, ["PU", "BPU", "Jumlah"])
    ws.write_row(4, 0, ["Papua Tengah", "Mimika, Kab.", "Per 30/03/2024", 49505, 38210, 87715])
    wb.close()


def xlsx_files() -> None:
    import xlsxwriter

    t, u = S["tangerang"]
    wb = xlsxwriter.Workbook(HERE / "kota_tangerang_2025_08.xlsx")
    ws = wb.add_worksheet("UCJ")
    for j, h in enumerate(["Kab/Kota", "Periode", "Peserta Aktif", "UCJ (%)", "Sumber", "Alamat"]):
        ws.write(0, j, h)
    ws.write_row(1, 0, ["Kota Tangerang", "Agustus 2025", 768187, 47.76, t, u])
    wb.close()

    t, u = S["pati"]
    wb = xlsxwriter.Workbook(HERE / "pati_2025_03.xlsx")
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Kabupaten", "Bulan", "Cakupan (%)", "Angkatan Kerja", "Sumber", "Alamat"])
    ws.write_row(1, 0, ["Kabupaten Pati", "Maret 2025", 29, 599061, t, u])
    wb.close()

    for name, area, month, active, workers, rate, key in (
            ("ntb_2025_06.xlsx", "NTB", "Juni 2025", 555276, 1808432, 30.7, "ntb25"),
            ("sulsel_2024_07.xlsx", "Sulawesi Selatan", "Juli 2024", 1159887, 2871182, 40.40, "sulsel")):
        t, u = S[key]
        wb = xlsxwriter.Workbook(HERE / name)
        ws = wb.add_worksheet("Sheet1")
        ws.write_row(0, 0, ["Provinsi", "Bulan", "Peserta Aktif", "Potensi Pekerja", "Cakupan (%)", "Sumber", "Alamat"])
        ws.write_row(1, 0, [area, month, active, workers, rate, t, u])
        wb.close()

    # A second publisher's table: a Dinas-style compilation for one month, with a merged title,
    # a blank row, a two-row header (a group heading over its parts), column numbers, the rows
    # with their sources, and a footnote block.
    wb = xlsxwriter.Workbook(HERE / "ucj_provinsi_juni_2025.xlsx")
    ws = wb.add_worksheet("Tabel 1")
    ws.merge_range(0, 0, 0, 3, "Tabel 1. Capaian Universal Coverage Jamsostek menurut Provinsi, Juni 2025")
    ws.write_row(2, 0, ["Provinsi", "Peserta Aktif", None, "Sumber"])
    ws.write_row(3, 0, [None, "Jumlah (orang)", "Cakupan (%)", None])
    ws.write_row(4, 0, ["(1)", "(2)", "(3)", "(4)"])
    ws.write_row(5, 0, ["Aceh", 408974, 23.32, S["aceh"][0]])
    ws.write_row(6, 0, ["Kep. Bangka Belitung", 144070, 27.24, S["babel"][0]])
    ws.write(8, 0, "Sumber: dihimpun dari pemberitaan; alamat: " + S["aceh"][1] + " ; " + S["babel"][1])
    ws.write(9, 0, "Catatan: potensi pekerja tidak dicetak; cakupan seperti tercetak.")
    wb.close()


if __name__ == "__main__":
    csv_files()
    older_lists_files()
    publishers_names_files()
    branch_files()
    counts_in_words_files()
    bilingual_files()
    wide_segments_file()
    xlsx_files()
