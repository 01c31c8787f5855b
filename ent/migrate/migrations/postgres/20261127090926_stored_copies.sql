-- Drop index "rectification_judged_at" from table: "rectifications"
DROP INDEX "rectification_judged_at";
-- Modify "rectifications" table
ALTER TABLE "rectifications" ADD COLUMN "rater_key" character varying NOT NULL DEFAULT '';
-- Create index "rectification_judged_at" to table: "rectifications"
CREATE INDEX "rectification_judged_at" ON "rectifications" ("judged_at") INCLUDE ("department_id", "verdict", "rating_id", "rater_key");
-- Modify "tasks" table
ALTER TABLE "tasks" ADD COLUMN "co_department_count" bigint NOT NULL DEFAULT 0;
-- Create index "task_co_window" to table: "tasks"
CREATE INDEX "task_co_window" ON "tasks" ("start_at") INCLUDE ("id", "due_at", "lead_department_id", "status", "kind") WHERE (co_department_count > 0);
-- Fill "co_department_count" from the co-department links already recorded
UPDATE tasks SET co_department_count = (SELECT COUNT(*) FROM task_co_departments c WHERE c.task_id = tasks.id) WHERE EXISTS (SELECT 1 FROM task_co_departments c WHERE c.task_id = tasks.id);
-- Copy each rectification's rating's "rater_key"
UPDATE rectifications SET rater_key = (SELECT r.rater_key FROM ratings r WHERE r.id = rectifications.rating_id);
