-- The task page's numbers in one statement that builds the whole answer's
-- JSON: the first 50 tasks by deadline with their lead department, their
-- co-departments and their assignees (the page bench/taskpage.lua asks for,
-- as the agency leader, who sees every task). bench/run.sh runs it with
-- pgbench at 16 connections: the raw-SQL limit of the page's throughput on
-- this machine, with nothing but PostgreSQL and its client working.
SELECT json_build_object('totalCount', (SELECT rows FROM row_counts WHERE table_name = 'tasks'),
  'edges', COALESCE(json_agg(json_build_object('node', json_build_object(
    'title', t.title, 'dueAt', t.due_at, 'status', t.status,
    'leadDepartment', (SELECT json_build_object('name', d.name) FROM departments d WHERE d.id = t.lead_department_id),
    'coDepartments', COALESCE((SELECT json_agg(json_build_object('name', d.name) ORDER BY d.id)
      FROM task_co_departments c JOIN departments d ON d.id = c.department_id WHERE c.task_id = t.id), '[]'),
    'assignments', COALESCE((SELECT json_agg(json_build_object('hours', a.hours, 'staff', json_build_object('name', s.name)) ORDER BY a.id)
      FROM task_assignments a JOIN staff s ON s.id = a.staff_id WHERE a.task_id = t.id), '[]')
  )) ORDER BY t.due_at, t.id), '[]'))
FROM (SELECT id, title, due_at, status, lead_department_id FROM tasks ORDER BY due_at, id LIMIT 50) t;
