"""Tinjauan Wilayah: one Kanwil's map, ranking, trends, where to act, and two months compared."""


from cakupan import app, views
from cakupan import views_explorer as vx

lang = app.language()
periods = views.page_start("page.regional", "reg.intro", lang)
geo = vx.geography(periods[0])
review = vx.regional_filters(periods, geo, lang)
app.remember(lang=lang, **review.params())
vx.regional_review(review, geo, lang)
