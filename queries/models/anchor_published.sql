-- The published totals (anchors) of each area and month, on each worker basis ('ucj', 'bps'):
-- whether the area's participants and workers are published, how (counted, or derived from a
-- printed rate), the rate as printed, and the source. This is the one "is it published?" rule:
-- a published total makes a figure published whatever its split, and an analyst's import of a
-- published total is still an import, traced by its batch.
create or replace temp view anchor_published as
with

bases as (
    select unnest(['ucj', 'bps']) as basis
),

anchors as (
    select
        a.area_code,
        a.period,
        a.measure,
        a.derivation,
        a.printed_rate_pct,
        s.title,
        s.url,
        case when s.kind = 'import' then a.batch_id::varchar end as import_batch
    from anchor as a
    inner join source as s using (source_id)
),

final as (
    select
        a.area_code,
        a.period,
        b.basis,
        bool_or(a.measure = 'active') as active_published,
        bool_or(a.measure = 'workers_' || b.basis) as workers_published,
        -- The key (period, area_code, measure) leaves at most one row under each filter.
        any_value(a.derivation) filter (where a.measure = 'active') as active_derivation,
        any_value(a.derivation) filter (where a.measure = 'workers_' || b.basis) as workers_derivation,
        any_value(a.printed_rate_pct) filter (where a.measure = 'workers_' || b.basis)
            as workers_printed_rate_pct,
        -- The rate a source printed for this area and month, whichever of its totals carries it.
        max(a.printed_rate_pct) filter (where a.measure in ('active', 'workers_' || b.basis)) as printed_rate_pct,
        any_value(a.title) filter (where a.measure = 'active') as active_source,
        any_value(a.url) filter (where a.measure = 'active') as active_source_url,
        any_value(a.title) filter (where a.measure = 'workers_' || b.basis) as workers_source,
        any_value(a.url) filter (where a.measure = 'workers_' || b.basis) as workers_source_url,
        any_value(a.import_batch) filter (where a.measure = 'active') as active_import_batch,
        any_value(a.import_batch) filter (where a.measure = 'workers_' || b.basis) as workers_import_batch
    from anchors as a
    cross join bases as b
    group by all
)

select * from final
