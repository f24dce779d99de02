-- Coverage of every area at every level (see area_regency), month and worker basis: active
-- participants, workers and the rate, with their provenance. An area and month appears when it
-- has both participants and workers on that basis.
-- Provenance, for each side of the rate: `*_rows_synthetic` says whether any kabupaten/kota row
-- is demo data; `*_synthetic` is the flag a reader sees, false where a published total of the
-- area stands (a row of anchor_published) whatever its rows; `*_import_batches` names the import batches
-- of the rows unless a published total stands (`*_row_import_batches`: whatever stands);
-- `*_row_sources` names the rows' sources.
create or replace temp view area_month_coverage as
with

members as (
    select
        ar.area_level,
        ar.area_code,
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as rows_synthetic,
        bool_or(m.is_synthetic) and bool_or(s.kind = 'import') as rows_mixed,
        array_to_string(list_sort(list_distinct(list(m.batch_id) filter (where s.kind = 'import'))), ', ')
            as import_batches,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources
    from membership as m
    inner join area_regency as ar using (regency_code)
    inner join source as s using (source_id)
    group by all
),

workers as (
    select
        ar.area_level,
        ar.area_code,
        w.period,
        w.basis,
        sum(w.workers)::bigint as workers,
        bool_or(w.is_synthetic) as rows_synthetic,
        bool_or(w.is_synthetic) and bool_or(s.kind = 'import') as rows_mixed,
        array_to_string(list_sort(list_distinct(list(w.batch_id) filter (where s.kind = 'import'))), ', ')
            as import_batches,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources
    from workforce as w
    inner join area_regency as ar using (regency_code)
    inner join source as s using (source_id)
    group by all
),

final as (
    select
        m.area_level,
        m.area_code,
        m.period,
        w.basis,
        m.active,
        w.workers,
        coverage_pct(m.active, w.workers) as rate_pct,
        -- a published total of the area (anchor) keeps its side published whatever its rows
        aa.measure is null and m.rows_synthetic as active_synthetic,
        aw.measure is null and w.rows_synthetic as workers_synthetic,
        m.rows_synthetic as active_rows_synthetic,
        w.rows_synthetic as workers_rows_synthetic,
        m.rows_mixed as active_rows_mixed,
        w.rows_mixed as workers_rows_mixed,
        case when aa.measure is null then m.import_batches end as active_import_batches,
        case when aw.measure is null then w.import_batches end as workers_import_batches,
        m.import_batches as active_row_import_batches,
        w.import_batches as workers_row_import_batches,
        aa.measure is not null as active_published,
        aw.measure is not null as workers_published,
        aa.derivation as active_derivation,
        aw.derivation as workers_derivation,
        -- the rate a source printed for this area and month, on whichever total carries it
        -- (greatest() skips nulls)
        greatest(aa.printed_rate_pct, aw.printed_rate_pct) as printed_rate_pct,
        aw.printed_rate_pct as workers_printed_rate_pct,
        aa.printed_rate_pct as active_printed_rate_pct,
        aa.source as active_source,
        aa.source_url as active_source_url,
        aw.source as workers_source,
        aw.source_url as workers_source_url,
        -- the distinct sources of each side's kabupaten/kota rows, joined with ' | ' (what a trend
        -- cites for a month without a published total)
        m.row_sources as active_row_sources,
        w.row_sources as workers_row_sources
    from members as m
    inner join workers as w using (area_level, area_code, period)
    left join anchor_published as aa
        on aa.area_code = m.area_code and aa.period = m.period and aa.measure = 'active'
    left join anchor_published as aw
        on aw.area_code = m.area_code and aw.period = m.period and aw.measure = 'workers_' || w.basis
)

select * from final
