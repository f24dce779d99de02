-- Every target with the name of its area and its source; an area may hold several targets,
-- conflicting ones included, and each stays its own row.
with

final as (
    select
        t.target_id,
        t.set_by,
        t.setter_kind,
        t.area_level,
        t.area_code,
        coalesce(a.area_name, t.area_code) as area_name,
        t.metric,
        t.basis,
        t.target_value,
        t.start_period,
        t.due_period,
        t.is_synthetic,
        t.note,
        t.batch_id,
        s.title as source_title,
        s.url as source_url,
        s.kind as source_kind
    from target as t
    inner join source as s using (source_id)
    left join area as a on a.area_level = t.area_level and a.area_code = t.area_code
)

select * from final
order by
    case area_level when 'national' then 0 when 'kanwil' then 1 when 'province' then 2 else 3 end,
    area_code,
    metric,
    due_period,
    target_id
