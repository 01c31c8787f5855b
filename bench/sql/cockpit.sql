-- cockpit over 2026-Q3 [2026-07-01, 2026-10-01) Asia/Shanghai for the whole
-- agency: every headline figure the API's cockpit gives, in one statement
-- (load from the rollup as in imbalance.sql; thresholds and the rater minimum
-- at their defaults: 1.10 / 0.50 utilization, 0.15 / 0.85 lead share, 3 raters).
-- It reads what the API reads: the load and ratings rollups, the tasks'
-- co-department counts and the rectifications' rater keys.
WITH members AS (
  SELECT s.id AS staff_id,
    CASE WHEN s.seconded_to_id IS NOT NULL
          AND (s.secondment_from IS NULL OR s.secondment_from < TIMESTAMPTZ '2026-10-01 00:00+08')
          AND (s.secondment_to IS NULL OR s.secondment_to > TIMESTAMPTZ '2026-07-01 00:00+08')
         THEN s.seconded_to_id ELSE s.department_id END AS dept_id,
    s.active, s.weekly_capacity_hours AS weekly
  FROM staff s),
agency AS (SELECT id, sort_order, visit_quota_per_year FROM departments WHERE kind = 'AGENCY'),
people AS (
  SELECT m.staff_id, m.dept_id, m.weekly * (92.0 / 7) AS cap
  FROM members m JOIN agency a ON a.id = m.dept_id WHERE m.active),
spread AS (
  SELECT x.staff_id, SUM(x.h) AS h, SUM(x.m) AS mh, SUM(x.l) AS lh FROM (
    SELECT staff_id, hours AS h, meeting_hours AS m, ledger_hours AS l FROM staff_week_loads
    WHERE week_start >= TIMESTAMPTZ '2026-07-06 00:00+08' AND week_start < TIMESTAMPTZ '2026-09-28 00:00+08'
    UNION ALL
    SELECT staff_id, wed_hours + thu_hours + fri_hours + sat_hours + sun_hours,
      wed_meeting_hours + thu_meeting_hours + fri_meeting_hours + sat_meeting_hours + sun_meeting_hours,
      wed_ledger_hours + thu_ledger_hours + fri_ledger_hours + sat_ledger_hours + sun_ledger_hours
    FROM staff_week_loads WHERE week_start = TIMESTAMPTZ '2026-06-29 00:00+08'
    UNION ALL
    SELECT staff_id, mon_hours + tue_hours + wed_hours, mon_meeting_hours + tue_meeting_hours + wed_meeting_hours,
      mon_ledger_hours + tue_ledger_hours + wed_ledger_hours
    FROM staff_week_loads WHERE week_start = TIMESTAMPTZ '2026-09-28 00:00+08') x
  GROUP BY x.staff_id),
sl AS (
  SELECT p.staff_id, p.dept_id, p.cap, COALESCE(sp.h, 0) AS load, COALESCE(sp.mh, 0) AS mh, COALESCE(sp.lh, 0) AS lh
  FROM people p LEFT JOIN spread sp ON sp.staff_id = p.staff_id),
r AS (
  SELECT load, load / cap AS u, ROW_NUMBER() OVER (ORDER BY load / cap, staff_id) AS iu,
    ROW_NUMBER() OVER (ORDER BY load DESC, staff_id) AS il, COUNT(*) OVER () AS n
  FROM sl WHERE cap > 0),
imb AS (
  SELECT json_build_object(
    'gini', GREATEST(0, 2 * SUM(iu * u) / (COUNT(*) * SUM(u)) - (COUNT(*) + 1.0) / COUNT(*)),
    'top20Share', SUM(CASE WHEN il <= (n + 4) / 5 THEN load ELSE 0 END) / SUM(load),
    'n', COUNT(*), 'topCount', MAX((n + 4) / 5), 'totalLoad', SUM(load),
    'overloadedCount', COUNT(*) FILTER (WHERE u > 1.10), 'idleCount', COUNT(*) FILTER (WHERE u < 0.50)) AS j
  FROM r),
-- on time and overdue
done AS (
  SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE t.completed_at <= t.due_at) AS ok
  FROM tasks t JOIN agency a ON a.id = t.lead_department_id
  WHERE t.status = 'DONE' AND t.completed_at >= TIMESTAMPTZ '2026-07-01 00:00+08' AND t.completed_at < TIMESTAMPTZ '2026-10-01 00:00+08'),
overdue AS (
  SELECT COUNT(*) AS n FROM tasks t JOIN agency a ON a.id = t.lead_department_id
  WHERE t.status IN ('NEW', 'ACCEPTED', 'IN_PROGRESS') AND t.due_at < now()),
