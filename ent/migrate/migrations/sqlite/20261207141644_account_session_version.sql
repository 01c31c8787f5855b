-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_accounts" table
CREATE TABLE `new_accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `login` text NOT NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `last_login_at` datetime NULL, `session_version` integer NOT NULL DEFAULT (0), `demo` bool NOT NULL DEFAULT (false), `staff_id` integer NULL, CONSTRAINT `accounts_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `login`, `password_hash`, `role`, `disabled`, `last_login_at`, `staff_id`) SELECT `id`, `created_at`, `updated_at`, `login`, `password_hash`, `role`, `disabled`, `last_login_at`, `staff_id` FROM `accounts`;
-- Drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- Rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- Create index "accounts_login_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_login_key` ON `accounts` (`login`);
-- Create index "account_staff_id" to table: "accounts"
CREATE INDEX `account_staff_id` ON `accounts` (`staff_id`);
-- Create "new_refresh_tokens" table
CREATE TABLE `new_refresh_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` text NOT NULL, `family` text NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `session_version` integer NOT NULL DEFAULT (0), `account_id` integer NOT NULL, CONSTRAINT `refresh_tokens_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_refresh_tokens" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_refresh_tokens", 34359738368);
-- Copy rows from old table "refresh_tokens" to new temporary table "new_refresh_tokens"
INSERT INTO `new_refresh_tokens` (`id`, `created_at`, `updated_at`, `token_hash`, `family`, `expires_at`, `revoked_at`, `account_id`) SELECT `id`, `created_at`, `updated_at`, `token_hash`, `family`, `expires_at`, `revoked_at`, `account_id` FROM `refresh_tokens`;
-- Drop "refresh_tokens" table after copying rows
DROP TABLE `refresh_tokens`;
-- Rename temporary table "new_refresh_tokens" to "refresh_tokens"
ALTER TABLE `new_refresh_tokens` RENAME TO `refresh_tokens`;
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX `refresh_tokens_token_hash_key` ON `refresh_tokens` (`token_hash`);
-- Create index "refreshtoken_account_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_account_id` ON `refresh_tokens` (`account_id`);
-- Create index "refreshtoken_family" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_family` ON `refresh_tokens` (`family`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Accounts the demo seed wrote before it marked them: its logins (a start
-- outside demo mode clears the mark of those whose password is not the demo one).
UPDATE accounts SET demo = true WHERE login IN ('admin', 'leader', 'staff', 'frontline', 'admin2', 'leader2', 'staff2', 'staff3', 'frontline2');
