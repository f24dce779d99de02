-- The monthly series of the metric that target $target_id measures, in its area, over every
-- month in the database: value (a rate in percent, or a count), its numerator and denominator
-- (workers for people, the enterprise base for enrolment), and whether it is synthetic.
-- The caller also passes the target's $area_level, $area_code and $basis (its basis, or 'ucj'):
-- as constants they reach below the model's sums, so only the target's own area is added up.
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
    cross join goal as g
    where c.area_level = $area_level
        and c.area_code = $area_code
        and c.basis = $basis
        and g.metric in ('coverage_rate', 'active_participants')
),

enterprises as (
    select
        e.period,
        sum(e.enrolled)::bigint as enrolled,
        sum(e.enterprises)::bigint as enterprises,
        bool_or(e.is_synthetic) as rows_synthetic
    from enterprise as e
    inner join area_regency as ar using (regency_code)
    cross join goal as g
    where ar.area_level = $area_level
        and ar.area_code = $area_code
        and e.enterprise_kind = case g.metric when 'enrolled_umkm' then 'umkm' else 'koperasi' end
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
