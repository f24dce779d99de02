"""Official boundaries in: rebuild the province or regency map layer from a GeoJSON, GeoPackage or Shapefile.

Everything is checked before a byte of the current layer changes: the CRS (reprojected to
EPSG:4326), the code column and its codes (Kemendagri, or BPS through a crosswalk), missing
and unknown codes, invalid geometries (repaired where make_valid gives a polygon, reported
where it cannot), and the size after simplification. The layer is then rebuilt with the same
coverage simplification, grid and clockwise rings as geo/build.py, written to a temporary file
next to the current one and moved over it in one step, so a failure leaves it untouched.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from cakupan.boundaries import LAYER_FILES
from cakupan.i18n import t
from cakupan.importer.areas import Reference, bps_code, kemendagri_code, load_crosswalk
from cakupan.importer.problems import ImportRefused, Problem, capped

SEEDS = Path(__file__).resolve().parent.parent.parent / "data" / "seeds"
# Larger layers make every map slow to send to the browser; the approximate ones are 0.3 and 0.75 MB.
MAX_LAYER_BYTES = {"province": 2_000_000, "regency": 4_000_000}
METADATA_FILE = "boundaries.json"


def seed_reference() -> Reference:
    """The code lists from the committed seeds (the same ones the database is built from)."""
    with open(SEEDS / "province.csv", encoding="utf-8") as f:
        provinces = {r["province_code"]: r["name"] for r in csv.DictReader(f)}
    with open(SEEDS / "regency.csv", encoding="utf-8") as f:
        regencies = {r["regency_code"]: (r["province_code"], r["name"]) for r in csv.DictReader(f)}
    return Reference(regencies, provinces, frozenset())


def import_boundaries(path: Path, level: str, code_column: str, geo_dir: Path, code_system: str = "kemendagri",
                      crosswalk: Path | None = None, source_title: str | None = None, dry_run: bool = False,
                      file_name: str | None = None) -> dict:
    """Validate a boundary file and (unless a dry run) replace one layer; returns a report."""
    import geopandas as gpd
    import shapely

    from geo.build import feature_collection, simplify_layer

    path, geo_dir = Path(path), Path(geo_dir)
    file = file_name or path.name
    reference = seed_reference()
    mapping = None
    if code_system == "bps":
        if crosswalk is None:
            raise ImportRefused([Problem("bps_needs_crosswalk", file)])
        mapping = load_crosswalk(crosswalk, reference)
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the same to the user
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise ImportRefused([Problem("boundary_unreadable", file, params={"detail": detail})]) from None
    if frame.empty:
        raise ImportRefused([Problem("empty", file)])
    if code_column not in frame.columns:
        raise ImportRefused([Problem("boundary_no_code_column", file, None, code_column, None,
                                     {"found": ", ".join(c for c in frame.columns if c != "geometry")})])
    if frame.crs is None:
        raise ImportRefused([Problem("boundary_no_crs", file)])
    source_crs = frame.crs.to_string()
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)

    expected = reference.provinces if level == "province" else reference.regencies
    problems, warnings, shapes = [], [], {}
    for i, (raw_code, geometry) in enumerate(zip(frame[code_column], frame.geometry), start=1):
        # A code column read as numbers (52.0, 5271.0) is turned back into digits, not guessed at.
        if isinstance(raw_code, (int, float)) and not isinstance(raw_code, bool) and raw_code == raw_code:
            text = str(int(raw_code)) if float(raw_code).is_integer() else str(raw_code)
        else:
            text = "" if raw_code is None or raw_code != raw_code else str(raw_code).strip()
        code, problem = _code(text, level, code_system, mapping, expected)
        if problem:
            problems.append(Problem(problem, file, i, code_column, text))
            continue
        if geometry is None or geometry.is_empty:
            problems.append(Problem("boundary_empty_geometry", file, i, code_column, text))
            continue
        if shapely.get_type_id(geometry) not in (3, 6):
            problems.append(Problem("boundary_not_polygon", file, i, code_column, text,
                                    {"kind": geometry.geom_type}))
            continue
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            repaired = _polygonal(shapely.make_valid(geometry))
            if repaired.is_empty:
                problems.append(Problem("boundary_invalid", file, i, code_column, text, {"reason": reason}))
                continue
            warnings.append(Problem("boundary_repaired", file, i, code_column, text, {"reason": reason}, "warning"))
            geometry = repaired
        if code in shapes:
            warnings.append(Problem("boundary_dissolved", file, i, code_column, text, {}, "warning"))
            geometry = _polygonal(shapely.union_all([shapes[code], geometry]))
        shapes[code] = geometry
    missing = sorted(set(expected) - set(shapes))
    if missing:
        names = ", ".join(f"{c} {_name(expected[c])}" for c in missing[:12])
        problems.append(Problem("boundary_missing_codes", file, None, code_column, None,
                                {"n": len(missing), "codes": names + (" …" if len(missing) > 12 else "")}))
    if problems:
        raise ImportRefused(capped(problems) + capped(warnings))

    codes = sorted(expected)
    try:
        layer, tolerance = simplify_layer([shapes[c] for c in codes], set())
    except ValueError as exc:
        raise ImportRefused([Problem("boundary_simplify", file, params={"detail": str(exc)})]) from None
    rows = [{"code": c, "name": _name(expected[c]), "province_code": c if level == "province" else expected[c][0],
             "approximate": False} for c in codes]
    content = feature_collection(rows, layer)
    if len(content) > MAX_LAYER_BYTES[level]:
        raise ImportRefused([Problem("boundary_too_large", file, params={
            "size_mb": f"{len(content) / 1e6:.1f}", "limit_mb": f"{MAX_LAYER_BYTES[level] / 1e6:.1f}"})])
    report = {"file": file, "level": level, "features": len(rows), "source_crs": source_crs,
              "tolerance": tolerance, "bytes": len(content), "warnings": warnings, "written": False,
              "path": str(geo_dir / LAYER_FILES[level])}
    if dry_run:
        return report
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).is_file() else None
    meta_path = geo_dir / METADATA_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta = _metadata(meta, level, file, sha, source_title or file, source_crs, tolerance, content, len(rows))
    _replace({geo_dir / LAYER_FILES[level]: content,
              meta_path: (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")})
    report["written"] = True
    return report


def describe(report: dict, lang: str) -> list[str]:
    """The command line's summary of a boundary import."""
    lines = [w.text(lang) for w in report["warnings"]]
    lines.append(t("import.boundary.summary", lang, file=report["file"], level=report["level"],
                   features=report["features"], crs=report["source_crs"], tolerance=report["tolerance"],
                   kb=f"{report['bytes'] / 1024:,.0f}"))
    lines.append(t("import.boundary.written" if report["written"] else "import.boundary.dry_run", lang,
                   path=report["path"]))
    return lines


