-- National totals for $period and 12 months earlier on the $basis denominator, with the
-- published national figure (anchor 'ID') behind each part where one stands: then the part is
-- not synthetic, and a denominator derived from a printed national rate says so. A month with
-- data for only some provinces is not Indonesia: `provinces_covered` of `provinces_total` says how
-- many provinces have both members and workers; `import_batches` names the import batches behind
-- the members (an import is never "published"); `is_mixed` marks imported rows beside demo rows.
with

months as (
    select
        $period::date as period,
        ($period::date - interval 12 month)::date as period_before
),

active as (
    select
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as active_synthetic,
        array_to_string(list_sort(list(distinct m.batch_id) filter (where s.kind = 'import')), ', ')
            as import_batches,
        bool_or(m.is_synthetic) and bool_or(s.kind = 'import') as is_mixed
    from membership as m
    inner join source as s using (source_id)
    where m.period in ((select period from months), (select period_before from months))
    group by m.period
),

covered as (
    select count(distinct left(m.regency_code, 2)) as provinces_covered
    from membership as m
    where m.period = (select period from months)
        and exists (
            select 1 from workforce as w
            where w.period = m.period and w.basis = $basis and left(w.regency_code, 2) = left(m.regency_code, 2)
        )
),

workers as (
    select
        period,
        sum(workers)::bigint as workers,
        bool_or(is_synthetic) as workers_synthetic
    from workforce
    where basis = $basis
        and period in ((select period from months), (select period_before from months))
    group by period
),

anchors as (
    select
        a.measure,
        a.derivation,
        a.printed_rate_pct,
        s.title,
        s.url
    from anchor as a
    inner join source as s using (source_id)
    where a.area_code = 'ID'
        and a.period = (select period from months)
        and a.measure in ('active', 'workers_' || $basis)
),

joined as (
    select
        a.period,
        a.active,
        w.workers,
        a.active_synthetic,
        w.workers_synthetic,
        a.import_batches,
        a.is_mixed,
        100.0 * a.active / nullif(w.workers, 0) as rate_pct
    from active as a
    inner join workers as w using (period)
),

final as (
    select
        n.period,
        $basis as basis,
        n.active,
        n.workers,
        n.rate_pct,
        greatest(n.workers - n.active, 0) as uncovered,
        coalesce(na.title is null and n.active_synthetic, true) as active_synthetic,
        coalesce(nw.title is null and n.workers_synthetic, true) as workers_synthetic,
        na.title as active_source,
        nw.title as workers_source,
        nw.derivation as workers_derivation,
        nw.printed_rate_pct as workers_printed_rate_pct,
        nullif(n.import_batches, '') as import_batches,
        nullif(n.import_batches, '') as active_import_batches,
        n.is_mixed,
        (select provinces_covered from covered) as provinces_covered,
        (select count(*) from province) as provinces_total,
        b.active as active_before,
        b.rate_pct as rate_before_pct,
        n.active - b.active as active_change,
        n.rate_pct - b.rate_pct as rate_change_pts
    from joined as n
    left join joined as b on b.period = (select period_before from months)
    left join anchors as na on na.measure = 'active'
    left join anchors as nw on nw.measure = 'workers_' || $basis
    where n.period = (select period from months)
)

select * from final
