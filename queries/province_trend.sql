-- Monthly coverage of every province of $kanwil ('all' or a Kanwil code) on the $basis
-- denominator, over every month in the database: one row per province and month. A month is
-- published for a province when an anchor holds that province's total for it. Each part names its
-- sources as coverage_trend does (the published total's, else its kabupaten/kota rows').
with

provinces as (
    select
        province_code,
        short_name as province_name
    from province
    where $kanwil = 'all' or kanwil_code = $kanwil
),

member_sources as (
    select
        left(m.regency_code, 2) as province_code,
        m.period,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources
    from membership as m
    inner join source as s using (source_id)
    where left(m.regency_code, 2) in (select province_code from provinces)
    group by all
),

worker_sources as (
    select
        left(w.regency_code, 2) as province_code,
        w.period,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources
    from workforce as w
    inner join source as s using (source_id)
    where w.basis = $basis
        and left(w.regency_code, 2) in (select province_code from provinces)
    group by all
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
        coalesce(c.active_source, ms.row_sources) as active_source,
        coalesce(c.workers_source, ws.row_sources) as workers_source
    from provinces as p
    inner join area_month_coverage as c on c.area_code = p.province_code
    left join member_sources as ms on ms.province_code = p.province_code and ms.period = c.period
    left join worker_sources as ws on ws.province_code = p.province_code and ws.period = c.period
    where c.area_level = 'province'
        and c.basis = $basis
)

select * from final
order by province_code, period
