-- workload over 2026-Q3 for the whole agency: every active agency staff
-- member's load, capacity, utilization and flag, and every agency
-- department's sums, in one statement over the load rollup (see imbalance.sql).
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
sl AS (
  SELECT p.staff_id, p.dept_id, COALESCE(sp.h, 0) AS load, p.cap,
    CASE WHEN p.cap > 0 THEN COALESCE(sp.h, 0) / p.cap END AS u
  FROM people p LEFT JOIN spread sp ON sp.staff_id = p.staff_id),
dw AS (
  SELECT d.id, d.sort_order, COUNT(sl.staff_id) AS n, COALESCE(SUM(sl.load), 0) AS load, COALESCE(SUM(sl.cap), 0) AS cap,
    CASE WHEN SUM(sl.cap) > 0 THEN SUM(sl.load) / SUM(sl.cap) END AS u,
    COUNT(*) FILTER (WHERE sl.u > 1.10) AS over, COUNT(*) FILTER (WHERE sl.u < 0.50) AS idle
  FROM departments d LEFT JOIN sl ON sl.dept_id = d.id
  WHERE d.kind = 'AGENCY'
  GROUP BY d.id, d.sort_order)
SELECT json_build_object(
  'staff', (SELECT json_agg(json_build_object('staff', staff_id, 'department', dept_id, 'load', load, 'capacity', cap,
              'utilization', u, 'flag', CASE WHEN u > 1.10 THEN 'OVERLOADED' WHEN u < 0.50 THEN 'IDLE' END)
            ORDER BY u DESC NULLS LAST, load DESC, staff_id) FROM sl),
  'departments', (SELECT json_agg(json_build_object('department', id, 'staffCount', n, 'load', load, 'capacity', cap,
              'utilization', u, 'overloadedCount', over, 'idleCount', idle) ORDER BY sort_order, id) FROM dw));
