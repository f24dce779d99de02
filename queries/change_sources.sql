-- The publications behind each area's own published figures in the 12 months a change spans
-- (both ends included), per part, for the areas of $level ('province', 'regency', 'kanwil' or
-- 'national') within $province ('all' or a code), on the $basis denominator, for one $segment and
-- $kind (the parameters of area_coverage, whose rows these go beside): the area's published
-- totals, and at kab/kota level its rows' cited sources (imports and the demo fill are not
-- publications). Two or more for one part mean a 12-month change runs across figures from
-- different publications and may reflect the source, not the trend (review 3 F9: Papua Barat's
-- Merdeka count of December 2024, then ANTARA's of June 2025); provenance.change_sources reads
-- them. A query of its own, asked only where a change is printed with this note (the briefings and
-- Tinjauan Wilayah): inside area_coverage it cost every map a quarter more.
with

scoped_areas as (
    select area_code
    from area
    where area_level = $level
        and ($province = 'all' or province_code = $province)
),

regency_area as (
    select
        regency_code,
        area_code
    from area_regency
    where area_level = $level
),

window_sources as (
    select
        area_code,
        part,
        list_sort(list_distinct(list(title))) as titles
    from (
        select
            area_code,
            case when measure = 'active' then 'active' else 'workers' end as part,
            source as title
        from anchor_published
        where period between ($period::date - interval 12 month)::date and $period::date
            and measure in ('active', 'workers_' || $basis)
            and import_batch is null
            and $segment = 'all'
            and $kind = 'all'
        union all
        select ra.area_code, 'active', s.title
        from membership as m
        inner join regency_area as ra using (regency_code)
        inner join source as s using (source_id)
        where $level = 'regency'
            and m.period between ($period::date - interval 12 month)::date and $period::date
            and not m.is_synthetic
            and s.kind <> 'import'
            and ($segment = 'all' or m.segment = $segment)
            and ($kind = 'all' or m.enterprise_kind = $kind)
        union all
        select ra.area_code, 'workers', s.title
        from workforce as w
        inner join regency_area as ra using (regency_code)
        inner join source as s using (source_id)
        where $level = 'regency'
            and w.basis = $basis
            and w.period between ($period::date - interval 12 month)::date and $period::date
            and not w.is_synthetic
            and s.kind <> 'import'
    )
    group by all
)

select
    sa.area_code,
    wa.titles as active_sources_12m,
    ww.titles as workers_sources_12m
from scoped_areas as sa
left join window_sources as wa on wa.area_code = sa.area_code and wa.part = 'active'
left join window_sources as ww on ww.area_code = sa.area_code and ww.part = 'workers'
order by sa.area_code
