"""User text is text: imported or URL text is escaped for Markdown, HTML and Plotly, and only http(s) links."""

from __future__ import annotations

import pytest

from cakupan import user_text

WJ = "\u2060"  # the invisible word joiner that breaks autolinks and shortcodes


@pytest.mark.parametrize("text, expected", [
    ("![x](http://any-host/x.png)", rf"\!\[x\]\(http\:{WJ}\/\/any\-host\/x\.png\)"),
    ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
    ("www.evil.example", rf"www{WJ}\.evil\.example"),
    ("a@evil.example", rf"a\@{WJ}evil\.example"),
    (":red[merah] :smile:", rf"\:{WJ}red\[merah\] \:{WJ}smile\:"),
    ("$x^2$ **tebal** # judul", r"\$x\^2\$ \*\*tebal\*\* \# judul"),
    ("baris satu\n- baris dua", r"baris satu \- baris dua"),
    # Plain text keeps its look: a colon followed by a space gets no joiner.
    ("Uji coba: BPS NTB", r"Uji coba\: BPS NTB"),
    ("Kota Mataram", "Kota Mataram"),
    (None, ""),
])
def test_md_escapes_every_markdown_and_html_special(text, expected):
    assert user_text.md(text) == expected


def test_plotly_text_shows_tags_literally():
    assert user_text.plotly('<a href="http://evil">klik</a><br>&amp;') == \
        '&lt;a href="http://evil"&gt;klik&lt;/a&gt;&lt;br&gt;&amp;amp;'


@pytest.mark.parametrize("url, expected", [
    ("https://www.bps.go.id/id/publication", "https://www.bps.go.id/id/publication"),
    ("  http://example.org/a?b=1  ", "http://example.org/a?b=1"),
    ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("ftp://example.org/x", None),
    ("//example.org/x", None),
    ("https://", None),
    ("http://exa mple.org", None),
    ("https://example.org/<script>", None),
    ("", None),
    (None, None),
])
def test_only_absolute_http_urls_are_safe(url, expected):
    assert user_text.safe_url(url) == expected


def test_source_is_a_link_only_for_http_and_text_otherwise():
    assert user_text.source_md("BPS [resmi]", "https://bps.go.id/x") == \
        rf"BPS \[resmi\] — [https\:{WJ}\/\/bps\.go\.id\/x](<https://bps.go.id/x>)"
    assert user_text.source_md("Sumber", "javascript:alert(1)") == rf"Sumber — javascript\:{WJ}alert\(1\)"
    assert user_text.source_md(None) == "–"


def test_the_helper_is_pure():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(user_text.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
        {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(name and name.startswith("streamlit") for name in imported)


def test_cooperative_search_text_is_not_rendered_as_markdown(app_env):
    from conftest import run_page

    # NTT has cooperatives, so the search runs (a province without any says so instead).
    at = run_page("koperasi", scope="53", q="![x](http://any-host/x.png) <b>hai</b>")
    assert not at.exception
    assert at.info[-1].value == ("Tidak ada koperasi yang cocok dengan "
                                 rf'"\!\[x\]\(http\:{WJ}\/\/any\-host\/x\.png\) \<b\>hai\<\/b\>".')


HOSTILE_SOURCE = '<a href="http://evil.example">klik</a> <img src=x>'


def test_a_source_title_in_a_map_hover_is_shown_not_drawn():
    from datetime import date

    from cakupan.figures import maps

    row = {"name": "Nusa Tenggara Barat", "rate_pct": 10.0, "active": 200, "workers": 2000,
           "active_source": HOSTILE_SOURCE, "workers_source": "BPS", "active_synthetic": False,
           "workers_synthetic": False, "active_import_batches": "2", "workers_import_batches": None,
           "period": date(2025, 4, 1)}
    hover = maps.rate_hover_text(row, "bps", False, "en").replace("<br>", " ")  # its own line breaks
    assert "Active participants — Source: &lt;a href=\"http://evil.example\"&gt;klik&lt;/a&gt; &lt;img" in hover
    assert "<a " not in hover and "<img" not in hover
    assert "Workers — Source: BPS (published figure)" in hover


def test_a_set_by_in_a_trend_annotation_is_shown_not_drawn():
    from datetime import date

    import polars as pl

    from cakupan.figures import trends

    trend = pl.DataFrame({"period": [date(2025, 3, 1), date(2025, 4, 1)], "rate_pct": [10.0, 11.0],
                          "active": [100, 110], "workers": [1000, 1000], "active_synthetic": [False, False],
                          "workers_synthetic": [False, False]})
    targets = pl.DataFrame({"metric": ["coverage_rate"], "target_value": [50.0], "set_by": ['<b>Pemprov</b>'],
                            "due_period": [date(2026, 12, 1)]})
    fig = trends.trend_figure(trend, targets, "Tren", "en")
    texts = [a.text for a in fig.layout.annotations]
    assert any("(&lt;b&gt;Pemprov&lt;/b&gt;, " in text for text in texts), texts


def test_a_set_by_in_the_briefing_trend_is_shown_not_drawn():
    from datetime import date

    import polars as pl

    from cakupan.reports import briefing

    trend = pl.DataFrame({"period": [date(2025, 3, 1), date(2025, 4, 1)], "rate_pct": [30.0, 31.0]})
    fig = briefing.trend_chart(trend, {"target_value": 60.0, "set_by": '<a href="http://evil.example">Pemprov</a>'},
                               "ucj", "id", 600, 300)
    text = fig.layout.annotations[0].text
    assert "&lt;a href=\"http://evil.example\"&gt;Pemprov&lt;/a&gt;" in text and "<a " not in text
