-- Every source behind a province briefing: the rows of province $province (membership, the
-- $basis workforce, enterprises) and the published totals (anchors) of it and its kab/kota in
-- the 24 months up to $period, and the targets that bear on it. Published first, newest first.
with

window_months as (
    select
        ($period::date - interval 23 month)::date as first_period,
        $period::date as last_period
),

province_regencies as (
    select regency_code
    from area_regency
    where area_level = 'province'
        and area_code = $province
),

used as (
    select distinct source_id
    from membership
    where regency_code in (select regency_code from province_regencies)
        and period between (select first_period from window_months) and (select last_period from window_months)
    union
    select distinct source_id
    from workforce
    where basis = $basis
        and regency_code in (select regency_code from province_regencies)
        and period between (select first_period from window_months) and (select last_period from window_months)
    union
    select distinct source_id
    from enterprise
    where regency_code in (select regency_code from province_regencies)
        and period = (select last_period from window_months)
    union
    select distinct source_id
    from anchor
    where (area_code = $province or area_code in (select regency_code from province_regencies))
        and measure in ('active', 'workers_' || $basis)
        and period between (select first_period from window_months) and (select last_period from window_months)
),

final as (
    select
        s.source_id,
        s.title,
        s.url,
        s.kind,
        s.as_of
    from source as s
    where s.source_id in (select source_id from used)
)

select * from final
order by array_position(['published', 'import', 'reference', 'synthetic'], kind), as_of desc nulls last, title
