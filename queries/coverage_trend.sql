-- Monthly coverage of one area ($area_code: the nation 'ID', a Kanwil, a province or a
-- kabupaten/kota) on the $basis denominator, over every month in the database. Each part names
-- its sources as area_coverage does: the publication of a published total where one stands, else
-- the distinct sources of the kabupaten/kota rows (joined with ' | '), so that an exported trend
-- cites its own months' sources.
with

regencies as (
    select regency_code
    from area_regency
    where area_code = $area_code
),

member_sources as (
    select
        m.period,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources
    from membership as m
    inner join regencies using (regency_code)
    inner join source as s using (source_id)
    group by m.period
),

worker_sources as (
    select
        w.period,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources
    from workforce as w
    inner join regencies using (regency_code)
    inner join source as s using (source_id)
    where w.basis = $basis
    group by w.period
),

final as (
    select
        c.period,
        c.area_code,
        c.basis,
        c.active,
        c.workers,
        c.rate_pct,
        c.active_synthetic,
        c.workers_synthetic,
        c.active_import_batches,
        c.workers_import_batches,
        case when c.workers_derivation = 'from_rate' then 'from_rate' end as workers_derivation,
        c.printed_rate_pct as workers_printed_rate_pct,
        coalesce(c.active_source, ms.row_sources) as active_source,
        coalesce(c.workers_source, ws.row_sources) as workers_source
    from area_month_coverage as c
    left join member_sources as ms using (period)
    left join worker_sources as ws using (period)
    where c.area_code = $area_code
        and c.basis = $basis
)

select * from final
order by period
