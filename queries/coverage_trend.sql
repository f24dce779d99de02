-- Monthly coverage of one area ($area_code: the nation 'ID', a Kanwil, a province or a
-- kabupaten/kota) on the $basis denominator, over every month in the database. Each part names
-- its sources as area_coverage does: the publication of a published total where one stands, else
-- the distinct sources of the kabupaten/kota rows (joined with ' | '), so that an exported trend
-- cites its own months' sources.
with

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
        c.workers_printed_rate_pct,
        case when c.active_derivation = 'from_rate' then 'from_rate' end as active_derivation,
        c.active_printed_rate_pct,
        coalesce(c.active_source, c.active_row_sources) as active_source,
        coalesce(c.workers_source, c.workers_row_sources) as workers_source
    from area_month_coverage as c
    where c.area_code = $area_code
        and c.basis = $basis
)

select * from final
order by period
