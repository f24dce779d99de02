-- Monthly coverage of every province of $kanwil ('all' or a Kanwil code) on the $basis
-- denominator, over every month in the database: one row per province and month. A month is
-- published for a province when an anchor holds that province's total for it.
with

provinces as (
    select
        province_code,
        short_name as province_name
    from province
    where $kanwil = 'all' or kanwil_code = $kanwil
),

members as (
    select
        r.province_code,
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as rows_synthetic
    from membership as m
    inner join regency as r using (regency_code)
    where r.province_code in (select province_code from provinces)
    group by all
),

workers as (
    select
        r.province_code,
        w.period,
        sum(w.workers)::bigint as workers,
        bool_or(w.is_synthetic) as rows_synthetic
    from workforce as w
    inner join regency as r using (regency_code)
    where w.basis = $basis
        and r.province_code in (select province_code from provinces)
    group by all
),

anchors as (
    select
        area_code as province_code,
        period,
        bool_or(measure = 'active') as active_published,
        bool_or(measure = 'workers_' || $basis) as workers_published
    from anchor
    group by all
),

final as (
    select
        p.province_code,
        p.province_name,
        m.period,
        m.active,
        w.workers,
        100.0 * m.active / nullif(w.workers, 0) as rate_pct,
        not coalesce(a.active_published, false) and m.rows_synthetic as active_synthetic,
        not coalesce(a.workers_published, false) and w.rows_synthetic as workers_synthetic
    from provinces as p
    inner join members as m using (province_code)
    inner join workers as w using (province_code, period)
    left join anchors as a using (province_code, period)
)

select * from final
order by province_code, period
