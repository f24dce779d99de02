-- Coverage in percent: active participants over workers. The one place a coverage rate is
-- divided; a query that needs a rate calls this macro. No workers: no rate (null), never 0.
create or replace temp macro coverage_pct(active, workers) as 100.0 * active / nullif(workers, 0)
