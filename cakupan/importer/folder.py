"""A hive-partitioned Parquet folder (members/province=52/part-0.parquet) read as one member-level extract.

The folder is checked before DuckDB reads it, so a refusal names the part at fault: every data
file is Parquet, every folder on the way to it is `key=value`, all parts have the same partition
keys and the same columns, and no key repeats a column. Hidden files and those starting with '_'
(a writer's _SUCCESS or _metadata) are not data and are passed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cakupan.importer.kinds import header_key
from cakupan.importer.problems import ImportRefused, Problem, capped
from cakupan.importer.reading import sniff_format

# Partition values are read as text and checked as a file's cells are, never cast by their looks.
SOURCE = "read_parquet($path, hive_partitioning = true, hive_types_autocast = false)"
# The same, with each row's part and its row number inside the part, to point at a bad value.
ROW_SOURCE = ("read_parquet($path, hive_partitioning = true, hive_types_autocast = false, filename = true, "
              "file_row_number = true)")


@dataclass(frozen=True)
class Folder:
    """The parts of a partitioned extract, in a fixed order, and what they hold."""
    root: Path
    name: str  # the folder as the user named it
    parts: tuple[Path, ...]  # sorted by their path inside the folder
    keys: tuple[str, ...]  # the partition keys, outermost first
    columns: tuple[str, ...]  # the columns inside every part

    @property
    def header(self) -> list[str]:
        """The extract's columns: those in the files, then the partition keys (as DuckDB gives them)."""
        return list(self.columns) + list(self.keys)

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.parts)

    def label(self, part: Path | str) -> str:
        """How a part is named to the user: the folder's name and the path inside it."""
        return self.name + "/" + Path(part).relative_to(self.root).as_posix()

    def relative(self, part: Path) -> str:
        return Path(part).relative_to(self.root).as_posix()


def _is_data(relative: Path) -> bool:
    return not any(p.startswith((".", "_")) for p in relative.parts)


def read_folder(path: Path, name: str) -> Folder:
    """The folder's parts, or ImportRefused naming each part that does not fit."""
    path = Path(path)
    problems: list[Problem] = []
    parts: list[Path] = []
    keys: tuple[str, ...] | None = None
    for item in sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).as_posix()):
        relative = item.relative_to(path)
        if not _is_data(relative):
            continue
        label = name + "/" + relative.as_posix()
        if item.suffix.lower() != ".parquet" or sniff_format(item) != "parquet":
            problems.append(Problem("folder_other_file", label))
            continue
        folders = relative.parts[:-1]
        not_hive = [f for f in folders if "=" not in f or not f.split("=", 1)[0].strip()]
        if not_hive:
            problems.append(Problem("folder_not_hive", label, value=not_hive[0]))
            continue
        these = tuple(f.split("=", 1)[0] for f in folders)
        if keys is None:
            keys = these
        elif these != keys:
            problems.append(Problem("folder_keys_differ", label, params={
                "keys": "/".join(these) or "–", "expected": "/".join(keys) or "–"}))
            continue
        parts.append(item)
    if not parts and not problems:
        raise ImportRefused([Problem("folder_empty", name)])
    if problems:
        raise ImportRefused(capped(problems))
    columns: tuple[str, ...] | None = None
    for part in parts:
        label = name + "/" + part.relative_to(path).as_posix()
        try:
            these = tuple(pl.read_parquet_schema(part))
        except Exception as exc:  # noqa: BLE001 - any reader failure means the same thing to the user
            # The detail loses its first line's server path in safety.refusals, as a single file's does.
            problems.append(Problem("parquet_broken", label, params={"detail": str(exc) or type(exc).__name__}))
            continue
        if columns is None:
            columns = these
        elif these != columns:
            differing = next((c for c in these if c not in columns), None) or \
                next((c for c in columns if c not in these), None)
            problems.append(Problem("folder_columns_differ", label, None, differing, None, {
                "found": ", ".join(these) or "–", "expected": ", ".join(columns) or "–"}))
    if problems:
        raise ImportRefused(capped(problems))
    in_files = {header_key(c) for c in columns or ()}
    repeated = [k for k in keys or () if header_key(k) in in_files]
    if repeated:
        raise ImportRefused([Problem("folder_key_is_column", name + "/" + parts[0].relative_to(path).as_posix(),
                                     None, repeated[0])])
    return Folder(path, name, tuple(parts), keys or (), columns or ())
