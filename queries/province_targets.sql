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

province_regencies as (
    select regency_code from regency where province_code = $province
),

members as (
    select
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as rows_synthetic
    from membership
    where period = $period::date
        and regency_code in (select regency_code from province_regencies)
),

workers as (
    select
        basis,
        sum(workers)::bigint as workers,
        bool_or(is_synthetic) as rows_synthetic
    from workforce
    where period = $period::date
        and regency_code in (select regency_code from province_regencies)
    group by basis
),

enrolled as (
    select
        'enrolled_' || enterprise_kind as metric,
        sum(enrolled)::bigint as enrolled,
        bool_or(is_synthetic) as rows_synthetic
    from enterprise
    where period = $period::date
        and regency_code in (select regency_code from province_regencies)
    group by enterprise_kind
),

-- A published province total keeps the month's figure published whatever its split.
anchors as (
    select
        bool_or(measure = 'active') as active_published,
        bool_or(measure = 'workers_ucj') as ucj_published,
        bool_or(measure = 'workers_bps') as bps_published
    from anchor
    where area_code = $province
        and period = $period::date
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
        s.title as source,
        s.as_of as source_as_of,
        case g.metric
            when 'coverage_rate' then 100.0 * m.active / nullif(w.workers, 0)
            when 'active_participants' then m.active::double
            else e.enrolled::double
        end as actual,
        case g.metric
            when 'coverage_rate' then
                (m.rows_synthetic and not coalesce(a.active_published, false))
                or (w.rows_synthetic and not coalesce(
                    case g.basis when 'ucj' then a.ucj_published else a.bps_published end, false))
            when 'active_participants' then m.rows_synthetic and not coalesce(a.active_published, false)
            else e.rows_synthetic
        end as actual_synthetic,
        g.scope_order
    from goals as g
    inner join source as s using (source_id)
    cross join members as m
    left join workers as w on w.basis = g.basis
    left join enrolled as e on e.metric = g.metric
    cross join anchors as a
)

select
    * exclude (scope_order),
    100.0 * actual / nullif(target_value, 0) as achieved_pct,
    actual - target_value as gap
from final
order by scope_order, metric, due_period, target_id
