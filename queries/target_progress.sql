-- The monthly series of the metric that target $target_id measures, in its area, over every
-- month in the database: value (a rate in percent, or a count), its numerator and denominator
-- (workers for people, the enterprise base for enrolment), and whether it is synthetic.
with

goal as (
    select * from target where target_id = $target_id
),

area_regencies as (
    select r.regency_code
    from regency as r
    inner join province as p using (province_code)
    cross join goal as g
    where g.area_level = 'national'
        or (g.area_level = 'kanwil' and p.kanwil_code = g.area_code)
        or (g.area_level = 'province' and r.province_code = g.area_code)
        or (g.area_level = 'regency' and r.regency_code = g.area_code)
),

members as (
    select
        period,
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as rows_synthetic
    from membership
    where regency_code in (select regency_code from area_regencies)
    group by period
),

workers as (
    select
        w.period,
        sum(w.workers)::bigint as workers,
        bool_or(w.is_synthetic) as rows_synthetic
    from workforce as w
    cross join goal as g
    where w.basis = coalesce(g.basis, 'ucj')
        and w.regency_code in (select regency_code from area_regencies)
    group by w.period
),

-- A published total for the whole area makes its month published whatever the split.
anchors as (
    select
        a.period,
        bool_or(a.measure = 'active') as active_published,
        bool_or(a.measure = 'workers_' || coalesce(g.basis, 'ucj')) as workers_published
    from anchor as a
    cross join goal as g
    where a.area_code = g.area_code
    group by a.period
),

enterprises as (
    select
        e.period,
        sum(e.enrolled)::bigint as enrolled,
        sum(e.enterprises)::bigint as enterprises,
        bool_or(e.is_synthetic) as rows_synthetic
    from enterprise as e
    cross join goal as g
    where e.regency_code in (select regency_code from area_regencies)
        and e.enterprise_kind = case g.metric when 'enrolled_umkm' then 'umkm' else 'koperasi' end
    group by e.period
),

people as (
    select
        m.period,
        case when g.metric = 'coverage_rate' then 100.0 * m.active / nullif(w.workers, 0)
            else m.active::double end as value,
        m.active as numerator,
        w.workers as denominator,
        (not coalesce(a.active_published, false) and m.rows_synthetic)
            or (g.metric = 'coverage_rate' and not coalesce(a.workers_published, false) and w.rows_synthetic)
            as is_synthetic
    from members as m
    inner join workers as w using (period)
    left join anchors as a using (period)
    cross join goal as g
    where g.metric in ('coverage_rate', 'active_participants')
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
