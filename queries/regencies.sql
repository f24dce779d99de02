-- Every kabupaten/kota with its province, for pickers.
with

final as (
    select
        r.regency_code,
        r.name,
        r.province_code,
        p.short_name as province_name
    from regency as r
    inner join province as p using (province_code)
)

select * from final
order by regency_code
