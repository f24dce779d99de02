-- Every published coverage rate (published_figure, measure 'coverage_pct') with its source, for
-- one month ($month: 'YYYY-MM', or 'all') and area level ($level: 'province', 'regency',
-- 'national' or 'all'), whatever filled the table (the build, or an import of published rates).
-- `shown` marks the rate the series reproduces (an anchor of that area and month printed it);
-- `others_same_month` counts the other published rates of the same area and month.
with

figures as (
    select
        f.figure_id,
        f.area_code,
        f.area_name,
        f.area_level,
        -- The month the figure is for: an imported figure states it, a seed row's as_of is it.
        coalesce(strftime(f.period, '%Y-%m'), f.as_of) as as_of,
        f.value,
        f.numerator,
        f.denominator,
        f.segment,
        f.denominator_basis,
        f.as_printed,
        f.note,
        -- An imported row cites its own publication; a seed row's is its source.
        coalesce(f.source_title, s.title) as source_title,
        coalesce(f.source_url, s.url) as source_url
    from published_figure as f
    inner join source as s using (source_id)
    where f.measure = 'coverage_pct'
        and f.value is not null
        and ($month = 'all' or coalesce(strftime(f.period, '%Y-%m'), f.as_of) = $month)
        and ($level = 'all' or f.area_level = $level)
),

printed as (
    select distinct
        area_code,
        strftime(period, '%Y-%m') as as_of,
        printed_rate_pct
    from anchor
    where printed_rate_pct is not null
        and measure in ('workers_ucj', 'active')
),

final as (
    select
        f.*,
        exists (
            select 1 from printed as p
            where p.area_code = f.area_code and p.as_of = f.as_of and abs(p.printed_rate_pct - f.value) < 0.005
        ) as shown,
        count(*) over (partition by f.area_code, f.area_level, f.as_of) - 1 as others_same_month
    from figures as f
)

select * from final
order by array_position(['national', 'province', 'regency', 'branch_area'], area_level), area_code nulls last, as_of,
    shown desc, figure_id
