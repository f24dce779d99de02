-- Active participants of one area ($area_code: a province code, a regency code, or 'ID' for the
-- nation) in $period, split by segment and by enterprise kind. Each part has its rate on the
-- $basis denominator as area_coverage computes it: a segment over its own sector's workers
-- (BPU: informal; PU, Jakon, PMI: formal), an enterprise kind over all workers. A part with no
-- rows counts 0 and takes the synthetic flag of the area's other rows.
with

scope as (
    select regency_code
    from regency
    where $area_code = 'ID' or province_code = $area_code or regency_code = $area_code
),

members as (
    select
        segment,
        enterprise_kind,
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as rows_synthetic
    from membership
    where period = $period::date
        and regency_code in (select regency_code from scope)
    group by all
),

workers as (
    select
        coalesce(sum(workers) filter (where sector = 'formal'), 0)::bigint as formal,
        coalesce(sum(workers) filter (where sector = 'informal'), 0)::bigint as informal,
        bool_or(is_synthetic) as rows_synthetic
    from workforce
    where period = $period::date
        and basis = $basis
        and regency_code in (select regency_code from scope)
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
    group by segment
    union all
    select
        'kind',
        enterprise_kind,
        sum(active)::bigint,
        bool_or(rows_synthetic)
    from members
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
            when p.dimension = 'kind' then w.formal + w.informal
            when p.member = 'BPU' then w.informal
            else w.formal
        end as workers,
        100.0 * p.active / nullif(workers, 0) as rate_pct,
        100.0 * p.active / nullif(sum(p.active) over (partition by p.dimension), 0) as share_pct,
        p.active_synthetic,
        coalesce(w.rows_synthetic, true) as workers_synthetic
    from parts as p
    cross join workers as w
)

select * from final
order by
    array_position(['segment', 'kind'], dimension),
    array_position(['PU', 'BPU', 'JAKON', 'PMI', 'koperasi', 'umkm', 'lainnya'], member)
