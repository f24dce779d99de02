"""One catalogue, two languages: every key the code uses exists in both, and an English page
shows no Indonesian label."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, open_panels
from cakupan.i18n import LANGUAGES, messages, t

SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "cakupan").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
LITERAL = re.compile(r"""\bt\(\s*(["'])([^"'\n]*)\1\s*(\+)?""")
FSTRING = re.compile(r"""\bt\(\s*f(["'])([^"'\n]*)\1""")
# Keys built from a value of a fixed list: every value needs its message, not just one.
ENUMS = {
    "basis.{}": ("ucj", "bps"), "basis.{}.short": ("ucj", "bps"), "basis.{}.help": ("ucj", "bps"),
    "segment.{}": ("PU", "BPU", "JAKON", "PMI"),
    "briefing.kind.{}": ("umkm", "koperasi", "lainnya"), "briefing.enrol.{}": ("umkm", "koperasi"),
    "export.download.{}": ("png", "svg", "pdf", "csv", "xlsx", "parquet"),
    "briefing.source_kind.{}": ("published", "synthetic", "reference", "import"),
    "briefing.scope.{}": ("national", "kanwil"),
}


def used_keys() -> tuple[set[str], set[str], set[str]]:
    """Literal keys, literal prefixes ("segment." + x) and f-string templates ("basis.{}.short")."""
    literal, prefixes, templates = set(), set(), set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for match in LITERAL.finditer(text):
            (prefixes if match.group(3) else literal).add(match.group(2))
        for match in FSTRING.finditer(text):
            templates.add(re.sub(r"\{[^}]*\}", "{}", match.group(2)))
    return literal, prefixes, templates


def test_the_catalogue_loads_with_both_languages_for_every_key():
    catalogue = messages()
    assert len(catalogue) > 100
    assert all(len(texts) == len(LANGUAGES) and all(texts) for texts in catalogue.values())


def test_every_literal_key_used_in_the_code_exists():
    literal, _, _ = used_keys()
    assert len(literal) > 50
    assert sorted(key for key in literal if key not in messages()) == []


def test_every_key_prefix_and_template_matches_messages():
    _, prefixes, templates = used_keys()
    keys = list(messages())
    missing = [p for p in prefixes if not any(k.startswith(p) for k in keys)]
    for template in templates:
        pattern = re.compile("^" + re.escape(template).replace(r"\{\}", "[^ ]+?") + "$")
        if not any(pattern.match(k) for k in keys):
            missing.append(template)
    assert sorted(missing) == []


@pytest.mark.parametrize("template, values", sorted(ENUMS.items()))
def test_keys_built_from_fixed_lists_cover_every_value(template, values):
    assert [template.format(v) for v in values if template.format(v) not in messages()] == []


def test_placeholders_agree_between_the_two_languages():
    fields = re.compile(r"\{(\w*)\}")
    differ = {key: texts for key, texts in messages().items()
              if set(fields.findall(texts[0])) != set(fields.findall(texts[1]))}
    assert differ == {}


# --- no Indonesian left on an English page ------------------------------------------------------

def navigation() -> list[tuple[str, str, str]]:
    """(file, title key, url path) of every page in the navigation, in order."""
    from cakupan.ui import nav

    return [(spec.path, spec.title_key, spec.url_path) for spec in nav.PAGES]


def indonesian_only() -> tuple[set[str], list[re.Pattern]]:
    """Indonesian texts whose English differs: exact ones, and templates with placeholders."""
    exact, patterns = set(), []
    english_texts = {english for _, english in messages().values()}
    for indonesian, english in messages().values():
        if indonesian == english:
            continue
        if "{" in indonesian:
            literal = re.split(r"\{\w*\}", indonesian)
            if sum(len(part.strip()) for part in literal) >= 8:  # a template that is mostly placeholder says nothing
                patterns.append(re.compile("^" + "(.+?)".join(re.escape(part) for part in literal) + "$", re.S))
        elif indonesian not in english_texts:  # e.g. "UMKM" is also English elsewhere
            exact.add(indonesian)
    return exact, patterns


def _figure_texts(spec: dict) -> list[str]:
    """Labels in a plotly figure: titles, axis and colour-bar titles, tick texts, names, annotations."""
    figure = json.loads(spec) if isinstance(spec, str) else spec
    texts = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            if key in ("ticktext", "text", "hovertext") and all(isinstance(v, str) for v in node):
                texts.extend(node)
            else:
                for v in node:
                    walk(v, key)
        elif isinstance(node, str) and key in ("text", "name", "hovertext", "title"):
            texts.append(node)

    walk(figure)
    return texts


def visible_texts(at: AppTest) -> list[str]:
    """What a reader sees: headings, text, widget labels and options, metric labels, table
    headers, tabs, expanders and chart labels."""
    texts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        texts += [element.value for element in at.get(kind)]
    for kind in ("selectbox", "radio", "multiselect", "select_slider", "number_input", "text_input", "slider",
                 "checkbox", "toggle", "button", "download_button", "segmented_control", "date_input",
                 "text_area", "metric", "tabs", "expander", "tab"):
        for element in at.get(kind):
            for attribute in ("label", "options"):
                value = getattr(element, attribute, None)
                if isinstance(value, str):
                    texts.append(value)
                elif isinstance(value, (list, tuple)):
                    texts += [str(v) for v in value]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    for chart in at.get("plotly_chart"):
        texts += _figure_texts(chart.proto.spec)
    return [text for text in texts if isinstance(text, str) and text.strip()]


def fragments(text: str) -> list[str]:
    """A label and its parts: lines of a hover text, the parts around ': ' and ' · '."""
    plain = re.sub(r"<[^>]+>", "\n", text)
    parts = {text.strip(), plain.strip()}
    for line in plain.splitlines():
        parts.add(line.strip())
        for piece in re.split(r": | · | — ", line):
            parts.add(piece.strip(" .()"))
    return [p for p in parts if p]


@pytest.mark.parametrize("page_file, title_key, url_path", navigation(), ids=[p[2] for p in navigation()])
def test_english_page_shows_no_indonesian_label(app_env, page_file, title_key, url_path):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.switch_page(page_file)
    at.run()
    if url_path == "ringkasan":  # the overview: its closed panels hold tables too
        at = open_panels(at)
    assert not at.exception, [e.value for e in at.exception]
    exact, patterns = indonesian_only()
    leftovers = set()
    for text in visible_texts(at):
        for piece in fragments(text):
            if piece in exact or any(p.match(piece) for p in patterns):
                leftovers.add(piece)
    assert sorted(leftovers) == []
    # The page is the English one, not just a page without Indonesian.
    headings = [element.value for element in at.title]
    assert headings, f"{page_file} shows no title"
    if t(title_key, "id") != t(title_key, "en"):
        assert t(title_key, "id") not in headings


def test_the_navigation_lists_the_briefing():
    assert ("pages/briefing.py", "page.briefing") in [(f, k) for f, k, _ in navigation()]


def test_each_page_file_exists():
    assert all((ROOT / f).exists() for f, _, _ in navigation())


def test_sources_scanned_include_every_page():
    assert {p.name for p in SOURCES if p.parent.name == "pages"} >= {Path(f).name for f, _, _ in navigation()}
