"""The package's layout holds: no import loop, Streamlit only in cakupan.ui, one page list."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "cakupan"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _module_level(body: list) -> list:
    """Statements run when a module is imported: its body and the branches of module-level ifs
    and trys, not function bodies (those import lazily) and not `if TYPE_CHECKING:` (a type
    checker reads those; Python never runs them)."""
    out = []
    for node in body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            continue
        out.append(node)
        if isinstance(node, (ast.If, ast.Try)):
            out += _module_level(node.body + getattr(node, "orelse", []) + getattr(node, "finalbody", []))
    return out


def _imports(path: Path, everywhere: bool = False) -> set[str]:
    """The modules a file imports: `from a.b import c` counts as a.b.c when that is a module of ours.
    Only import-time statements unless `everywhere` (then function bodies too)."""
    nodes = ast.walk(ast.parse(path.read_text())) if everywhere else _module_level(ast.parse(path.read_text()).body)
    out = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                out.add(whole if whole in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    found: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.extend(stack[stack.index(nxt):] + [node, nxt] if nxt in stack else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, stack + [node]):
                return True
        state[node] = 2
        return False

    for name in sorted(graph):
        if state.get(name) is None and visit(name, []):
            break
    return found


def test_the_package_has_no_import_loop():
    graph = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}
    assert len(graph) > 40  # every module of the package and its subpackages is in the graph
    assert _cycle(graph) == []


def test_the_loop_finder_finds_a_loop():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_only_the_ui_package_imports_streamlit():
    importers = sorted(name for name, path in MODULES.items()
                       if any(m.split(".")[0] == "streamlit" for m in _imports(path, everywhere=True)))
    assert importers and all(name.startswith("cakupan.ui.") for name in importers), importers


def test_lower_layers_never_import_the_ui_or_reports():
    """Pure logic and figures sit below the UI and the reports; the arrows only point down."""
    lower = [name for name in MODULES if not name.startswith(("cakupan.ui", "cakupan.reports", "cakupan.__main__"))]
    upward = {name: sorted(m for m in _imports(MODULES[name], everywhere=True)
                           if m.startswith(("cakupan.ui", "cakupan.reports")))
              for name in lower}
    assert {name: found for name, found in upward.items() if found} == {}


def test_dashboard_and_tests_read_one_page_list():
    from cakupan.ui import nav

    source = (ROOT / "dashboard.py").read_text()
    assert "nav.PAGES" in source or "nav.navigation" in source
    paths = [page.path for page in nav.PAGES]
    assert paths == sorted(set(paths), key=paths.index)  # no page twice
    on_disk = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert {Path(p).stem for p in paths} == on_disk  # every page file is listed, and nothing else


def test_every_pdf_is_drawn_on_the_one_a4_page():
    """The briefings and the RAT PDF share reports.pdf.A4Page; no other module makes an FPDF."""
    makers = sorted(name for name, path in MODULES.items()
                    if any(m.split(".")[0] == "fpdf" for m in _imports(path, everywhere=True)))
    assert makers == ["cakupan.reports.pdf"]
    users = sorted(name for name, path in MODULES.items() if "cakupan.reports.pdf" in _imports(path, everywhere=True))
    assert {"cakupan.reports.briefing", "cakupan.reports.kanwil_briefing", "cakupan.reports.rat_pdf"} <= set(users)
