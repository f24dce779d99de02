"""The one typeface Cakupan prints and draws with: Source Sans 3, shipped in static/fonts (SIL OFL 1.1).

The PDFs (briefing, RAT) embed the shipped TrueType files, and the chart exports render in a
Chromium whose fontconfig sees only the shipped folder, so a chart on screen, its PNG/SVG/PDF and
the briefing are set in the same letters on every machine, whatever fonts the system has.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "Source Sans 3"
# On screen Streamlit already serves the same design as "Source Sans"; exports find "Source Sans 3".
# Quoted: as CSS, a bare name with a word that starts with a digit ("3") is invalid, and a browser
# then dropped the whole list and drew every chart in plotly's default font instead.
STACK = f'"{FAMILY}", "Source Sans", sans-serif'
REGULAR = FONT_DIR / "SourceSans3-Regular.ttf"
BOLD = FONT_DIR / "SourceSans3-Bold.ttf"


def files() -> tuple[str, str]:
    """The regular and bold TrueType files, checked to be there (a clone without them is broken)."""
    missing = [p.name for p in (REGULAR, BOLD) if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"the project's font files are missing ({', '.join(missing)}); "
                                "restore static/fonts from the repository")
    return str(REGULAR), str(BOLD)


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig configuration in `folder` that knows only the shipped fonts and maps every
    generic family to them (fontconfig keeps its cache beside it)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    aliases = "".join(f"<alias><family>{name}</family><prefer><family>{escape(FAMILY)}</family></prefer></alias>"
                      for name in ("sans-serif", "serif", "monospace", "Source Sans", "Arial", "Helvetica"))
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{escape(str(FONT_DIR))}</dir><cachedir>{escape(str(folder / 'cache'))}</cachedir>"
        f"{aliases}</fontconfig>\n", encoding="utf-8")
    return config


_config: Path | None = None


def use_shipped_fonts_for_browsers() -> None:
    """Point fontconfig, for browsers this process starts from now on (kaleido's Chromium), at the
    shipped fonts only. Environment variables are how Chromium's fontconfig is configured."""
    global _config
    if _config is None or not _config.is_file():
        # One folder per process, removed when it ends: every server, test and export process
        # used to leave its own behind in the temporary folder (269 on one busy day's machine).
        folder = Path(tempfile.mkdtemp(prefix="cakupan-fonts-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _config = fontconfig_file(folder)
    os.environ["FONTCONFIG_FILE"] = str(_config)
