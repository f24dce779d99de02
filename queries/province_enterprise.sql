-- Province $province in $period by enterprise kind (koperasi, UMKM, other): active participants
-- working there and their share, and for koperasi and UMKM the enterprises enrolled against the
-- enterprise base (NTB's published base is 48,000 UKM).
with

province_regencies as (
    select regency_code
    from area_regency
    where area_level = 'province'
        and area_code = $province
),

members as (
    select
        enterprise_kind,
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as active_synthetic
    from membership
    where period = $period::date
        and regency_code in (select regency_code from province_regencies)
        -- a total printed without a split by enterprise kind is not a kind of its own
        and enterprise_kind <> 'all'
    group by enterprise_kind
),

enrolment as (
    select
        e.enterprise_kind,
        sum(e.enterprises)::bigint as enterprises,
        sum(e.enrolled)::bigint as enrolled,
        bool_or(e.is_synthetic) as enrolled_synthetic,
        bool_and(s.kind = 'published') as base_published,
        string_agg(distinct s.title, ' | ' order by s.title) as base_source
    from enterprise as e
    inner join source as s using (source_id)
    where e.period = $period::date
        and e.regency_code in (select regency_code from province_regencies)
    group by e.enterprise_kind
),

final as (
    select
        enterprise_kind,
        coalesce(m.active, 0) as active,
        100.0 * coalesce(m.active, 0) / nullif(sum(coalesce(m.active, 0)) over (), 0) as share_pct,
        coalesce(m.active_synthetic, false) as active_synthetic,
        e.enterprises,
        e.enrolled,
        100.0 * e.enrolled / nullif(e.enterprises, 0) as enrolled_pct,
        e.enrolled_synthetic,
        e.base_published,
        e.base_source
    from members as m
    full join enrolment as e using (enterprise_kind)
)

select * from final
order by array_position(['umkm', 'koperasi', 'lainnya'], enterprise_kind)
