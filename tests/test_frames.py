"""frames.each: Python formatting of a column outside polars' thread pool, and why it must stay there."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date

import polars as pl

from cakupan.frames import each
from conftest import ROOT


def test_each_applies_the_function_and_keeps_nulls():
    series = pl.Series("rate", [1.5, None, 2.25, 1.5])
    out = each(series, lambda v: f"{v:.1f} %")
    assert out.name == "rate"
    assert out.dtype == pl.String
    assert out.to_list() == ["1.5 %", None, "2.2 %", "1.5 %"]


def test_each_calls_the_function_once_per_distinct_value():
    calls = []

    def label(v):
        calls.append(v)
        return v.upper()

    assert each(pl.Series(["a", "b", "a", "a"]), label).to_list() == ["A", "B", "A", "A"]
    assert calls == ["a", "b"]


def test_each_handles_unhashable_cells_and_other_types():
    nested = pl.Series("n", [[1, 2], None, [3]])
    assert each(nested, str).to_list() == ["[1, 2]", None, "[3]"]
    months = pl.Series("m", [date(2025, 12, 1), date(2025, 11, 1)])
    assert each(months, lambda d: d.month, pl.Int64).to_list() == [12, 11]


def test_no_python_callback_runs_inside_polars():
    """map_elements/map_batches run Python on polars' worker threads; under simultaneous sessions
    that deadlocked the whole server (issue 14). The package formats with frames.each instead."""
    found = []
    for path in (ROOT / "cakupan").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("map_elements", "map_batches", "map_rows"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


# Eight threads as eight sessions: four format columns the way the pages do, four convert
# multi-chunk frames to pandas the way st.dataframe's Styler path does. With map_elements in
# place of each this pattern froze the interpreter (every thread waiting for the GIL).
_SESSIONS = """
import threading
import polars as pl
from cakupan.frames import each
parts = [pl.DataFrame({"a": list(range(i * 100, i * 100 + 100)), "b": [f"x{j}" for j in range(100)]})
         for i in range(5)]
frame = pl.concat(parts, rechunk=False)
def formats():
    for _ in range(150):
        frame.with_columns(each(frame["b"], lambda s: s + "!").alias("e"), each(frame["a"], str).alias("f"))
def converts():
    for _ in range(150):
        pl.concat(parts, rechunk=False).to_pandas()
threads = [threading.Thread(target=f) for f in [formats] * 4 + [converts] * 4]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
"""


def test_formatting_beside_pandas_conversion_in_threads_finishes():
    result = subprocess.run([sys.executable, "-c", _SESSIONS], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"
