-- The monthly series of the metric that target $target_id measures, in its area, over every
-- month in the database: value (a rate in percent, or a count), its numerator and denominator
-- (workers for people, the enterprise base for enrolment), and whether it is synthetic.
with

goal as (
    select * from target where target_id = $target_id
),

-- A count of people is flagged by its members only; a rate by both of its sides.
people as (
    select
        c.period,
        case when g.metric = 'coverage_rate' then c.rate_pct else c.active::double end as value,
        c.active as numerator,
        c.workers as denominator,
        c.active_synthetic or (g.metric = 'coverage_rate' and c.workers_synthetic) as is_synthetic
    from area_month_coverage as c
    inner join goal as g
        on c.area_level = g.area_level
        and c.area_code = g.area_code
        and c.basis = coalesce(g.basis, 'ucj')
    where g.metric in ('coverage_rate', 'active_participants')
),

enterprises as (
    select
        e.period,
        sum(e.enrolled)::bigint as enrolled,
        sum(e.enterprises)::bigint as enterprises,
        bool_or(e.is_synthetic) as rows_synthetic
    from enterprise as e
    inner join area_regency as ar using (regency_code)
    inner join goal as g on ar.area_level = g.area_level and ar.area_code = g.area_code
    where e.enterprise_kind = case g.metric when 'enrolled_umkm' then 'umkm' else 'koperasi' end
    group by e.period
),

enrolment as (
    select
        e.period,
        e.enrolled::double as value,
        e.enrolled as numerator,
        e.enterprises as denominator,
        e.rows_synthetic as is_synthetic
    from enterprises as e
    cross join goal as g
    where g.metric in ('enrolled_umkm', 'enrolled_koperasi')
),

final as (
    select * from people
    union all
    select * from enrolment
)

select * from final
order by period
