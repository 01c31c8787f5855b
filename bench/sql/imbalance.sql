-- imbalance over 2026-Q3 [2026-07-01, 2026-10-01) Asia/Shanghai for the whole agency:
-- the numbers of the API's imbalance (Gini, top-20 % share, counts, totals, the
-- overloaded and idle lists), in one statement over the load rollup
-- (weeks 2026-07-06 … 2026-09-21 whole, Wed–Sun of the week of 06-29, Mon–Wed of
-- the week of 09-28). Thresholds: the defaults 1.10 / 0.50.
WITH members AS (
  SELECT s.id AS staff_id,
    CASE WHEN s.seconded_to_id IS NOT NULL
          AND (s.secondment_from IS NULL OR s.secondment_from < TIMESTAMPTZ '2026-10-01 00:00+08')
          AND (s.secondment_to IS NULL OR s.secondment_to > TIMESTAMPTZ '2026-07-01 00:00+08')
         THEN s.seconded_to_id ELSE s.department_id END AS dept_id,
    s.active, s.weekly_capacity_hours AS weekly
  FROM staff s),
people AS (
  SELECT m.staff_id, m.dept_id, m.weekly * (92.0 / 7) AS cap
  FROM members m JOIN departments d ON d.id = m.dept_id AND d.kind = 'AGENCY'
  WHERE m.active),
spread AS (
  SELECT x.staff_id, SUM(x.h) AS h FROM (
    SELECT staff_id, hours AS h FROM staff_week_loads
    WHERE week_start >= TIMESTAMPTZ '2026-07-06 00:00+08' AND week_start < TIMESTAMPTZ '2026-09-28 00:00+08'
    UNION ALL
    SELECT staff_id, wed_hours + thu_hours + fri_hours + sat_hours + sun_hours FROM staff_week_loads
    WHERE week_start = TIMESTAMPTZ '2026-06-29 00:00+08'
    UNION ALL
    SELECT staff_id, mon_hours + tue_hours + wed_hours FROM staff_week_loads
    WHERE week_start = TIMESTAMPTZ '2026-09-28 00:00+08') x
  GROUP BY x.staff_id),
u AS (
  SELECT p.staff_id, COALESCE(sp.h, 0) AS load, p.cap, COALESCE(sp.h, 0) / p.cap AS u
  FROM people p LEFT JOIN spread sp ON sp.staff_id = p.staff_id WHERE p.cap > 0),
r AS (
  SELECT u.*, ROW_NUMBER() OVER (ORDER BY u, staff_id) AS iu, ROW_NUMBER() OVER (ORDER BY load DESC, staff_id) AS il,
    COUNT(*) OVER () AS n
  FROM u)
SELECT json_build_object(
  'gini', GREATEST(0, 2 * SUM(iu * u) / (COUNT(*) * SUM(u)) - (COUNT(*) + 1.0) / COUNT(*)),
  'top20Share', SUM(CASE WHEN il <= (n + 4) / 5 THEN load ELSE 0 END) / SUM(load),
  'n', COUNT(*), 'topCount', MAX((n + 4) / 5), 'totalLoad', SUM(load),
  'overloadedCount', COUNT(*) FILTER (WHERE u > 1.10), 'idleCount', COUNT(*) FILTER (WHERE u < 0.50),
  'overloaded', json_agg(json_build_object('staff', staff_id, 'load', load, 'capacity', cap, 'utilization', u)
                         ORDER BY u DESC, load DESC, staff_id) FILTER (WHERE u > 1.10),
  'idle', json_agg(json_build_object('staff', staff_id, 'load', load, 'capacity', cap, 'utilization', u)
                   ORDER BY u DESC, load DESC, staff_id) FILTER (WHERE u < 0.50))
FROM r;
