-- Coverage of every area at every level (see area_regency), month and worker basis: active
-- participants, workers and the rate, with their provenance. An area and month appears when it
-- has both participants and workers on that basis.
-- Provenance, for each side of the rate: `*_rows_synthetic` says whether any kabupaten/kota row
-- is demo data; `*_synthetic` is the flag a reader sees, false where a published total of the
-- area stands (anchor_published) whatever its rows; `*_import_batches` names the import batches
-- of the rows unless a published total stands (`*_row_import_batches`: whatever stands).
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
        array_to_string(list_sort(list(distinct m.batch_id) filter (where s.kind = 'import')), ', ')
            as import_batches
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
        array_to_string(list_sort(list(distinct w.batch_id) filter (where s.kind = 'import')), ', ')
            as import_batches
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
        not coalesce(a.active_published, false) and m.rows_synthetic as active_synthetic,
        not coalesce(a.workers_published, false) and w.rows_synthetic as workers_synthetic,
        m.rows_synthetic as active_rows_synthetic,
        w.rows_synthetic as workers_rows_synthetic,
        m.rows_mixed as active_rows_mixed,
        w.rows_mixed as workers_rows_mixed,
        case when not coalesce(a.active_published, false) then m.import_batches end as active_import_batches,
        case when not coalesce(a.workers_published, false) then w.import_batches end as workers_import_batches,
        m.import_batches as active_row_import_batches,
        w.import_batches as workers_row_import_batches,
        coalesce(a.active_published, false) as active_published,
        coalesce(a.workers_published, false) as workers_published,
        a.active_derivation,
        a.workers_derivation,
        a.printed_rate_pct,
        a.workers_printed_rate_pct,
        a.active_source,
        a.active_source_url,
        a.workers_source,
        a.workers_source_url
    from members as m
    inner join workers as w using (area_level, area_code, period)
    left join anchor_published as a
        on a.area_code = m.area_code and a.period = m.period and a.basis = w.basis
)

select * from final
