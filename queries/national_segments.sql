-- Active participants by segment, nationally, for $period. Kabupaten/kota whose source printed
-- only a total (segment 'ALL') are not spread over segments: `unsplit_regencies` counts them.
-- Beside each segment, the national count a source printed for it that month (published_figure,
-- level 'national'), the month's printed total, and whether that source printed a PMI line: a
-- source without one counts PMI inside PU, so the bars' PU/PMI division is synthetic there.
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

-- One printed figure per segment (and 'ALL' for the total): the first stored where two sources
-- printed the same month.
printed as (
    select
        upper(f.segment) as segment,
        arg_min(f.value, f.figure_id)::bigint as published_active,
        arg_min(coalesce(f.source_title, s.title), f.figure_id) as published_source,
        arg_min(coalesce(f.source_url, s.url), f.figure_id) as published_source_url
    from published_figure as f
    inner join source as s using (source_id)
    where f.area_level = 'national'
        and f.measure = 'active_participants'
        and f.value is not null
        and coalesce(f.period, try_strptime(f.as_of, '%Y-%m')::date) = $period::date
    group by all
),

final as (
    select
        b.segment,
        b.active,
        100.0 * b.active / sum(b.active) over () as share_pct,
        b.is_synthetic,
        b.source_titles,
        (select count(distinct regency_code) from membership
         where period = $period::date and segment = 'ALL') as unsplit_regencies,
        p.published_active,
        p.published_source,
        p.published_source_url,
        (select published_active from printed where segment = 'ALL') as published_total,
        (select published_source from printed where segment = 'ALL') as published_total_source,
        (select published_source_url from printed where segment = 'ALL') as published_total_source_url,
        exists (select 1 from printed where segment = 'PMI') as pmi_printed
    from by_segment as b
    left join printed as p using (segment)
)

select * from final
order by array_position(['PU', 'BPU', 'JAKON', 'PMI'], segment)
