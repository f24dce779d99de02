-- Coverage of every province for $period on the $basis denominator ('ucj' or 'bps'),
-- with the same figures 12 months earlier and the provenance of numerator and denominator.
with

months as (
    select
        $period::date as period,
        ($period::date - interval 12 month)::date as period_before
),

active as (
    select
        r.province_code,
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as rows_synthetic,
        string_agg(distinct s.title, ' | ' order by s.title) as row_sources,
        string_agg(distinct m.batch_id::varchar, ', ' order by m.batch_id::varchar) as batches
    from membership as m
    inner join regency as r using (regency_code)
    inner join source as s using (source_id)
    where m.period in ((select period from months), (select period_before from months))
    group by all
),

workers as (
    select
        r.province_code,
        w.period,
        sum(w.workers)::bigint as workers,
        bool_or(w.is_synthetic) as rows_synthetic,
        string_agg(distinct s.title, ' | ' order by s.title) as row_sources,
        string_agg(distinct w.batch_id::varchar, ', ' order by w.batch_id::varchar) as batches
    from workforce as w
    inner join regency as r using (regency_code)
    inner join source as s using (source_id)
    where w.basis = $basis
        and w.period in ((select period from months), (select period_before from months))
    group by all
),

anchors as (
    select
        a.area_code as province_code,
        a.period,
        a.measure,
        a.derivation,
        a.printed_rate_pct,
        s.title,
        s.url
    from anchor as a
    inner join source as s using (source_id)
    where a.period = (select period from months)
),

now_ as (
    select
        p.province_code,
        p.short_name as province_name,
        p.iso_code,
        p.kanwil_code,
        a.active,
        w.workers,
        coalesce(na.title is null and a.rows_synthetic, true) as active_synthetic,
        coalesce(nw.title is null and w.rows_synthetic, true) as workers_synthetic,
        coalesce(na.title, a.row_sources) as active_source,
        na.url as active_source_url,
        coalesce(nw.title, w.row_sources) as workers_source,
        nw.url as workers_source_url,
        nw.derivation as workers_derivation,
        nw.printed_rate_pct as workers_printed_rate_pct,
        a.batches as active_batches,
        w.batches as workers_batches
    from province as p
    left join active as a on a.province_code = p.province_code and a.period = (select period from months)
    left join workers as w on w.province_code = p.province_code and w.period = (select period from months)
    left join anchors as na on na.province_code = p.province_code and na.measure = 'active'
    left join anchors as nw on nw.province_code = p.province_code and nw.measure = 'workers_' || $basis
),

before as (
    select
        a.province_code,
        a.active as active_before,
        w.workers as workers_before
    from active as a
    inner join workers as w on w.province_code = a.province_code and w.period = a.period
    where a.period = (select period_before from months)
),

final as (
    select
        n.*,
        (select period from months) as period,
        $basis as basis,
        100.0 * n.active / nullif(n.workers, 0) as rate_pct,
        greatest(n.workers - n.active, 0) as uncovered,
        b.active_before,
        b.workers_before,
        100.0 * b.active_before / nullif(b.workers_before, 0) as rate_before_pct,
        100.0 * n.active / nullif(n.workers, 0)
            - 100.0 * b.active_before / nullif(b.workers_before, 0) as rate_change_pts,
        n.active - b.active_before as active_change
    from now_ as n
    left join before as b using (province_code)
)

select
    rank() over (order by rate_pct desc nulls last) as rank,
    *
from final
order by rank, province_code
