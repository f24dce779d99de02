-- Coverage of every area of $level ('province' or 'regency'; 'kanwil' and 'national' work too)
-- for $period on the $basis denominator ('ucj' or 'bps'), limited to $province ('all' or a
-- province code), for one $segment ('all', 'PU', 'BPU', 'JAKON', 'PMI') and $kind ('all',
-- 'koperasi', 'umkm', 'lainnya').
-- A segment divides by its own published base where there is one (segment_workforce), and
-- otherwise by its own sector's workers (BPU: informal; PU, Jakon, PMI: formal);
-- an enterprise kind divides by all workers, so it reads as that kind's share of coverage.
-- Also returns the figures 3 and 12 months earlier, and the provenance of both parts: its kind
-- ('published', 'synthetic' or 'imported') and, for imported rows, their import batches.
-- A kabupaten/kota whose source printed only a total (segment 'ALL', kind 'all', sector 'all')
-- has no figure in a segment or kind view: it is left out of both sides of the rate and counted
-- in `unsplit_regencies`, so the page can say "tidak ada rincian" instead of inventing a split.
-- `is_mixed` marks an area whose figures mix imported rows with demo rows ("campuran").
-- The three months are written as constants from $period rather than read from a CTE: the
-- planner then prunes by them directly, which made this query about a seventh cheaper (the
-- results compared equal on 3050 parameter sets).
with

scoped_areas as (
    select
        area_code,
        area_name,
        province_code,
        kanwil_code,
        area_level
    from area
    where area_level = $level
        and ($province = 'all' or province_code = $province)
),

regency_area as (
    select
        regency_code,
        area_code
    from area_regency
    where area_level = $level
),

membership_split as (
    select
        period,
        regency_code,
        bool_or(segment <> 'ALL') as by_segment,
        bool_or(enterprise_kind <> 'all') as by_kind
    from membership
    where period in (
        $period::date, ($period::date - interval 3 month)::date, ($period::date - interval 12 month)::date
    )
    group by all
),

workforce_split as (
    select
        period,
        regency_code,
        bool_or(sector <> 'all') as by_sector
    from workforce
    where basis = $basis
        and period in (
            $period::date, ($period::date - interval 3 month)::date, ($period::date - interval 12 month)::date
        )
    group by all
),

-- A segment's own published base, where there is one (empty unless a segment is chosen).
segment_base as (
    select
        period,
        regency_code,
        workers,
        is_synthetic,
        source_id,
        batch_id
    from segment_workforce
    where basis = $basis
        and segment = $segment
        and period in (
            $period::date, ($period::date - interval 3 month)::date, ($period::date - interval 12 month)::date
        )
),

-- Regencies the current view cannot split: a segment needs members by segment and workers by
-- sector (or the segment's own base); an enterprise kind needs members by kind (it divides by
-- all workers).
unsplit_regency as (
    select
        ms.period,
        ms.regency_code
    from membership_split as ms
    left join workforce_split as ws using (period, regency_code)
    left join segment_base as sb using (period, regency_code)
    where ($segment <> 'all' and (not ms.by_segment or (not coalesce(ws.by_sector, true) and sb.workers is null)))
        or ($kind <> 'all' and not ms.by_kind)
),

-- The denominator rows: the segment's own base where published, else the sector rule.
worker_rows as (
    select
        w.period,
        w.regency_code,
        w.workers,
        w.is_synthetic,
        w.source_id,
        w.batch_id,
        false as own_base
    from workforce as w
    where w.basis = $basis
        and w.period in (
            $period::date, ($period::date - interval 3 month)::date, ($period::date - interval 12 month)::date
        )
        and (
            $segment = 'all'
            or (w.sector = 'informal' and $segment = 'BPU')
            or (w.sector = 'formal' and $segment in ('PU', 'JAKON', 'PMI'))
        )
        and not exists (
            select 1 from segment_base as sb where sb.period = w.period and sb.regency_code = w.regency_code
        )
    union all
    select period, regency_code, workers, is_synthetic, source_id, batch_id, true
    from segment_base
),

unsplit as (
    select
        ra.area_code,
        u.period,
        count(*) as unsplit_regencies
    from unsplit_regency as u
    inner join regency_area as ra using (regency_code)
    group by all
),

-- Counts an analyst's published-rate import derived from the printed rate (the source printed
-- only the other count): shown as "diturunkan dari angka terbit", never as printed.
derived as (
    select
        batch_id,
        area_code as regency_code,
        period,
        bool_or(derivation = 'active_from_rate') as active_derived,
        bool_or(derivation = 'workers_from_rate') as workers_derived
    from published_figure
    where derivation is not null
    group by all
),

-- The distinct sources and batches of an area are gathered as lists, deduplicated and sorted
-- (list_distinct, list_sort) rather than by distinct aggregates, which cost a sixth of this query's
-- time; nullif gives an area without any title null, as string_agg did.
active as (
    select
        ra.area_code,
        m.period,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as rows_synthetic,
        bool_or(m.is_synthetic) and bool_or(s.kind = 'import') as rows_mixed,
        coalesce(bool_or(d.active_derived), false) as rows_derived,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources,
        nullif(array_to_string(list_sort(list_distinct(list(m.batch_id::varchar))), ', '), '') as batches,
        array_to_string(list_sort(list_distinct(list(m.batch_id) filter (where s.kind = 'import'))), ', ')
            as import_batches
    from membership as m
    inner join regency_area as ra using (regency_code)
    inner join source as s using (source_id)
    left join derived as d using (batch_id, regency_code, period)
    where m.period in (
        $period::date, ($period::date - interval 3 month)::date, ($period::date - interval 12 month)::date
    )
        and ($segment = 'all' or m.segment = $segment)
        and ($kind = 'all' or m.enterprise_kind = $kind)
        and not exists (
            select 1 from unsplit_regency as u where u.period = m.period and u.regency_code = m.regency_code
        )
    group by all
),

