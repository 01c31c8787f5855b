-- The same numbers as imbalance.sql computed directly from tasks and assignments
-- (no rollup): the straightforward statement, for reference.
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
tw AS (
  SELECT t.id, EXTRACT(EPOCH FROM t.start_at) AS s, EXTRACT(EPOCH FROM t.due_at) AS e
  FROM tasks t
  WHERE t.status <> 'CANCELLED' AND t.start_at < TIMESTAMPTZ '2026-10-01 00:00+08'
    AND (t.due_at >= TIMESTAMPTZ '2026-07-01 00:00+08' OR t.start_at >= TIMESTAMPTZ '2026-07-01 00:00+08')),
tf AS (
  SELECT id, CASE WHEN e > s THEN GREATEST(0, LEAST(e, 1790784000) - GREATEST(s, 1782835200)) / (e - s)
                  WHEN s >= 1782835200 AND s < 1790784000 THEN 1 ELSE 0 END AS frac
  FROM tw),
spread AS (
  SELECT a.staff_id, SUM(a.hours * tf.frac) AS h FROM tf JOIN task_assignments a ON a.task_id = tf.id
  WHERE tf.frac > 0 GROUP BY a.staff_id),
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
