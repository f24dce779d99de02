"""The one catalogue of user-facing text, Bahasa Indonesia first, English second.

Messages live in cakupan/locale/*.toml, one file per feature, merged here; a key may be
defined only once across all files.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@lru_cache(maxsize=1)
def messages() -> dict[str, tuple[str, str]]:
    """Every message key with its (Indonesian, English) text."""
    merged: dict[str, tuple[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.toml")):
        for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"{path.name}: message key {key!r} is already defined in another file")
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) and v for v in value)):
                raise ValueError(f"{path.name}: {key!r} must be [\"Indonesian\", \"English\"], both non-empty")
            merged[key] = (value[0], value[1])
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for a key in the given language, with placeholders filled."""
    text = messages()[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def names_listed(names: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'A', 'A dan B', 'A, B dan C' ('and' in English)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + t("kbriefing.story.and", lang) + names[-1]
