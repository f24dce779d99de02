-- Active participants by segment, nationally, for $period. Kabupaten/kota whose source printed
-- only a total (segment 'ALL') are not spread over segments: `unsplit_regencies` counts them.
with

by_segment as (
    select
        segment,
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as is_synthetic
    from membership
    where period = $period::date
        and segment <> 'ALL'
    group by segment
),

final as (
    select
        segment,
        active,
        100.0 * active / sum(active) over () as share_pct,
        is_synthetic,
        (select count(distinct regency_code) from membership
         where period = $period::date and segment = 'ALL') as unsplit_regencies
    from by_segment
)

select * from final
order by array_position(['PU', 'BPU', 'JAKON', 'PMI'], segment)
