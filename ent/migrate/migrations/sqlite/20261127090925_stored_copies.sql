-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_rectifications" table
CREATE TABLE `new_rectifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `due_at` datetime NOT NULL, `answer` text NOT NULL DEFAULT (''), `answered_at` datetime NULL, `verdict` text NULL, `judged_at` datetime NULL, `reopen_count` integer NOT NULL DEFAULT (0), `closed_at` datetime NULL, `rater_key` text NOT NULL DEFAULT (''), `rating_id` integer NOT NULL, `task_id` integer NOT NULL, `department_id` integer NOT NULL, CONSTRAINT `rectifications_ratings_rectification` FOREIGN KEY (`rating_id`) REFERENCES `ratings` (`id`) ON DELETE NO ACTION, CONSTRAINT `rectifications_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE NO ACTION, CONSTRAINT `rectifications_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_rectifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_rectifications", 30064771072);
-- Copy rows from old table "rectifications" to new temporary table "new_rectifications"
INSERT INTO `new_rectifications` (`id`, `created_at`, `updated_at`, `status`, `due_at`, `answer`, `answered_at`, `verdict`, `judged_at`, `reopen_count`, `closed_at`, `rating_id`, `task_id`, `department_id`) SELECT `id`, `created_at`, `updated_at`, `status`, `due_at`, `answer`, `answered_at`, `verdict`, `judged_at`, `reopen_count`, `closed_at`, `rating_id`, `task_id`, `department_id` FROM `rectifications`;
-- Drop "rectifications" table after copying rows
DROP TABLE `rectifications`;
-- Rename temporary table "new_rectifications" to "rectifications"
ALTER TABLE `new_rectifications` RENAME TO `rectifications`;
-- Create index "rectifications_rating_id_key" to table: "rectifications"
CREATE UNIQUE INDEX `rectifications_rating_id_key` ON `rectifications` (`rating_id`);
-- Create index "rectification_task_id" to table: "rectifications"
CREATE INDEX `rectification_task_id` ON `rectifications` (`task_id`);
-- Create index "rectification_department_id_due_at" to table: "rectifications"
CREATE INDEX `rectification_department_id_due_at` ON `rectifications` (`department_id`, `due_at`);
-- Create index "rectification_judged_at" to table: "rectifications"
CREATE INDEX `rectification_judged_at` ON `rectifications` (`judged_at`);
-- Create index "rectification_status" to table: "rectifications"
CREATE INDEX `rectification_status` ON `rectifications` (`status`);
-- Create "new_tasks" table
CREATE TABLE `new_tasks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `kind` text NOT NULL, `priority` text NOT NULL DEFAULT ('NORMAL'), `status` text NOT NULL DEFAULT ('NEW'), `start_at` datetime NOT NULL, `due_at` datetime NOT NULL, `completed_at` datetime NULL, `cost_estimate` real NULL, `cost_actual` real NULL, `first_accepted_at` datetime NULL, `co_department_count` integer NOT NULL DEFAULT (0), `lead_received_at` datetime NULL, `cancel_reason` text NULL DEFAULT (''), `lead_department_id` integer NOT NULL, `requesting_unit_id` integer NULL, `first_responder_id` integer NULL, `responsibility_item_id` integer NULL, `created_by_id` integer NULL, CONSTRAINT `tasks_departments_lead_department` FOREIGN KEY (`lead_department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `tasks_departments_requesting_unit` FOREIGN KEY (`requesting_unit_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_staff_first_responder` FOREIGN KEY (`first_responder_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_responsibility_items_responsibility_item` FOREIGN KEY (`responsibility_item_id`) REFERENCES `responsibility_items` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_staff_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_tasks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_tasks", 55834574848);
-- Copy rows from old table "tasks" to new temporary table "new_tasks"
INSERT INTO `new_tasks` (`id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `priority`, `status`, `start_at`, `due_at`, `completed_at`, `cost_estimate`, `cost_actual`, `first_accepted_at`, `lead_received_at`, `cancel_reason`, `lead_department_id`, `requesting_unit_id`, `first_responder_id`, `responsibility_item_id`, `created_by_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `priority`, `status`, `start_at`, `due_at`, `completed_at`, `cost_estimate`, `cost_actual`, `first_accepted_at`, `lead_received_at`, `cancel_reason`, `lead_department_id`, `requesting_unit_id`, `first_responder_id`, `responsibility_item_id`, `created_by_id` FROM `tasks`;
-- Drop "tasks" table after copying rows
DROP TABLE `tasks`;
-- Rename temporary table "new_tasks" to "tasks"
ALTER TABLE `new_tasks` RENAME TO `tasks`;
-- Create index "task_lead_department_id" to table: "tasks"
CREATE INDEX `task_lead_department_id` ON `tasks` (`lead_department_id`);
-- Create index "task_requesting_unit_id" to table: "tasks"
CREATE INDEX `task_requesting_unit_id` ON `tasks` (`requesting_unit_id`);
-- Create index "task_first_responder_id" to table: "tasks"
CREATE INDEX `task_first_responder_id` ON `tasks` (`first_responder_id`);
-- Create index "task_responsibility_item_id" to table: "tasks"
CREATE INDEX `task_responsibility_item_id` ON `tasks` (`responsibility_item_id`);
-- Create index "task_created_by_id" to table: "tasks"
CREATE INDEX `task_created_by_id` ON `tasks` (`created_by_id`);
-- Create index "task_start_at" to table: "tasks"
CREATE INDEX `task_start_at` ON `tasks` (`start_at`);
-- Create index "task_due_at" to table: "tasks"
CREATE INDEX `task_due_at` ON `tasks` (`due_at`);
-- Create index "task_completed_at" to table: "tasks"
CREATE INDEX `task_completed_at` ON `tasks` (`completed_at`);
-- Create index "task_status_due_at" to table: "tasks"
CREATE INDEX `task_status_due_at` ON `tasks` (`status`, `due_at`);
-- Create index "task_id_covering" to table: "tasks"
CREATE INDEX `task_id_covering` ON `tasks` (`id`);
-- Create index "task_co_window" to table: "tasks"
CREATE INDEX `task_co_window` ON `tasks` (`start_at`) WHERE co_department_count > 0;
-- Create index "task_first_accepted_at" to table: "tasks"
CREATE INDEX `task_first_accepted_at` ON `tasks` (`first_accepted_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Fill "co_department_count" from the co-department links already recorded
UPDATE tasks SET co_department_count = (SELECT COUNT(*) FROM task_co_departments c WHERE c.task_id = tasks.id) WHERE EXISTS (SELECT 1 FROM task_co_departments c WHERE c.task_id = tasks.id);
-- Copy each rectification's rating's "rater_key"
UPDATE rectifications SET rater_key = (SELECT r.rater_key FROM ratings r WHERE r.id = rectifications.rating_id);
