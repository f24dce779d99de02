-- Month-on-month change of coverage for every area of $level ('national', 'kanwil', 'province'
-- or 'regency') on the $basis denominator ('ucj' or 'bps'): $period against the month before it.
-- Active participants and workers are summed over the kabupaten/kota of each area, so the
-- levels add up; the rate is active ÷ workers in each month.
with

months as (
    select
        $period::date as period,
        ($period::date - interval 1 month)::date as period_before
),

areas as (
    select
        r.regency_code,
        case $level
            when 'national' then 'ID'
            when 'kanwil' then p.kanwil_code
            when 'province' then p.province_code
            else r.regency_code
        end as area_code,
        case $level
            when 'national' then 'Indonesia'
            when 'kanwil' then k.name
            when 'province' then p.short_name
            else r.name
        end as area_name,
        case when $level in ('province', 'regency') then p.province_code end as province_code,
        case when $level <> 'national' then p.kanwil_code end as kanwil_code
    from regency as r
    inner join province as p using (province_code)
    inner join kanwil as k using (kanwil_code)
),

active as (
    select
        a.area_code,
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as synthetic
    from membership as m
    inner join areas as a using (regency_code)
    where m.period in ((select period from months), (select period_before from months))
    group by all
),

workers as (
    select
        a.area_code,
        w.period,
        sum(w.workers)::bigint as workers,
        bool_or(w.is_synthetic) as synthetic
    from workforce as w
    inner join areas as a using (regency_code)
    where w.basis = $basis
        and w.period in ((select period from months), (select period_before from months))
    group by all
),

rates as (
    select
        a.area_code,
        a.period,
        a.active,
        w.workers,
        100.0 * a.active / nullif(w.workers, 0) as rate_pct,
        a.synthetic or w.synthetic as synthetic
    from active as a
    inner join workers as w using (area_code, period)
),

names as (
    select distinct area_code, area_name, province_code, kanwil_code
    from areas
),

final as (
    select
        n.area_code,
        n.area_name,
        n.province_code,
        n.kanwil_code,
        (select period from months) as period,
        (select period_before from months) as period_before,
        now_.active,
        now_.workers,
        now_.rate_pct,
        before.active as active_before,
        before.workers as workers_before,
        before.rate_pct as rate_before_pct,
        now_.rate_pct - before.rate_pct as rate_change_pts,
        now_.active - before.active as active_change,
        now_.workers - before.workers as workers_change,
        coalesce(now_.synthetic or before.synthetic, now_.synthetic, before.synthetic) as is_synthetic
    from names as n
    left join rates as now_ on now_.area_code = n.area_code and now_.period = (select period from months)
    left join rates as before on before.area_code = n.area_code
        and before.period = (select period_before from months)
)

select * from final
order by area_code