def _code(text: str, level: str, system: str, mapping: dict | None, expected: dict) -> tuple[str | None, str | None]:
    if not text:
        return None, "empty_cell"
    if system == "bps":
        code = (mapping or {}).get(bps_code(text))
        if code is None:
            return None, "unknown_bps_code"
    else:
        code, bad = kemendagri_code(text)
        if bad:
            return None, bad
    if code not in expected:
        other_level = (len(code) == 2) != (level == "province")
        return None, "boundary_wrong_level" if other_level else "unknown_code"
    return code, None


def _name(entry) -> str:
    return entry[1] if isinstance(entry, tuple) else entry


def _polygonal(shape):
    from geo.build import _polygonal as polygonal

    return polygonal(shape)


def _metadata(meta: dict, level: str, file: str, sha: str | None, title: str, crs: str, tolerance: float,
              content: bytes, features: int) -> dict:
    """The layer's provenance: the imported file, and a credit line that names it."""
    name = LAYER_FILES[level]
    imports = dict(meta.get("imports", {}))
    imports[level] = {"file": file, "sha256": sha, "source_title": title, "source_crs": crs,
                      "simplify_tolerance_degrees": tolerance,
                      "imported_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    outputs = dict(meta.get("outputs", {}))
    outputs[name] = {"features": features, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    credit = {}
    for lang in ("id", "en"):
        lines = [t(f"import.boundary.credit.{lvl}", lang, title=imports[lvl]["source_title"]) for lvl in
                 ("province", "regency") if lvl in imports]
        base = meta.get("approximate_credit", meta["credit"])[lang]
        credit[lang] = " ".join(lines) + (" " + t("import.boundary.credit.rest", lang, base=base)
                                         if len(imports) < 2 else "")
    return {**meta, "approximate_credit": meta.get("approximate_credit", meta["credit"]), "credit": credit,
            "imports": imports, "outputs": outputs}


def _replace(files: dict[Path, bytes]) -> None:
    """Write every file next to its target and flush it to disk, then rename each over its target
    (atomic per file on one file system); on any failure nothing is renamed and no temporary file
    is left."""
    staged = []
    try:
        for target, content in files.items():
            fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", dir=target.parent)
            staged.append((tmp, target))
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
