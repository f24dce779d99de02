-- Monthly coverage of one area ($area_code: a province code, a regency code, or 'ID' for the
-- nation) on the $basis denominator, over every month in the database.
with

members as (
    select
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as rows_synthetic,
        array_to_string(list_sort(list(distinct m.batch_id) filter (where s.kind = 'import')), ', ')
            as import_batches
    from membership as m
    inner join regency as r using (regency_code)
    inner join source as s using (source_id)
    where $area_code = 'ID' or r.province_code = $area_code or r.regency_code = $area_code
    group by m.period
),

workers as (
    select
        w.period,
        sum(w.workers)::bigint as workers,
        bool_or(w.is_synthetic) as rows_synthetic,
        array_to_string(list_sort(list(distinct w.batch_id) filter (where s.kind = 'import')), ', ')
            as import_batches
    from workforce as w
    inner join regency as r using (regency_code)
    inner join source as s using (source_id)
    where w.basis = $basis
        and ($area_code = 'ID' or r.province_code = $area_code or r.regency_code = $area_code)
    group by w.period
),

anchors as (
    select
        period,
        bool_or(measure = 'active') as active_published,
        bool_or(measure = 'workers_' || $basis) as workers_published,
        bool_or(measure = 'workers_' || $basis and derivation = 'from_rate') as workers_from_rate,
        -- The rate a source printed for this area and month, as printed (the trend labels it).
        max(printed_rate_pct) filter (where measure in ('active', 'workers_' || $basis)) as printed_rate_pct
    from anchor
    where area_code = $area_code
    group by period
),

final as (
    select
        m.period,
        $area_code as area_code,
        $basis as basis,
        m.active,
        w.workers,
        100.0 * m.active / nullif(w.workers, 0) as rate_pct,
        not coalesce(a.active_published, false) and m.rows_synthetic as active_synthetic,
        not coalesce(a.workers_published, false) and w.rows_synthetic as workers_synthetic,
        -- As in area_coverage: the batches of imported rows, unless a published total stands.
        case when not coalesce(a.active_published, false) then m.import_batches end as active_import_batches,
        case when not coalesce(a.workers_published, false) then w.import_batches end as workers_import_batches,
        case when a.workers_from_rate then 'from_rate' end as workers_derivation,
        a.printed_rate_pct as workers_printed_rate_pct
    from members as m
    inner join workers as w using (period)
    left join anchors as a using (period)
)

select * from final
order by period
