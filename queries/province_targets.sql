-- Targets that bear on province $province and are not yet due at $period: its own targets
-- (any metric), and the coverage-rate targets of its Kanwil and of the nation. Each comes with
-- the province's value at $period on the target's own metric and basis, so it can be compared.
with

scope as (
    select province_code, kanwil_code
    from province
    where province_code = $province
),

goals as (
    select
        t.*,
        case t.area_level when 'province' then 1 when 'kanwil' then 2 else 3 end as scope_order
    from target as t
    cross join scope as s
    where t.due_period >= $period::date
        and (
            (t.area_level = 'province' and t.area_code = s.province_code)
            or (t.area_level = 'kanwil' and t.area_code = s.kanwil_code and t.metric = 'coverage_rate')
            or (t.area_level = 'national' and t.metric = 'coverage_rate')
        )
),

-- The province's coverage on each basis; a published province total keeps its part published.
coverage as (
    select
        basis,
        active,
        rate_pct,
        active_synthetic,
        workers_synthetic
    from area_month_coverage
    where area_level = 'province'
        and area_code = $province
        and period = $period::date
),

enrolled as (
    select
        'enrolled_' || e.enterprise_kind as metric,
        sum(e.enrolled)::bigint as enrolled,
        bool_or(e.is_synthetic) as rows_synthetic
    from enterprise as e
    inner join area_regency as ar using (regency_code)
    where ar.area_level = 'province'
        and ar.area_code = $province
        and e.period = $period::date
    group by e.enterprise_kind
),

final as (
    select
        g.target_id,
        g.set_by,
        g.setter_kind,
        g.area_level,
        g.metric,
        g.basis,
        g.target_value,
        g.start_period,
        g.due_period,
        g.is_synthetic as target_synthetic,
        g.note as target_note,
        s.title as source,
        s.url as source_url,
        s.as_of as source_as_of,
        case g.metric
            when 'coverage_rate' then c.rate_pct
            when 'active_participants' then c.active::double
            when 'enrolled_umkm' then e.enrolled::double
            when 'enrolled_koperasi' then e.enrolled::double
        end as actual,
        -- A metric with no series here (registered participants) has no actual, so no progress or gap.
        case g.metric
            when 'coverage_rate' then c.active_synthetic or c.workers_synthetic
            when 'active_participants' then c.active_synthetic
            when 'enrolled_umkm' then e.rows_synthetic
            when 'enrolled_koperasi' then e.rows_synthetic
        end as actual_synthetic,
        g.scope_order
    from goals as g
    inner join source as s using (source_id)
    -- a count of people has no basis: its members are the same on either
    left join coverage as c on c.basis = coalesce(g.basis, 'ucj')
    left join enrolled as e on e.metric = g.metric
)

select
    * exclude (scope_order),
    100.0 * actual / nullif(target_value, 0) as achieved_pct,
    actual - target_value as gap
from final
order by scope_order, metric, due_period, target_id
