-- Create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `login` text NOT NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `last_login_at` datetime NULL, `staff_id` integer NULL, CONSTRAINT `accounts_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Create index "accounts_login_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_login_key` ON `accounts` (`login`);
-- Create index "account_staff_id" to table: "accounts"
CREATE INDEX `account_staff_id` ON `accounts` (`staff_id`);
-- Create "accountabilities" table
CREATE TABLE `accountabilities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `measure` text NOT NULL, `decided_by` text NOT NULL, `decided_at` datetime NOT NULL, `complaint_id` integer NOT NULL, `subject_staff_id` integer NULL, `subject_department_id` integer NULL, CONSTRAINT `accountabilities_complaints_complaint` FOREIGN KEY (`complaint_id`) REFERENCES `complaints` (`id`) ON DELETE NO ACTION, CONSTRAINT `accountabilities_staff_subject_staff` FOREIGN KEY (`subject_staff_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `accountabilities_departments_subject_department` FOREIGN KEY (`subject_department_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL);
-- Set sequence for "accountabilities" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("accountabilities", 4294967296);
-- Create index "accountability_complaint_id" to table: "accountabilities"
CREATE INDEX `accountability_complaint_id` ON `accountabilities` (`complaint_id`);
-- Create index "accountability_subject_staff_id" to table: "accountabilities"
CREATE INDEX `accountability_subject_staff_id` ON `accountabilities` (`subject_staff_id`);
-- Create index "accountability_subject_department_id" to table: "accountabilities"
CREATE INDEX `accountability_subject_department_id` ON `accountabilities` (`subject_department_id`);
-- Create "api_tokens" table
CREATE TABLE `api_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `token_hash` text NOT NULL, `scopes` json NOT NULL, `expires_at` datetime NULL, `revoked_at` datetime NULL, `last_used_at` datetime NULL, `account_id` integer NOT NULL, CONSTRAINT `api_tokens_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "api_tokens" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("api_tokens", 8589934592);
-- Create index "api_tokens_token_hash_key" to table: "api_tokens"
CREATE UNIQUE INDEX `api_tokens_token_hash_key` ON `api_tokens` (`token_hash`);
-- Create index "apitoken_account_id" to table: "api_tokens"
CREATE INDEX `apitoken_account_id` ON `api_tokens` (`account_id`);
-- Create "audit_logs" table
CREATE TABLE `audit_logs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `actor_account_id` integer NULL, `action` text NOT NULL, `entity` text NOT NULL DEFAULT (''), `entity_id` integer NULL, `detail` text NOT NULL DEFAULT (''), `client_addr` text NOT NULL DEFAULT (''), `at` datetime NOT NULL);
-- Set sequence for "audit_logs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_logs", 12884901888);
-- Create index "auditlog_actor_account_id" to table: "audit_logs"
CREATE INDEX `auditlog_actor_account_id` ON `audit_logs` (`actor_account_id`);
-- Create index "auditlog_entity_entity_id" to table: "audit_logs"
CREATE INDEX `auditlog_entity_entity_id` ON `audit_logs` (`entity`, `entity_id`);
-- Create index "auditlog_at" to table: "audit_logs"
CREATE INDEX `auditlog_at` ON `audit_logs` (`at`);
-- Create "complaints" table
CREATE TABLE `complaints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `tracking_code` text NOT NULL, `anonymous` bool NOT NULL DEFAULT (true), `complainant_name` text NOT NULL DEFAULT (''), `complainant_contact` text NOT NULL DEFAULT (''), `category` text NOT NULL, `text` text NOT NULL, `status` text NOT NULL DEFAULT ('RECEIVED'), `received_at` datetime NOT NULL, `accept_due_at` datetime NOT NULL, `resolve_due_at` datetime NULL, `decided_at` datetime NULL, `resolved_at` datetime NULL, `findings` text NOT NULL DEFAULT (''), `feedback` text NOT NULL DEFAULT (''), `client_addr` text NOT NULL DEFAULT (''), `department_id` integer NULL, `staff_id` integer NULL, `handler_id` integer NULL, CONSTRAINT `complaints_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `complaints_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `complaints_staff_handler` FOREIGN KEY (`handler_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Set sequence for "complaints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("complaints", 17179869184);
-- Create index "complaints_tracking_code_key" to table: "complaints"
CREATE UNIQUE INDEX `complaints_tracking_code_key` ON `complaints` (`tracking_code`);
-- Create index "complaint_department_id" to table: "complaints"
CREATE INDEX `complaint_department_id` ON `complaints` (`department_id`);
-- Create index "complaint_staff_id" to table: "complaints"
CREATE INDEX `complaint_staff_id` ON `complaints` (`staff_id`);
-- Create index "complaint_handler_id" to table: "complaints"
CREATE INDEX `complaint_handler_id` ON `complaints` (`handler_id`);
-- Create index "complaint_status_received_at" to table: "complaints"
CREATE INDEX `complaint_status_received_at` ON `complaints` (`status`, `received_at`);
-- Create index "complaint_received_at" to table: "complaints"
CREATE INDEX `complaint_received_at` ON `complaints` (`received_at`);
-- Create "departments" table
CREATE TABLE `departments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `code` text NOT NULL, `kind` text NOT NULL, `visit_quota_per_year` integer NOT NULL DEFAULT (0), `sort_order` integer NOT NULL DEFAULT (0), `parent_id` integer NULL, CONSTRAINT `departments_departments_children` FOREIGN KEY (`parent_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL);
-- Set sequence for "departments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("departments", 21474836480);
-- Create index "departments_code_key" to table: "departments"
CREATE UNIQUE INDEX `departments_code_key` ON `departments` (`code`);
-- Create index "department_parent_id" to table: "departments"
CREATE INDEX `department_parent_id` ON `departments` (`parent_id`);
-- Create index "department_kind" to table: "departments"
CREATE INDEX `department_kind` ON `departments` (`kind`);
-- Create "ratings" table
CREATE TABLE `ratings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `rater_key` text NOT NULL, `score` integer NOT NULL, `responsiveness` integer NOT NULL, `resolution` integer NOT NULL, `attitude` integer NOT NULL, `comment` text NOT NULL DEFAULT (''), `anonymous` bool NOT NULL DEFAULT (false), `idempotency_key` text NULL, `appeal_status` text NOT NULL DEFAULT ('NONE'), `appeal_reason` text NOT NULL DEFAULT (''), `appeal_decision_note` text NOT NULL DEFAULT (''), `appeal_decided_at` datetime NULL, `rater_id` integer NULL, `rater_unit_id` integer NOT NULL, `target_department_id` integer NOT NULL, `task_id` integer NULL, `visit_id` integer NULL, CONSTRAINT `ratings_staff_rater` FOREIGN KEY (`rater_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `ratings_departments_rater_unit` FOREIGN KEY (`rater_unit_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `ratings_departments_target_department` FOREIGN KEY (`target_department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `ratings_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE SET NULL, CONSTRAINT `ratings_service_visits_visit` FOREIGN KEY (`visit_id`) REFERENCES `service_visits` (`id`) ON DELETE SET NULL);
-- Set sequence for "ratings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ratings", 25769803776);
-- Create index "rating_rater_id" to table: "ratings"
CREATE INDEX `rating_rater_id` ON `ratings` (`rater_id`);
-- Create index "rating_rater_key" to table: "ratings"
CREATE INDEX `rating_rater_key` ON `ratings` (`rater_key`);
-- Create index "rating_rater_unit_id" to table: "ratings"
CREATE INDEX `rating_rater_unit_id` ON `ratings` (`rater_unit_id`);
-- Create index "rating_target_department_id_created_at" to table: "ratings"
CREATE INDEX `rating_target_department_id_created_at` ON `ratings` (`target_department_id`, `created_at`);
-- Create index "rating_task_id" to table: "ratings"
CREATE INDEX `rating_task_id` ON `ratings` (`task_id`);
-- Create index "rating_visit_id" to table: "ratings"
CREATE INDEX `rating_visit_id` ON `ratings` (`visit_id`);
-- Create index "rating_created_at" to table: "ratings"
CREATE INDEX `rating_created_at` ON `ratings` (`created_at`);
-- Create index "rating_rater_key_idempotency_key" to table: "ratings"
CREATE UNIQUE INDEX `rating_rater_key_idempotency_key` ON `ratings` (`rater_key`, `idempotency_key`);
-- Create "rectifications" table
CREATE TABLE `rectifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `due_at` datetime NOT NULL, `answer` text NOT NULL DEFAULT (''), `answered_at` datetime NULL, `verdict` text NULL, `judged_at` datetime NULL, `reopen_count` integer NOT NULL DEFAULT (0), `closed_at` datetime NULL, `rating_id` integer NOT NULL, `task_id` integer NOT NULL, `department_id` integer NOT NULL, CONSTRAINT `rectifications_ratings_rectification` FOREIGN KEY (`rating_id`) REFERENCES `ratings` (`id`) ON DELETE NO ACTION, CONSTRAINT `rectifications_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE NO ACTION, CONSTRAINT `rectifications_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION);
-- Set sequence for "rectifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("rectifications", 30064771072);
-- Create index "rectifications_rating_id_key" to table: "rectifications"
CREATE UNIQUE INDEX `rectifications_rating_id_key` ON `rectifications` (`rating_id`);
-- Create index "rectification_task_id" to table: "rectifications"
CREATE INDEX `rectification_task_id` ON `rectifications` (`task_id`);
-- Create index "rectification_department_id_due_at" to table: "rectifications"
CREATE INDEX `rectification_department_id_due_at` ON `rectifications` (`department_id`, `due_at`);
-- Create index "rectification_status" to table: "rectifications"
CREATE INDEX `rectification_status` ON `rectifications` (`status`);
-- Create "refresh_tokens" table
CREATE TABLE `refresh_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` text NOT NULL, `family` text NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `account_id` integer NOT NULL, CONSTRAINT `refresh_tokens_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "refresh_tokens" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("refresh_tokens", 34359738368);
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX `refresh_tokens_token_hash_key` ON `refresh_tokens` (`token_hash`);
-- Create index "refreshtoken_account_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_account_id` ON `refresh_tokens` (`account_id`);
-- Create index "refreshtoken_family" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_family` ON `refresh_tokens` (`family`);
-- Create "responsibility_items" table
CREATE TABLE `responsibility_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `list` text NOT NULL DEFAULT ('RESPONSIBILITY'), `title` text NOT NULL, `category_path` text NOT NULL, `keywords` json NULL, `respond_within_hours` integer NOT NULL DEFAULT (4), `resolve_within_days` integer NOT NULL DEFAULT (5), `commitment` text NOT NULL DEFAULT (''), `legal_basis` text NOT NULL DEFAULT (''), `contact` text NOT NULL DEFAULT (''), `responsible_department_id` integer NULL, `lead_department_id` integer NULL, CONSTRAINT `responsibility_items_departments_responsible_department` FOREIGN KEY (`responsible_department_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `responsibility_items_departments_lead_department` FOREIGN KEY (`lead_department_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL);
-- Set sequence for "responsibility_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("responsibility_items", 38654705664);
-- Create index "responsibilityitem_responsible_department_id" to table: "responsibility_items"
CREATE INDEX `responsibilityitem_responsible_department_id` ON `responsibility_items` (`responsible_department_id`);
-- Create index "responsibilityitem_lead_department_id" to table: "responsibility_items"
CREATE INDEX `responsibilityitem_lead_department_id` ON `responsibility_items` (`lead_department_id`);
-- Create index "responsibilityitem_category_path" to table: "responsibility_items"
CREATE INDEX `responsibilityitem_category_path` ON `responsibility_items` (`category_path`);
-- Create "service_visits" table
CREATE TABLE `service_visits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `visited_at` datetime NOT NULL, `purpose` text NOT NULL, `problems_solved` integer NOT NULL DEFAULT (0), `notes` text NOT NULL DEFAULT (''), `confirmed` bool NOT NULL DEFAULT (false), `confirmed_at` datetime NULL, `department_id` integer NOT NULL, `staff_id` integer NOT NULL, `unit_id` integer NOT NULL, `confirmed_by_id` integer NULL, CONSTRAINT `service_visits_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `service_visits_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE NO ACTION, CONSTRAINT `service_visits_departments_unit` FOREIGN KEY (`unit_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `service_visits_staff_confirmed_by` FOREIGN KEY (`confirmed_by_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Set sequence for "service_visits" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("service_visits", 42949672960);
-- Create index "servicevisit_department_id_visited_at" to table: "service_visits"
CREATE INDEX `servicevisit_department_id_visited_at` ON `service_visits` (`department_id`, `visited_at`);
-- Create index "servicevisit_staff_id" to table: "service_visits"
CREATE INDEX `servicevisit_staff_id` ON `service_visits` (`staff_id`);
-- Create index "servicevisit_unit_id" to table: "service_visits"
CREATE INDEX `servicevisit_unit_id` ON `service_visits` (`unit_id`);
-- Create index "servicevisit_confirmed_by_id" to table: "service_visits"
CREATE INDEX `servicevisit_confirmed_by_id` ON `service_visits` (`confirmed_by_id`);
-- Create index "servicevisit_visited_at" to table: "service_visits"
CREATE INDEX `servicevisit_visited_at` ON `service_visits` (`visited_at`);
-- Create "settings" table
CREATE TABLE `settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NOT NULL, `value` text NOT NULL DEFAULT (''));
-- Set sequence for "settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("settings", 47244640256);
-- Create index "settings_key_key" to table: "settings"
CREATE UNIQUE INDEX `settings_key_key` ON `settings` (`key`);
-- Create "staff" table
CREATE TABLE `staff` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `employee_no` text NOT NULL, `position` text NOT NULL DEFAULT (''), `rank` text NOT NULL DEFAULT (''), `weekly_capacity_hours` real NOT NULL DEFAULT (40), `secondment_from` datetime NULL, `secondment_to` datetime NULL, `active` bool NOT NULL DEFAULT (true), `department_id` integer NOT NULL, `mentor_id` integer NULL, `seconded_to_id` integer NULL, CONSTRAINT `staff_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `staff_staff_mentees` FOREIGN KEY (`mentor_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `staff_departments_seconded_to` FOREIGN KEY (`seconded_to_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL);
-- Set sequence for "staff" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("staff", 51539607552);
-- Create index "staff_employee_no_key" to table: "staff"
CREATE UNIQUE INDEX `staff_employee_no_key` ON `staff` (`employee_no`);
-- Create index "staff_department_id" to table: "staff"
CREATE INDEX `staff_department_id` ON `staff` (`department_id`);
-- Create index "staff_mentor_id" to table: "staff"
CREATE INDEX `staff_mentor_id` ON `staff` (`mentor_id`);
-- Create index "staff_seconded_to_id" to table: "staff"
CREATE INDEX `staff_seconded_to_id` ON `staff` (`seconded_to_id`);
-- Create "tasks" table
CREATE TABLE `tasks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `kind` text NOT NULL, `priority` text NOT NULL DEFAULT ('NORMAL'), `status` text NOT NULL DEFAULT ('NEW'), `start_at` datetime NOT NULL, `due_at` datetime NOT NULL, `completed_at` datetime NULL, `cost_estimate` real NULL, `cost_actual` real NULL, `lead_received_at` datetime NULL, `cancel_reason` text NULL DEFAULT (''), `lead_department_id` integer NOT NULL, `requesting_unit_id` integer NULL, `first_responder_id` integer NULL, `responsibility_item_id` integer NULL, `created_by_id` integer NULL, CONSTRAINT `tasks_departments_lead_department` FOREIGN KEY (`lead_department_id`) REFERENCES `departments` (`id`) ON DELETE NO ACTION, CONSTRAINT `tasks_departments_requesting_unit` FOREIGN KEY (`requesting_unit_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_staff_first_responder` FOREIGN KEY (`first_responder_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_responsibility_items_responsibility_item` FOREIGN KEY (`responsibility_item_id`) REFERENCES `responsibility_items` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_staff_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Set sequence for "tasks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("tasks", 55834574848);
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
-- Create "task_assignments" table
CREATE TABLE `task_assignments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `hours` real NOT NULL, `actual_hours` real NOT NULL DEFAULT (0), `task_id` integer NOT NULL, `staff_id` integer NOT NULL, CONSTRAINT `task_assignments_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE NO ACTION, CONSTRAINT `task_assignments_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE NO ACTION);
-- Set sequence for "task_assignments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("task_assignments", 60129542144);
-- Create index "taskassignment_task_id_staff_id" to table: "task_assignments"
CREATE UNIQUE INDEX `taskassignment_task_id_staff_id` ON `task_assignments` (`task_id`, `staff_id`);
-- Create index "taskassignment_staff_id" to table: "task_assignments"
CREATE INDEX `taskassignment_staff_id` ON `task_assignments` (`staff_id`);
-- Create "task_events" table
CREATE TABLE `task_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `type` text NOT NULL, `reason` text NOT NULL DEFAULT (''), `from_status` text NOT NULL DEFAULT (''), `to_status` text NOT NULL DEFAULT (''), `ping_pong` bool NOT NULL DEFAULT (false), `late` bool NOT NULL DEFAULT (false), `at` datetime NOT NULL, `task_id` integer NOT NULL, `actor_id` integer NULL, `from_department_id` integer NULL, `to_department_id` integer NULL, CONSTRAINT `task_events_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE NO ACTION, CONSTRAINT `task_events_staff_actor` FOREIGN KEY (`actor_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL, CONSTRAINT `task_events_departments_from_department` FOREIGN KEY (`from_department_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL, CONSTRAINT `task_events_departments_to_department` FOREIGN KEY (`to_department_id`) REFERENCES `departments` (`id`) ON DELETE SET NULL);
-- Set sequence for "task_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("task_events", 64424509440);
-- Create index "taskevent_task_id_at" to table: "task_events"
CREATE INDEX `taskevent_task_id_at` ON `task_events` (`task_id`, `at`);
-- Create index "taskevent_actor_id" to table: "task_events"
CREATE INDEX `taskevent_actor_id` ON `task_events` (`actor_id`);
-- Create index "taskevent_from_department_id" to table: "task_events"
CREATE INDEX `taskevent_from_department_id` ON `task_events` (`from_department_id`);
-- Create index "taskevent_to_department_id" to table: "task_events"
CREATE INDEX `taskevent_to_department_id` ON `task_events` (`to_department_id`);
-- Create index "taskevent_type_at" to table: "task_events"
CREATE INDEX `taskevent_type_at` ON `task_events` (`type`, `at`);
-- Create index "taskevent_at" to table: "task_events"
CREATE INDEX `taskevent_at` ON `task_events` (`at`);
-- Create "work_calendar" table
CREATE TABLE `work_calendar` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `day` text NOT NULL, `kind` text NOT NULL, `note` text NOT NULL DEFAULT (''));
-- Set sequence for "work_calendar" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("work_calendar", 68719476736);
-- Create index "work_calendar_day_key" to table: "work_calendar"
CREATE UNIQUE INDEX `work_calendar_day_key` ON `work_calendar` (`day`);
-- Create "task_co_departments" table
CREATE TABLE `task_co_departments` (`task_id` integer NOT NULL, `department_id` integer NOT NULL, PRIMARY KEY (`task_id`, `department_id`), CONSTRAINT `task_co_departments_task_id` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE CASCADE, CONSTRAINT `task_co_departments_department_id` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
