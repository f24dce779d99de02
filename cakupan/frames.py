"""Polars helpers that keep Python callbacks out of polars' own thread pool."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def each(series: pl.Series, fn: Callable[[object], object], dtype: pl.DataType = pl.String) -> pl.Series:
    """`fn` applied to every non-null value of `series` in this thread (nulls stay null), as a new Series.

    Why not `map_elements`: polars runs a Python callback on its worker threads, which must take the
    GIL; when another session's thread meanwhile holds the GIL inside polars (`DataFrame.to_pandas`
    waits on the same workers) the whole server deadlocks. Seen with ten simultaneous sessions.
    """
    seen: dict = {}
    out = []
    for value in series.to_list():
        if value is None:
            out.append(None)
            continue
        try:
            out.append(seen[value])
        except (KeyError, TypeError):  # TypeError: an unhashable value (a list or struct cell)
            result = fn(value)
            try:
                seen[value] = result
            except TypeError:
                pass
            out.append(result)
    return pl.Series(series.name, out, dtype=dtype)
