-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create index "rectification_judged_at" to table: "rectifications"
CREATE INDEX `rectification_judged_at` ON `rectifications` (`judged_at`);
-- Create "new_tasks" table
CREATE TABLE `new_tasks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `kind` text NOT NULL, `priority` text NOT NULL DEFAULT ('NORMAL'), `status` text NOT NULL DEFAULT ('NEW'), `start_at` datetime NOT NULL, `due_at` datetime NOT NULL, `completed_at` datetime NULL, `cost_estimate` real NULL, `cost_actual` real NULL, `first_accepted_at` datetime NULL, `lead_received_at` datetime NULL, `cancel_reason` text NULL DEFAULT (''), `lead_department_id` integer NOT NULL, `requesting_unit_id` integer NULL, `first_responder_id` integer NULL, `responsibility_item_id` integer NULL, `created_by_id` integer NULL, CONSTRAINT `tasks_departments_lead_department` FOREIGN KEY (`lead_department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `tasks_departments_requesting_unit` FOREIGN KEY (`requesting_unit_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_staff_first_responder` FOREIGN KEY (`first_responder_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_responsibility_items_responsibility_item` FOREIGN KEY (`responsibility_item_id`) REFERENCES `responsibility_items` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_staff_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_tasks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_tasks", 55834574848);
-- Copy rows from old table "tasks" to new temporary table "new_tasks"
INSERT INTO `new_tasks` (`id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `priority`, `status`, `start_at`, `due_at`, `completed_at`, `cost_estimate`, `cost_actual`, `lead_received_at`, `cancel_reason`, `lead_department_id`, `requesting_unit_id`, `first_responder_id`, `responsibility_item_id`, `created_by_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `priority`, `status`, `start_at`, `due_at`, `completed_at`, `cost_estimate`, `cost_actual`, `lead_received_at`, `cancel_reason`, `lead_department_id`, `requesting_unit_id`, `first_responder_id`, `responsibility_item_id`, `created_by_id` FROM `tasks`;
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
-- Create index "task_first_accepted_at" to table: "tasks"
CREATE INDEX `task_first_accepted_at` ON `tasks` (`first_accepted_at`);
-- Create "data_versions" table
CREATE TABLE `data_versions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `version` integer NOT NULL DEFAULT (0));
-- Set sequence for "data_versions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("data_versions", 81604378624);
-- Create "department_day_ratings" table
CREATE TABLE `department_day_ratings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `day` datetime NOT NULL, `ratings` integer NOT NULL DEFAULT (0), `raters` integer NOT NULL DEFAULT (0), `score_sum` integer NOT NULL DEFAULT (0), `good` integer NOT NULL DEFAULT (0), `bad` integer NOT NULL DEFAULT (0), `responsiveness_sum` integer NOT NULL DEFAULT (0), `resolution_sum` integer NOT NULL DEFAULT (0), `attitude_sum` integer NOT NULL DEFAULT (0), `department_id` integer NOT NULL, CONSTRAINT `department_day_ratings_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION);
-- Set sequence for "department_day_ratings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("department_day_ratings", 85899345920);
-- Create index "departmentdayrating_department_id_day" to table: "department_day_ratings"
CREATE UNIQUE INDEX `departmentdayrating_department_id_day` ON `department_day_ratings` (`department_id`, `day`);
-- Create index "departmentdayrating_day_department_id" to table: "department_day_ratings"
CREATE INDEX `departmentdayrating_day_department_id` ON `department_day_ratings` (`day`, `department_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Fill "first_accepted_at" from the ACCEPTED events already recorded
UPDATE tasks SET first_accepted_at = (SELECT MIN(e.at) FROM task_events e WHERE e.task_id = tasks.id AND e.type = 'ACCEPTED') WHERE EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = tasks.id AND e.type = 'ACCEPTED');
