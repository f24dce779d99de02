-- The contribution rates of $segment ('BPU' or 'PU') in force on $on_date: for each programme,
-- the row with the latest effective date on or before that day, with its source.
with

in_force as (
    select
        r.*,
        row_number() over (partition by r.program order by r.effective_from desc) as recency
    from contribution_rate as r
    where r.segment = $segment
        and r.effective_from <= $on_date::date
),

final as (
    select
        f.segment,
        f.program,
        f.rate_pct,
        f.fixed_amount_idr,
        f.min_amount_idr,
        f.max_amount_idr,
        f.effective_from,
        f.note,
        f.batch_id,
        s.title as source_title,
        s.url as source_url
    from in_force as f
    inner join source as s using (source_id)
    where f.recency = 1
)

select * from final
order by program
