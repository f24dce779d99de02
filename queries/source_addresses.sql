-- Every source's address by its title, for the exports' footers, source columns and "Keterangan"
-- sheet (review 3 F13: titles alone do not let a reader find the publication). A title stored
-- twice keeps the address it has (the first in order where two differ).
select
    title,
    min(url) as url
from source
where url is not null
    and trim(url) <> ''
group by title
order by title
