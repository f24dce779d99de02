-- Monthly coverage of every province of $kanwil ('all' or a Kanwil code) on the $basis
-- denominator, over every month in the database: one row per province and month. A month is
-- published for a province when an anchor holds that province's total for it. Each part names its
-- sources as coverage_trend does (the published total's, else its kabupaten/kota rows'), and
-- carries what labels each month as coverage_trend's rows do: the import batches behind each part,
-- a part derived from a printed rate, and that rate.
with

provinces as (
    select
        province_code,
        short_name as province_name
    from province
    where $kanwil = 'all' or kanwil_code = $kanwil
),

final as (
    select
        p.province_code,
        p.province_name,
        c.period,
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
    from provinces as p
    inner join area_month_coverage as c on c.area_code = p.province_code
    where c.area_level = 'province'
        and c.basis = $basis
)

select * from final
order by province_code, period
