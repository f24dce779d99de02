-- Every Kanwil (BPJS Ketenagakerjaan regional office) with the provinces it covers, from west
-- to east (by the lowest province code).
with

final as (
    select
        k.kanwil_code,
        k.name,
        k.name_long,
        count(p.province_code) as provinces,
        string_agg(p.province_code, ',' order by p.province_code) as province_codes,
        min(p.province_code) as first_province
    from kanwil as k
    left join province as p using (kanwil_code)
    group by all
)

select * from final
order by first_province nulls last, kanwil_code
