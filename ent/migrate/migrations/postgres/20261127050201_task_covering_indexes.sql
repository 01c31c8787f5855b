-- Drop index "task_completed_at" from table: "tasks"
DROP INDEX "task_completed_at";
-- Drop index "task_status_due_at" from table: "tasks"
DROP INDEX "task_status_due_at";
-- Create index "task_completed_at" to table: "tasks"
CREATE INDEX "task_completed_at" ON "tasks" ("completed_at") INCLUDE ("lead_department_id", "due_at", "status");
-- Create index "task_status_due_at" to table: "tasks"
CREATE INDEX "task_status_due_at" ON "tasks" ("status", "due_at") INCLUDE ("lead_department_id");
