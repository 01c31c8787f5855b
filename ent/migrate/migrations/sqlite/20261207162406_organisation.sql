-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_departments" table
CREATE TABLE `new_departments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `code` text NOT NULL, `kind` text NOT NULL, `visit_quota_per_year` integer NOT NULL DEFAULT (0), `sort_order` integer NOT NULL DEFAULT (0), `closed_at` datetime NULL, `parent_id` integer NULL, `successor_id` integer NULL, CONSTRAINT `departments_departments_children` FOREIGN KEY (`parent_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `departments_departments_predecessors` FOREIGN KEY (`successor_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_departments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_departments", 21474836480);
-- Copy rows from old table "departments" to new temporary table "new_departments"
INSERT INTO `new_departments` (`id`, `created_at`, `updated_at`, `name`, `code`, `kind`, `visit_quota_per_year`, `sort_order`, `parent_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `code`, `kind`, `visit_quota_per_year`, `sort_order`, `parent_id` FROM `departments`;
-- Drop "departments" table after copying rows
DROP TABLE `departments`;
-- Rename temporary table "new_departments" to "departments"
ALTER TABLE `new_departments` RENAME TO `departments`;
-- Create index "departments_code_key" to table: "departments"
CREATE UNIQUE INDEX `departments_code_key` ON `departments` (`code`);
-- Create index "department_parent_id" to table: "departments"
CREATE INDEX `department_parent_id` ON `departments` (`parent_id`);
-- Create index "department_kind" to table: "departments"
CREATE INDEX `department_kind` ON `departments` (`kind`);
-- Create "new_accounts" table
CREATE TABLE `new_accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `login` text NOT NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `last_login_at` datetime NULL, `must_change_password` bool NOT NULL DEFAULT (false), `session_version` integer NOT NULL DEFAULT (0), `demo` bool NOT NULL DEFAULT (false), `staff_id` integer NULL, CONSTRAINT `accounts_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `login`, `password_hash`, `role`, `disabled`, `last_login_at`, `session_version`, `demo`, `staff_id`) SELECT `id`, `created_at`, `updated_at`, `login`, `password_hash`, `role`, `disabled`, `last_login_at`, `session_version`, `demo`, `staff_id` FROM `accounts`;
-- Drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- Rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- Create index "accounts_login_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_login_key` ON `accounts` (`login`);
-- Create index "account_staff_id" to table: "accounts"
CREATE INDEX `account_staff_id` ON `accounts` (`staff_id`);
-- Create "staff_leaves" table
CREATE TABLE `staff_leaves` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `note` text NOT NULL DEFAULT (''), `staff_id` integer NOT NULL, CONSTRAINT `staff_leaves_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE NO ACTION);
-- Set sequence for "staff_leaves" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("staff_leaves", 103079215104);
-- Create index "staffleave_staff_id_starts_at" to table: "staff_leaves"
CREATE INDEX `staffleave_staff_id_starts_at` ON `staff_leaves` (`staff_id`, `starts_at`);
-- Create index "staffleave_starts_at" to table: "staff_leaves"
CREATE INDEX `staffleave_starts_at` ON `staff_leaves` (`starts_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
