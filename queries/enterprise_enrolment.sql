-- UMKM and cooperative enrolment against their base for every area of $level ('province' or
-- 'regency') in $period, limited to $province ('all' or a province code), for one $kind
-- ('umkm' or 'koperasi'). The base may be published (NTB's 48,000 UKM) while enrolment is not.
with

scoped_areas as (
    select
        area_code,
        area_name,
        province_code
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

enrolment as (
    select
        ra.area_code,
        sum(e.enterprises)::bigint as enterprises,
        sum(e.enrolled)::bigint as enrolled,
        bool_or(e.is_synthetic) as enrolled_synthetic,
        bool_and(s.kind = 'published') as base_published,
        string_agg(distinct s.title, ' | ' order by s.title) as source,
        string_agg(distinct e.batch_id::varchar, ', ' order by e.batch_id::varchar) as batches
    from enterprise as e
    inner join regency_area as ra using (regency_code)
    inner join source as s using (source_id)
    where e.period = $period::date
        and e.enterprise_kind = $kind
    group by ra.area_code
),

final as (
    select
        sa.area_code,
        sa.area_name,
        sa.province_code,
        $period::date as period,
        $kind as enterprise_kind,
        en.enterprises,
        en.enrolled,
        100.0 * en.enrolled / nullif(en.enterprises, 0) as rate_pct,
        -- greatest() skips nulls, so an area without rows would read 0 instead of unknown.
        case when en.enterprises is not null then greatest(en.enterprises - en.enrolled, 0) end as not_enrolled,
        coalesce(en.enrolled_synthetic, true) as enrolled_synthetic,
        coalesce(en.base_published, false) as base_published,
        en.source,
        en.batches
    from scoped_areas as sa
    left join enrolment as en using (area_code)
)

select
    rank() over (order by rate_pct desc nulls last) as rank,
    *
from final
order by rank, area_code