-- transfers
xf AS (
  SELECT e.from_department_id AS f, e.to_department_id AS t, e.ping_pong, e.late FROM task_events e
  WHERE e.type = 'TRANSFERRED' AND e.at >= TIMESTAMPTZ '2026-07-01 00:00+08' AND e.at < TIMESTAMPTZ '2026-10-01 00:00+08'
    AND (e.from_department_id IS NOT NULL OR e.to_department_id IS NOT NULL)),
xt AS (SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE ping_pong) AS pp, COUNT(*) FILTER (WHERE late) AS late FROM xf),
pairs AS (
  SELECT f, t, COUNT(*) AS n, COUNT(*) FILTER (WHERE ping_pong) AS pp, COUNT(*) FILTER (WHERE late) AS late
  FROM xf WHERE f IS NOT NULL AND t IS NOT NULL GROUP BY f, t),
top_pairs AS (SELECT * FROM pairs WHERE pp > 0 ORDER BY pp DESC, n DESC, f, t LIMIT 5),
-- satisfaction, from the ratings rollup (department_day_ratings: the quarter is
-- whole days). Rater privacy: a department is shown when one of its days had
-- at least 3 distinct raters, which holds for every department of this data
-- set (the API, which also counts exactly when no day proves it, gives the
-- same numbers: xnbench compares them).
rdr AS (
  SELECT d.department_id AS dept, d.day, d.ratings AS n, d.raters, d.score_sum AS ss, d.good
  FROM department_day_ratings d JOIN agency a ON a.id = d.department_id
  WHERE d.day >= TIMESTAMPTZ '2026-07-01 00:00+08' AND d.day < TIMESTAMPTZ '2026-10-01 00:00+08'),
ra AS (
  SELECT SUM(n) AS n, MAX(raters) AS raters, SUM(ss)::float8 / SUM(n) AS mean, SUM(good) AS good FROM rdr),
rad AS (
  SELECT dept, SUM(n) AS n, MAX(raters) AS raters, SUM(ss)::float8 / SUM(n) AS mean FROM rdr GROUP BY dept),
lowest AS (
  SELECT rad.dept, rad.mean, rad.n FROM rad JOIN agency a ON a.id = rad.dept
  WHERE rad.raters >= 3 ORDER BY rad.mean, a.sort_order, a.id LIMIT 1),
rd AS (
  SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE x.answered_at IS NOT NULL AND x.answered_at <= x.due_at) AS ok
  FROM rectifications x JOIN agency a ON a.id = x.department_id
  WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.id = x.rating_id AND r.appeal_status = 'VOIDED')
    AND x.due_at >= TIMESTAMPTZ '2026-07-01 00:00+08'
    AND x.due_at < LEAST(TIMESTAMPTZ '2026-10-01 00:00+08', now())),
rj AS (
  SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE x.verdict IN ('SATISFIED', 'BASICALLY_SATISFIED')) AS ok,
    COUNT(DISTINCT x.rater_key) AS raters
  FROM rectifications x JOIN agency a ON a.id = x.department_id
  WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.id = x.rating_id AND r.appeal_status = 'VOIDED') AND x.verdict IS NOT NULL
    AND x.judged_at >= TIMESTAMPTZ '2026-07-01 00:00+08' AND x.judged_at < TIMESTAMPTZ '2026-10-01 00:00+08'),
