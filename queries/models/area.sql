-- Every area at every level, with its name and the province and Kanwil it lies in: the nation
-- ('ID'), each Kanwil, province and kabupaten/kota. A province is named by its short name.
create or replace temp view area as
with

final as (
    select
        'national' as area_level,
        'ID' as area_code,
        'Indonesia' as area_name,
        null::varchar as province_code,
        null::varchar as kanwil_code
    union all
    select 'kanwil', kanwil_code, name, null, kanwil_code
    from kanwil
    union all
    select 'province', province_code, short_name, province_code, kanwil_code
    from province
    union all
    select 'regency', r.regency_code, r.name, r.province_code, p.kanwil_code
    from regency as r
    inner join province as p using (province_code)
)

select * from final
