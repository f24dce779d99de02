"""Problems found in an imported file: where (file, row, column, value), what, and how to fix it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from cakupan import fmt
from cakupan.i18n import names_listed, t
from cakupan.provenance import as_printed

# Beyond this many problems of one kind, the rest are summed up in one line, so that a file
# with a wrong column in 40,000 rows produces a readable report rather than 40,000 lines.
MAX_PER_CODE = 25


class Figure(int):
    """A count or limit in a message, written the reader's way (10.000 / 10,000)."""


@dataclass(frozen=True)
class Problem:
    """One problem; `code` names the message pair import.problem.<code> / import.fix.<code>."""
    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: str | float | None = None  # a cell's text, or a rate read from it (written the reader's way)
    params: dict = field(default_factory=dict)
    severity: str = "error"

    def message(self, lang: str = "id") -> str:
        """What is wrong, with the value and any details filled in."""
        return t(f"import.problem.{self.code}", lang, value=self.shown_value(lang), column=self.column,
                 **_localised(self.params, lang))

    def fix(self, lang: str = "id") -> str:
        return t(f"import.fix.{self.code}", lang, value=self.shown_value(lang), column=self.column,
                 **_localised(self.params, lang))

    def shown_value(self, lang: str) -> str | None:
        """The value as the reader writes it: a rate read from a cell keeps the decimals it was
        written with (29,26 in Indonesian; its text '29.26' read as English in an Indonesian line)."""
        return as_printed(self.value, lang) if isinstance(self.value, float) else self.value

    def where(self, lang: str = "id") -> str:
        """'data.csv, row 7, column "kode"' (the parts that are known)."""
        parts = [self.file]
        if self.row is not None:
            parts.append(t("import.where.row", lang, row=self.row))
        if self.column is not None:
            parts.append(t("import.where.column", lang, column=self.column))
        return ", ".join(parts)

    def text(self, lang: str = "id") -> str:
        """The full line: where, what, value, fix."""
        value = "" if self.value is None else t("import.where.value", lang, value=_shorten(self.shown_value(lang)))
        label = t("import.warning" if self.severity == "warning" else "import.error", lang)
        return f"{label}: {self.where(lang)}{value}: {self.message(lang)} {t('import.fix', lang)}: {self.fix(lang)}"

    def detail_json(self) -> str:
        return json.dumps({"code": self.code, "params": self.params}, ensure_ascii=False, sort_keys=True, default=str)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` holds every error found (and any warnings)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.text("en"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def text(self, lang: str = "id") -> str:
        return "\n".join(p.text(lang) for p in self.problems)


def capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PER_CODE problems per code and column, then one line saying how many more."""
    seen: dict[tuple, int] = {}
    out: list[Problem] = []
    for p in problems:
        key = (p.code, p.column, p.severity)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= MAX_PER_CODE:
            out.append(p)
    for (code, column, severity), n in seen.items():
        if n > MAX_PER_CODE:
            first = next(p for p in problems if (p.code, p.column, p.severity) == (code, column, severity))
            out.append(Problem("more", first.file, None, column, None, {"n": n - MAX_PER_CODE}, severity))
    return out


def _localised(params: dict, lang: str) -> dict:
    """Counts in the message's language (51.495 in Indonesian, 51,495 in English); row numbers
    stay plain, as the spreadsheet shows them."""

    def one(key: str, value):
        if isinstance(value, bool) or key.endswith("row"):
            return value
        if isinstance(value, date):
            return fmt.month(value, lang)
        if isinstance(value, (list, tuple)):
            return names_listed([str(v) for v in value], lang)  # 'A, B dan C
        if isinstance(value, int):
            return fmt.number(value, lang)
        if isinstance(value, float):
            return fmt.number(value, lang, 2)
        return value

    return {k: one(k, v) for k, v in params.items()}


def _shorten(value: str, limit: int = 60) -> str:
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    # Control, direction and invisible characters are shown as their code, never sent to a terminal.
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