workers as (
    select
        ra.area_code,
        w.period,
        sum(w.workers)::bigint as workers,
        bool_or(w.own_base) as any_own_base,
        bool_and(w.own_base) as all_own_base,
        bool_or(w.is_synthetic) as rows_synthetic,
        bool_or(w.is_synthetic) and bool_or(s.kind = 'import') as rows_mixed,
        coalesce(bool_or(d.workers_derived), false) as rows_derived,
        nullif(array_to_string(list_sort(list_distinct(list(s.title))), ' | '), '') as row_sources,
        nullif(array_to_string(list_sort(list_distinct(list(w.batch_id::varchar))), ', '), '') as batches,
        array_to_string(list_sort(list_distinct(list(w.batch_id) filter (where s.kind = 'import'))), ', ')
            as import_batches
    from worker_rows as w
    inner join regency_area as ra using (regency_code)
    inner join source as s using (source_id)
    left join derived as d using (batch_id, regency_code, period)
    where not exists (
            select 1 from unsplit_regency as u where u.period = w.period and u.regency_code = w.regency_code
        )
    group by all
),

-- A published total applies only to the unfiltered numerator and denominator.
anchors as (
    select *
    from anchor_published
    where period = $period::date
        and measure in ('active', 'workers_' || $basis)
        and $segment = 'all'
        and $kind = 'all'
),

rates as (
    select
        a.area_code,
        a.period,
        a.active,
        w.workers,
        coverage_pct(a.active, w.workers) as rate_pct
    from active as a
    inner join workers as w using (area_code, period)
),

final as (
    select
        sa.area_code,
        sa.area_name,
        sa.area_level,
        sa.province_code,
        sa.kanwil_code,
        $period::date as period,
        $basis as basis,
        $segment as segment,
        $kind as enterprise_kind,
        a.active,
        w.workers,
        coverage_pct(a.active, w.workers) as rate_pct,
        -- greatest() skips nulls: without the case, an area with no data would read 0 uncovered.
        case when w.workers is not null and a.active is not null then greatest(w.workers - a.active, 0) end
            as uncovered,
        coalesce(na.measure is null and a.rows_synthetic, true) as active_synthetic,
        coalesce(nw.measure is null and w.rows_synthetic, true) as workers_synthetic,
        coalesce(na.source, a.row_sources) as active_source,
        na.source_url as active_source_url,
        coalesce(nw.source, w.row_sources) as workers_source,
        nw.source_url as workers_source_url,
        nw.derivation as workers_derivation,
        na.derivation as active_derivation,
        nw.printed_rate_pct as workers_printed_rate_pct,
        na.printed_rate_pct as active_printed_rate_pct,
        a.batches as active_batches,
        w.batches as workers_batches,
        -- With the synthetic flag these tell the three kinds a reader must tell apart (see
        -- figures.provenance_kind): published (an anchor, or rows from a cited source), demo rows,
        -- and rows an analyst imported, traced by their batch.
        case when na.measure is null then a.import_batches else na.import_batch end as active_import_batches,
        case when nw.measure is null then w.import_batches else nw.import_batch end as workers_import_batches,
        coalesce(un.unsplit_regencies, 0) as unsplit_regencies,
        -- Which base a rate divides by: all workers; a segment's own published base; its sector's
        -- workers (the rule above); or, summed over several kab/kota, some of each.
        case
            when $segment = 'all' then 'all_workers'
            when w.all_own_base then 'segment_base'
            when w.any_own_base then 'segment_base+sector'
            when w.workers is not null then 'sector'
        end as denominator_rule,
        -- derived from a printed rate: by an import (kab/kota rows) or as a published total (anchor)
        coalesce(a.rows_derived, false) or coalesce(na.derivation = 'from_rate', false) as active_derived,
        coalesce(w.rows_derived, false) or coalesce(nw.derivation = 'from_rate', false) as workers_derived,
        -- Imported next to demo rows, and no published total holds the sum: "campuran".
        (na.measure is null and coalesce(a.rows_mixed, false))
            or (nw.measure is null and coalesce(w.rows_mixed, false)) as is_mixed,
        r3.rate_pct as rate_3m_pct,
        r12.rate_pct as rate_12m_pct,
        coverage_pct(a.active, w.workers) - r3.rate_pct as rate_change_3m_pts,
        coverage_pct(a.active, w.workers) - r12.rate_pct as rate_change_pts,
        a.active - r3.active as active_change_3m,
        a.active - r12.active as active_change
    from scoped_areas as sa
    left join active as a on a.area_code = sa.area_code and a.period = $period::date
    left join workers as w on w.area_code = sa.area_code and w.period = $period::date
    left join anchors as na on na.area_code = sa.area_code and na.measure = 'active'
    left join anchors as nw on nw.area_code = sa.area_code and nw.measure = 'workers_' || $basis
    left join unsplit as un on un.area_code = sa.area_code and un.period = $period::date
    left join rates as r3 on r3.area_code = sa.area_code and r3.period = ($period::date - interval 3 month)::date
    left join rates as r12 on r12.area_code = sa.area_code and r12.period = ($period::date - interval 12 month)::date
)

select
    rank() over (order by rate_pct desc nulls last) as rank,
    *
from final
order by rank, area_code
