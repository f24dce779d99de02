"""Where a map view stands and how it drills: national, Kanwil, province, kabupaten/kota."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from cakupan.choices import ALL, LEVELS


@dataclass(frozen=True)
class View:
    """Where the explorer stands: the map level, the drilled province, the selected area, the Kanwil.

    `province` and `area` are "all" when nothing is chosen; `area` is a province or regency code.
    """
    level: str = "province"
    province: str = ALL
    area: str = ALL
    kanwil: str = ALL

    def params(self) -> dict[str, str]:
        return {"level": self.level, "province": self.province, "area": self.area, "kanwil": self.kanwil}


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb: its label and the view it leads back to (None: where we are)."""
    label: str
    view: View | None


def province_of(code: str) -> str:
    """The province code of a province or regency code ("52.71" -> "52")."""
    return code[:2]


def normalise(view: View, kanwil_of: dict[str, str]) -> View:
    """A consistent view from URL values that may disagree.

    A drilled province always draws its kabupaten/kota; an area outside the drilled province
    moves the drill there; a province outside the chosen Kanwil switches the Kanwil to its own.
    `kanwil_of` maps every province code to its Kanwil code; unknown codes are dropped.
    """
    level = view.level if view.level in LEVELS else "province"
    province = view.province if view.province in kanwil_of else ALL
    area = view.area
    if area != ALL and province_of(area) not in kanwil_of:
        area = ALL
    if area != ALL and province_of(area) != province:
        province = province_of(area)
    kanwil = view.kanwil if view.kanwil == ALL or view.kanwil in kanwil_of.values() else ALL
    if province != ALL:
        level = "regency"
        if kanwil != ALL and kanwil_of[province] != kanwil:
            kanwil = kanwil_of[province]
    return View(level, province, area, kanwil)


def drill(view: View, code: str) -> View:
    """The view after a click on the map area `code`: a province opens its kabupaten/kota, and a
    kabupaten/kota is selected (inside its province, so the breadcrumb reads nation › province › it)."""
    if "." not in code:
        return View("regency", code, code, view.kanwil)
    return View("regency", province_of(code), code, view.kanwil)


def with_level(view: View, level: str) -> View:
    """The view after the level switch: back to the national (or Kanwil) map at that level."""
    if level == view.level:
        return view
    return View(level, ALL, ALL, view.kanwil)


def with_kanwil(view: View, kanwil: str) -> View:
    """The view after choosing a Kanwil: its map at the current level, nothing drilled."""
    if kanwil == view.kanwil:
        return view
    return View(view.level if view.province == ALL else "province", ALL, ALL, kanwil)


CODE = re.compile(r"\d\d(\.\d\d)?")  # a Kemendagri province (52) or kabupaten/kota (52.71) code


def clicked_code(selection: dict | None) -> str | None:
    """The area code of the first clicked shape in a Plotly selection state, or None.

    Streamlit returns Choropleth points as {"curve_number", "point_index", "location", "z", ...}.
    """
    points = (selection or {}).get("points") or []
    for point in points:
        code = point.get("location")
        if isinstance(code, str) and code:
            return code
        # A dot drawn over a small area (figures.maps.province_panels) carries its code last in customdata.
        extra = point.get("customdata")
        if isinstance(extra, list) and extra and isinstance(extra[-1], str) and CODE.fullmatch(extra[-1]):
            return extra[-1]
    return None


def breadcrumb(view: View, names: dict[str, str], kanwil_names: dict[str, str], national: str) -> list[Crumb]:
    """Indonesia › [Kanwil] › province › kabupaten/kota; every step but the last leads back up."""
    steps = [(national, View("province", ALL, ALL, ALL))]
    if view.kanwil != ALL:
        steps.append((kanwil_names.get(view.kanwil, view.kanwil), View("province", ALL, ALL, view.kanwil)))
    if view.province != ALL:
        steps.append((names.get(view.province, view.province), View("regency", view.province, view.province,
                                                                     view.kanwil)))
    if view.area != ALL and view.area != view.province:
        steps.append((names.get(view.area, view.area), View("regency", view.province, view.area, view.kanwil)))
    crumbs = [Crumb(label, target) for label, target in steps]
    crumbs[-1] = Crumb(crumbs[-1].label, None)
    return crumbs


def scope(frame: pl.DataFrame, view: View) -> pl.DataFrame:
    """The rows of an area_coverage result that the map of `view` draws."""
    if view.province != ALL:
        return frame.filter(pl.col("province_code") == view.province)
    if view.kanwil != ALL:
        return frame.filter(pl.col("kanwil_code") == view.kanwil)
    return frame


def search_labels(regencies: pl.DataFrame, province_word: str) -> dict[str, str]:
    """Every province and kabupaten/kota as a search entry, code → label, provinces first. The label
    holds the name and the code, so typing either finds it: 'Nusa Tenggara Barat · provinsi · 52',
    'Kota Mataram · Nusa Tenggara Barat · 52.71' (rows of the regencies query)."""
    provinces = regencies.select("province_code", "province_name").unique().sort("province_code")
    labels = {code: f"{name} · {province_word} · {code}" for code, name in provinces.iter_rows()}
    labels.update({r["regency_code"]: f"{r['name']} · {r['province_name']} · {r['regency_code']}"
                   for r in regencies.iter_rows(named=True)})
    return labels


def search_view(code: str, kanwil_of: dict[str, str]) -> View:
    """The explorer view a search result opens: a province drilled to its kabupaten/kota with the
    province selected, or a kabupaten/kota selected inside its province."""
    return normalise(drill(View(), code), kanwil_of)
