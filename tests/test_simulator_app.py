"""The simulator page in AppTest: the hand-calculated default, field messages for bad input, saved scenarios.
Its number fields are text typed the Indonesian way ("1.000.000.000", "10,0"), since issue 13."""

from streamlit.testing.v1 import AppTest

from conftest import run_page


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_is_swasti_sari_ten_percent_of_one_billion(app_env):
    at = run_page("simulator")
    assert not at.exception
    assert at.selectbox(key="sim_coop").value == 1  # Kopdit Swasti Sari, the published one, comes first
    assert metrics(at) == {
        "Anggota yang bisa dibiayai": "496",
        "Anggota baru terlindungi": "496",
        "Iuran per anggota per bulan": "Rp 16.800",
        "Iuran per anggota, 12 bulan": "Rp 201.600",
    }
    coverage = at.dataframe[2].value
    assert list(coverage["Tingkat"]) == ["Koperasi", "Kab/kota", "Provinsi"]
    assert list(coverage["Nama"]) == ["Kopdit Swasti Sari", "Kota Kupang", "Nusa Tenggara Timur"]
    assert list(coverage["Terlindungi sesudah"])[0] == 754
    # The calculator beside it: 2.000.000 → JKK 20.000 + JKM 6.800 = 26.800; with JHT 66.800.
    calc = at.dataframe[0].value
    assert list(calc["JKK+JKM"]) == ["20.000", "6.800", "–", "26.800", "321.600"]
    assert list(calc["JKK+JKM+JHT"])[3] == "66.800"
    assert any("11.800" in i.value and "bukan tarif" in i.value for i in at.info)
    assert at.get("download_button")  # CSV/XLSX/Parquet under each table and the RAT PDF


def test_income_below_the_minimum_gets_a_message_at_the_field(app_env):
    at = run_page("simulator")
    at.text_input(key="sim_income").set_value("500.000").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == ["Penghasilan di bawah batas minimum Rp 1 juta. Naikkan penghasilan yang dilaporkan."]
    assert "Perbaiki masukan" in at.warning[0].value
    assert not metrics(at)  # no results from an invalid scenario


def test_zero_shu_and_full_share(app_env):
    at = run_page("simulator")
    at.text_input(key="sim_shu").set_value("0").run()
    assert not at.exception and metrics(at)["Anggota baru terlindungi"] == "0"
    at.text_input(key="sim_shu").set_value("2.016.000")
    at.text_input(key="sim_share").set_value("100").run()
    assert metrics(at)["Anggota yang bisa dibiayai"] == "10"


def test_custom_cooperative_with_no_members_enrolled(app_env):
    at = run_page("simulator")
    at.selectbox(key="sim_coop").set_value("custom").run()
    at.text_input(key="sim_members").set_value("1.000")
    at.text_input(key="sim_enrolled").set_value("0")
    at.text_input(key="sim_shu").set_value("10.080.000")
    at.text_input(key="sim_share").set_value("50")
    at.text_input(key="sim_months").set_value("6").run()
    assert not at.exception
    assert metrics(at)["Anggota baru terlindungi"] == "50"
    coverage = at.dataframe[2].value
    assert list(coverage["Sebelum (%)"])[0] == 0.0 and list(coverage["Sesudah (%)"])[0] == 5.0
    at.text_input(key="sim_enrolled").set_value("2.000").run()
    assert [e.value for e in at.error] == ["Anggota terdaftar tidak boleh melebihi jumlah anggota."]


def test_saved_scenarios_are_compared(app_env):
    at = run_page("simulator")
    at.button[0].click().run()  # save "Skenario 1": 10%
    at.text_input(key="sim_share").set_value("20").run()
    at.button[0].click().run()  # save "Skenario 2": 20%
    assert not at.exception
    table = at.dataframe[3].value
    assert list(table["Skenario"]) == ["Skenario 1", "Skenario 2"]
    assert list(table["Anggota baru terlindungi"]) == [496, 992]
    assert len(at.get("plotly_chart")) == 1  # the comparison chart appears from two scenarios on
    at.button[1].click().run()  # clear
    assert list(at.dataframe[3].value["Skenario"]) == ["Skenario saat ini (belum disimpan)"]


def test_english(app_env):
    at = run_page("simulator", lang="en")
    assert not at.exception
    assert metrics(at)["Members newly covered"] == "496"
    # Cakupan's own words around a cited title are English too: the Jarrakpos article's month.
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # Markdown's escapes
    assert "(Jarrakpos.com, June 2024)" in captions and "Juni" not in captions


def test_negative_shu_share_above_100_and_13_months_each_get_their_message(app_env):
    at = run_page("simulator")
    at.text_input(key="sim_shu").set_value("-5")
    at.text_input(key="sim_share").set_value("150")
    at.text_input(key="sim_months").set_value("13").run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "SHU tidak boleh negatif. Isi 0 atau lebih.",
        "Porsi SHU harus antara 0 dan 100%.",
        "Jumlah bulan harus bilangan bulat 1 sampai 12.",
    ]
    assert not metrics(at)
    at.text_input(key="sim_shu").set_value("1.000.000.000")
    at.text_input(key="sim_share").set_value("10")
    at.text_input(key="sim_months").set_value("12").run()
    assert not at.error and metrics(at)["Anggota baru terlindungi"] == "496"


def test_calculator_rejects_zero_income(app_env):
    at = run_page("simulator")
    at.text_input(key="calc_income").set_value("0").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Penghasilan harus lebih dari 0."]


def test_number_fields_show_and_read_indonesian_numbers(app_env):
    at = run_page("simulator")
    assert at.text_input(key="sim_shu").value == "1.000.000.000"
    assert at.text_input(key="sim_share").value == "10,0"
    assert at.text_input(key="sim_income").value == "1.000.000"
    assert at.text_input(key="calc_income").value == "2.000.000"
    # 5% of Rp 2.016.000 pays 100.800 ÷ (16.800 × 12 = 201.600) = 0 members; 50,5% pays 1.018.080 ÷ 201.600 = 5.
    at.text_input(key="sim_shu").set_value("2.016.000")
    at.text_input(key="sim_share").set_value("50,5").run()
    assert not at.exception and not at.error
    assert metrics(at)["Anggota yang bisa dibiayai"] == "5"


def test_a_number_written_the_english_way_gets_a_message_naming_the_indonesian_form(app_env):
    at = run_page("simulator")
    at.text_input(key="sim_share").set_value("10.5").run()  # in Indonesian "." separates thousands
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Bukan angka. Tulis seperti 10,0: titik memisahkan ribuan, koma sebelum desimal."]
    assert not metrics(at)


def test_english_fields_read_english_numbers(app_env):
    at = run_page("simulator", lang="en")
    assert at.text_input(key="sim_shu").value == "1,000,000,000"
    at.text_input(key="sim_share").set_value("20.0").run()
    assert not at.error and metrics(at)["Members newly covered"] == "992"
