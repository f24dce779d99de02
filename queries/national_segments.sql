-- Active participants by segment, nationally, for $period. Kabupaten/kota whose source printed
-- only a total (segment 'ALL') are not spread over segments: `unsplit_regencies` counts them.
with

by_segment as (
    select
        m.segment as segment,
        sum(m.active_participants)::bigint as active,
        bool_or(m.is_synthetic) as is_synthetic,
        -- the sources of the segment rows themselves, so an exported chart names its own
        list_sort(list_distinct(list(s.title))) as source_titles
    from membership as m
    inner join source as s using (source_id)
    where m.period = $period::date
        and m.segment <> 'ALL'
    group by m.segment
),

final as (
    select
        segment,
        active,
        100.0 * active / sum(active) over () as share_pct,
        is_synthetic,
        source_titles,
        (select count(distinct regency_code) from membership
         where period = $period::date and segment = 'ALL') as unsplit_regencies
    from by_segment
)

select * from final
order by array_position(['PU', 'BPU', 'JAKON', 'PMI'], segment)
