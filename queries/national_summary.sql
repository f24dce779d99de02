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

covered as (
    select count(distinct left(m.regency_code, 2)) as provinces_covered
    from membership as m
    where m.period = (select period from months)
        and exists (
            select 1 from workforce as w
            where w.period = m.period and w.basis = $basis and left(w.regency_code, 2) = left(m.regency_code, 2)
        )
),

national as (
    select *
    from area_month_coverage
    where area_level = 'national'
        and basis = $basis
        -- the months as values, not subqueries, so the filter reaches below the model's sums (on
        -- the members' side; one reference to the model still plans faster than one per month)
        and period in ($period::date, ($period::date - interval 12 month)::date)
),

final as (
    select
        n.period,
        $basis as basis,
        n.active,
        n.workers,
        n.rate_pct,
        greatest(n.workers - n.active, 0) as uncovered,
        n.active_synthetic,
        n.workers_synthetic,
        n.active_source,
        n.workers_source,
        n.workers_derivation,
        n.workers_printed_rate_pct,
        n.active_derivation,
        n.active_printed_rate_pct,
        -- every import batch behind the members, even under a published total
        nullif(n.active_row_import_batches, '') as import_batches,
        nullif(n.active_row_import_batches, '') as active_import_batches,
        n.active_rows_mixed as is_mixed,
        (select provinces_covered from covered) as provinces_covered,
        (select count(*) from province) as provinces_total,
        b.active as active_before,
        b.rate_pct as rate_before_pct,
        n.active - b.active as active_change,
        n.rate_pct - b.rate_pct as rate_change_pts
    from national as n
    left join national as b on b.period = (select period_before from months)
    where n.period = (select period from months)
)

select * from final
