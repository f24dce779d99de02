-- The area mapping at every level: the kabupaten/kota that make up each area. Facts are held per
-- kabupaten/kota, so an area's total is the sum over its rows here, and the levels add up.
create or replace temp view area_regency as
with

regencies as (
    select
        r.regency_code,
        r.province_code,
        p.kanwil_code
    from regency as r
    inner join province as p using (province_code)
),

final as (
    select 'national' as area_level, 'ID' as area_code, regency_code from regencies
    union all
    select 'kanwil', kanwil_code, regency_code from regencies
    union all
    select 'province', province_code, regency_code from regencies
    union all
    select 'regency', regency_code, regency_code from regencies
)

select * from final