-- 约谈: bottom of the ranking of August and of September (the window's last two complete months)
rm AS (
  SELECT date_trunc('month', rdr.day AT TIME ZONE 'Asia/Shanghai') AS month, rdr.dept,
    MAX(rdr.raters) AS raters, SUM(rdr.ss)::float8 / SUM(rdr.n) AS mean
  FROM rdr WHERE rdr.day >= TIMESTAMPTZ '2026-08-01 00:00+08'
  GROUP BY 1, 2),
rk AS (SELECT month, dept, mean, MIN(mean) OVER (PARTITION BY month) AS low, COUNT(*) OVER (PARTITION BY month) AS cnt
       FROM rm WHERE raters >= 3),
talk AS (
  SELECT rk.dept FROM rk JOIN agency a ON a.id = rk.dept
  WHERE rk.cnt >= 2 AND rk.mean = rk.low
  GROUP BY rk.dept, a.sort_order HAVING COUNT(*) = 2
  ORDER BY a.sort_order, rk.dept),
-- visits
vis AS (
  SELECT (SELECT COUNT(*) FROM service_visits v JOIN agency a ON a.id = v.department_id
          WHERE v.confirmed AND v.visited_at >= TIMESTAMPTZ '2026-07-01 00:00+08' AND v.visited_at < TIMESTAMPTZ '2026-10-01 00:00+08') AS done,
         (SELECT SUM(visit_quota_per_year) * 92.0 / 365 FROM agency) AS quota),
-- meeting and ledger share
ms AS (SELECT SUM(mh) AS mh, SUM(lh) AS lh, SUM(load) AS load FROM sl),
msd AS (
  SELECT a.id, a.sort_order, (SUM(sl.mh) + SUM(sl.lh)) / SUM(sl.load) AS share
  FROM agency a JOIN sl ON sl.dept_id = a.id GROUP BY a.id, a.sort_order HAVING SUM(sl.load) > 0),
top_meeting AS (SELECT id, share FROM msd ORDER BY share DESC, sort_order, id LIMIT 1),
-- lead share: tasks overlapping the window that have co-departments
lt AS (
  SELECT t.id, t.lead_department_id AS lead, EXTRACT(EPOCH FROM t.start_at) AS s, EXTRACT(EPOCH FROM t.due_at) AS e
  FROM tasks t
  WHERE t.status <> 'CANCELLED' AND t.start_at < TIMESTAMPTZ '2026-10-01 00:00+08'
    AND (t.due_at >= TIMESTAMPTZ '2026-07-01 00:00+08' OR t.start_at >= TIMESTAMPTZ '2026-07-01 00:00+08')
    AND t.co_department_count > 0),
lth AS (
  SELECT lt.id, lt.lead, SUM(a.hours) AS total,
    SUM(CASE WHEN m.dept_id = lt.lead THEN a.hours ELSE 0 END) AS lead_h,
    SUM(CASE WHEN c.department_id IS NOT NULL AND m.dept_id <> lt.lead THEN a.hours ELSE 0 END) AS co_h
  FROM lt JOIN task_assignments a ON a.task_id = lt.id JOIN members m ON m.staff_id = a.staff_id
  LEFT JOIN task_co_departments c ON c.task_id = lt.id AND c.department_id = m.dept_id
  WHERE (lt.e > lt.s AND LEAST(lt.e, 1790784000) > GREATEST(lt.s, 1782835200))
     OR (lt.e <= lt.s AND lt.s >= 1782835200 AND lt.s < 1790784000)
  GROUP BY lt.id, lt.lead),
ls AS (SELECT lead, AVG(lead_h / total) AS share FROM lth WHERE co_h > 0 GROUP BY lead)
SELECT json_build_object(
  'imbalance', (SELECT j FROM imb),
  'completedCount', (SELECT n FROM done),
  'onTimeRate', (SELECT CASE WHEN n > 0 THEN ok::float8 / n END FROM done),
  'overdueCount', (SELECT n FROM overdue),
  'transferCount', (SELECT n FROM xt), 'pingPongCount', (SELECT pp FROM xt), 'lateTransferCount', (SELECT late FROM xt),
  'pingPongPairs', (SELECT json_agg(json_build_object('from', f, 'to', t, 'count', n, 'pingPongs', pp, 'lateTransfers', late)
                    ORDER BY pp DESC, n DESC, f, t) FROM top_pairs),
  'satisfactionWithheld', (SELECT raters < 3 FROM ra),
  'ratingCount', (SELECT CASE WHEN raters >= 3 THEN n END FROM ra),
  'meanScore', (SELECT CASE WHEN raters >= 3 THEN mean END FROM ra),
  'satisfactionRate', (SELECT CASE WHEN raters >= 3 THEN good::float8 / n END FROM ra),
  'rectificationsOnTimeRate', (SELECT CASE WHEN n > 0 THEN ok::float8 / n END FROM rd),
  'rectificationAcceptanceRate', (SELECT CASE WHEN raters >= 3 AND n > 0 THEN ok::float8 / n END FROM rj),
  'lowestRated', (SELECT json_build_object('department', dept, 'meanScore', mean, 'ratingCount', n) FROM lowest),
  'talkFlags', (SELECT json_agg(dept) FROM talk),
  'visitsDone', (SELECT done FROM vis), 'visitsQuota', (SELECT quota FROM vis),
  'visitsRate', (SELECT CASE WHEN quota > 0 THEN done / quota END FROM vis),
  'meetingShare', (SELECT CASE WHEN load > 0 THEN (mh + lh) / load END FROM ms),
  'topMeetingShare', (SELECT json_build_object('department', id, 'share', share) FROM top_meeting),
  'leadShareFlags', (SELECT json_agg(json_build_object('department', lead, 'leadShare', share,
                       'flag', CASE WHEN share < 0.15 THEN 'LEADS_WITHOUT_DOING' ELSE 'DOES_IT_ALL' END) ORDER BY share, lead)
                     FROM ls WHERE share < 0.15 OR share > 0.85));
