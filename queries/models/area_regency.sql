-- The area mapping at every level: the kabupaten/kota that make up each area. Facts are held per
-- kabupaten/kota, so an area's total is the sum over its rows here, and the levels add up.
-- (Four plain selects: a shared CTE would be materialised, which costs more than the joins.)
create or replace temp view area_regency as
select 'national' as area_level, 'ID' as area_code, regency_code
from regency
union all
select 'kanwil', p.kanwil_code, r.regency_code
from regency as r
inner join province as p using (province_code)
union all
select 'province', province_code, regency_code
from regency
union all
select 'regency', regency_code, regency_code
from regency
