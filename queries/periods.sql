-- Months that have membership data, newest first.
select distinct period
from membership
order by period desc
