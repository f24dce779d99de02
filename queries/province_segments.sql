-- Active participants of province $province in $period by segment (PU, BPU, Jakon, PMI): count,
-- share of all members, and rate over the segment's own sector of the $basis workforce
-- (BPU over informal workers; PU, Jakon and PMI over formal workers). A kabupaten/kota whose
-- source printed only a total (members or workers) is left out of both sides and counted in
-- `unsplit_regencies`.
with

all_regencies as (
    select regency_code
    from area_regency
    where area_level = 'province'
        and area_code = $province
),

unsplit_regency as (
    select regency_code from membership
    where period = $period::date and segment = 'ALL'
        and regency_code in (select regency_code from all_regencies)
    union
    select regency_code from workforce
    where period = $period::date and basis = $basis and sector = 'all'
        and regency_code in (select regency_code from all_regencies)
),

province_regencies as (
    select regency_code from all_regencies
    where regency_code not in (select regency_code from unsplit_regency)
),

by_segment as (
    select
        segment,
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as is_synthetic
    from membership
    where period = $period::date
        and regency_code in (select regency_code from province_regencies)
    group by segment
),

by_sector as (
    select
        sector,
        sum(workers)::bigint as workers
    from workforce
    where period = $period::date
        and basis = $basis
        and regency_code in (select regency_code from province_regencies)
    group by sector
),

final as (
    select
        b.segment,
        b.active,
        100.0 * b.active / nullif(sum(b.active) over (), 0) as share_pct,
        w.sector,
        w.workers as sector_workers,
        coverage_pct(b.active, w.workers) as sector_rate_pct,
        b.is_synthetic,
        (select count(*) from unsplit_regency) as unsplit_regencies
    from by_segment as b
    left join by_sector as w
        on w.sector = case when b.segment = 'BPU' then 'informal' else 'formal' end
)

select * from final
order by array_position(['PU', 'BPU', 'JAKON', 'PMI'], segment)
