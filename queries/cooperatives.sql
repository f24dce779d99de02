-- Every cooperative with its members, enrolled members and rate, its kabupaten/kota and
-- province, and where the numbers come from; ranked by enrolment rate.
with

cooperatives as (
    select
        c.cooperative_id,
        c.name,
        c.regency_code,
        r.name as regency_name,
        r.province_code,
        p.short_name as province_name,
        c.members,
        c.enrolled_members,
        100.0 * c.enrolled_members / nullif(c.members, 0) as rate_pct,
        c.members - c.enrolled_members as not_enrolled,
        c.as_of,
        c.is_synthetic,
        s.title as source_title,
        s.url as source_url,
        c.batch_id,
        c.note
    from cooperative as c
    inner join regency as r using (regency_code)
    inner join province as p on p.province_code = r.province_code
    inner join source as s using (source_id)
),

final as (
    select
        rank() over (order by rate_pct desc nulls last) as rank,
        *
    from cooperatives
)

select * from final
order by rank, name
