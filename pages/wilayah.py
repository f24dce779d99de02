"""Tinjauan Wilayah: one Kanwil's map, ranking, trends, where to act, and two months compared."""


from cakupan.ui import cache, state, widgets, wilayah

lang = state.language()
periods = widgets.page_start("page.regional", "reg.intro", lang)
geo = cache.geography(periods[0])
review = wilayah.regional_filters(periods, geo, lang)
state.remember(lang=lang, **review.params())
wilayah.regional_review(review, geo, lang)
