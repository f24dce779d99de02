"""Boundary layers for Cakupan: pinned sources and the build that turns them into GeoJSON."""
