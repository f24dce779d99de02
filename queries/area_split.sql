-- Active participants of one area ($area_code: 'ID' for the nation, a Kanwil, a province or a
-- kabupaten/kota) in $period, split by segment and by enterprise kind. Each part has its rate on the
-- $basis denominator as area_coverage computes it: a segment over its own sector's workers
-- (BPU: informal; PU, Jakon, PMI: formal), an enterprise kind over all workers. A part with no
-- rows counts 0 and takes the synthetic flag of the area's other rows.
-- A kabupaten/kota whose source printed only a total takes no part in a dimension it has no
-- split for (neither its members nor its workers); `unsplit_regencies` says how many there are.
with

scope as (
    select regency_code
    from area_regency
    where area_code = $area_code
),

split as (
    select
        m.regency_code,
        bool_or(m.segment <> 'ALL') and coalesce(bool_and(w.by_sector), true) as by_segment,
        bool_or(m.enterprise_kind <> 'all') as by_kind
    from membership as m
    left join (
        select regency_code, bool_or(sector <> 'all') as by_sector
        from workforce
        where period = $period::date and basis = $basis
        group by regency_code
    ) as w using (regency_code)
    where m.period = $period::date
        and m.regency_code in (select regency_code from scope)
    group by m.regency_code
),

members as (
    select
        m.segment,
        m.enterprise_kind,
        coalesce(sp.by_segment, false) as by_segment,
        coalesce(sp.by_kind, false) as by_kind,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as rows_synthetic
    from membership as m
    left join split as sp using (regency_code)
    where m.period = $period::date
        and m.regency_code in (select regency_code from scope)
    group by all
),

workers as (
    select
        coalesce(sum(w.workers) filter (where w.sector = 'formal' and sp.by_segment is not false), 0)::bigint
            as formal,
        coalesce(sum(w.workers) filter (where w.sector = 'informal' and sp.by_segment is not false), 0)::bigint
            as informal,
        coalesce(sum(w.workers) filter (where sp.by_kind is not false), 0)::bigint as kind_workers,
        bool_or(w.is_synthetic) as rows_synthetic
    from workforce as w
    left join split as sp using (regency_code)
    where w.period = $period::date
        and w.basis = $basis
        and w.regency_code in (select regency_code from scope)
),

unsplit as (
    select 'segment' as dimension, count(*) filter (where not by_segment) as unsplit_regencies from split
    union all
    select 'kind', count(*) filter (where not by_kind) from split
),

-- Every segment and enterprise kind appears, with 0 where the area has no participants in it.
members_list as (
    select 'segment' as dimension, unnest(['PU', 'BPU', 'JAKON', 'PMI']) as member
    union all
    select 'kind', unnest(['koperasi', 'umkm', 'lainnya'])
),

counted as (
    select
        'segment' as dimension,
        segment as member,
        sum(active)::bigint as active,
        bool_or(rows_synthetic) as active_synthetic
    from members
    where by_segment
    group by segment
    union all
    select
        'kind',
        enterprise_kind,
        sum(active)::bigint,
        bool_or(rows_synthetic)
    from members
    where by_kind
    group by enterprise_kind
),

parts as (
    select
        l.dimension,
        l.member,
        coalesce(c.active, 0) as active,
        coalesce(c.active_synthetic, (select bool_or(rows_synthetic) from members), true) as active_synthetic
    from members_list as l
    left join counted as c using (dimension, member)
),

final as (
    select
        p.dimension,
        p.member,
        p.active,
        case
            when p.dimension = 'kind' then w.kind_workers
            when p.member = 'BPU' then w.informal
            else w.formal
        end as workers,
        coverage_pct(p.active, workers) as rate_pct,
        100.0 * p.active / nullif(sum(p.active) over (partition by p.dimension), 0) as share_pct,
        p.active_synthetic,
        coalesce(w.rows_synthetic, true) as workers_synthetic,
        u.unsplit_regencies
    from parts as p
    cross join workers as w
    inner join unsplit as u using (dimension)
)

select * from final
order by
    array_position(['segment', 'kind'], dimension),
    array_position(['PU', 'BPU', 'JAKON', 'PMI', 'koperasi', 'umkm', 'lainnya'], member)
