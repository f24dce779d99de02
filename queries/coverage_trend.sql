-- Monthly coverage of one area ($area_code: the nation 'ID', a Kanwil, a province or a
-- kabupaten/kota) on the $basis denominator, over every month in the database.
with

final as (
    select
        period,
        area_code,
        basis,
        active,
        workers,
        rate_pct,
        active_synthetic,
        workers_synthetic,
        active_import_batches,
        workers_import_batches,
        case when workers_derivation = 'from_rate' then 'from_rate' end as workers_derivation,
        printed_rate_pct as workers_printed_rate_pct
    from area_month_coverage
    where area_code = $area_code
        and basis = $basis
)

select * from final
order by period
