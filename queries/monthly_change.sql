-- Month-on-month change of coverage for every area of $level ('national', 'kanwil', 'province'
-- or 'regency') on the $basis denominator ('ucj' or 'bps'): $period against the month before it.
-- Active participants and workers are summed over the kabupaten/kota of each area, so the
-- levels add up; the rate is active ÷ workers in each month. `is_synthetic` is true when any
-- row of either month is demo data, published totals or not.
with

months as (
    select
        $period::date as period,
        ($period::date - interval 1 month)::date as period_before
),

-- Areas with at least one kabupaten/kota.
names as (
    select
        area_code,
        area_name,
        province_code,
        kanwil_code
    from area
    where area_level = $level
        and area_code in (select area_code from area_regency where area_level = $level)
),

rates as (
    select
        area_code,
        period,
        active,
        workers,
        rate_pct,
        active_rows_synthetic or workers_rows_synthetic as synthetic
    from area_month_coverage
    where area_level = $level
        and basis = $basis
        -- the months as values, not subqueries, so the filter reaches below the model's sums (on
        -- the members' side; one reference to the model still plans faster than one per month)
        and period in ($period::date, ($period::date - interval 1 month)::date)
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
