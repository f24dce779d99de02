-- Active participants by segment, nationally, for $period.
with

by_segment as (
    select
        segment,
        sum(active_participants)::bigint as active,
        bool_or(is_synthetic) as is_synthetic
    from membership
    where period = $period::date
    group by segment
),

final as (
    select
        segment,
        active,
        100.0 * active / sum(active) over () as share_pct,
        is_synthetic
    from by_segment
)

select * from final
order by array_position(['PU', 'BPU', 'JAKON', 'PMI'], segment)
