-- Coverage rates as printed for $period (all segments together, on the $basis base where stated),
-- one row per figure, newest import first: what a source said beside what the app computes.
with

figures as (
    select
        f.area_code,
        f.value as rate_pct,
        coalesce(f.source_title, s.title) as source_title,
        coalesce(f.source_url, s.url) as source_url,
        f.as_of,
        f.batch_id,
        f.figure_id
    from published_figure as f
    inner join source as s using (source_id)
    where f.measure = 'coverage_pct'
        and f.area_code is not null
        and coalesce(f.period, try_strptime(f.as_of, '%Y-%m')::date) = $period::date
        and (f.segment is null or upper(f.segment) in ('ALL') or starts_with(lower(f.segment), 'all'))
        and (f.denominator_basis is null or f.denominator_basis = $basis or f.batch_id is null)
),

final as (
    select * from figures
)

select * from final
order by area_code, batch_id desc nulls last, figure_id
