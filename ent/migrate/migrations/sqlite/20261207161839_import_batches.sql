-- Create "import_batches" table
CREATE TABLE `import_batches` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `file_name` text NOT NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `status` text NOT NULL DEFAULT ('CHECKING'), `content` blob NULL, `report` text NOT NULL DEFAULT (''), `failure` text NOT NULL DEFAULT (''), `rows_total` integer NOT NULL DEFAULT (0), `rows_done` integer NOT NULL DEFAULT (0), `checked_at` datetime NULL, `applied_at` datetime NULL, `heartbeat_at` datetime NULL, `secrets_sealed` blob NULL, `account_id` integer NOT NULL, CONSTRAINT `import_batches_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- Set sequence for "import_batches" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("import_batches", 98784247808);
-- Create index "importbatch_account_id_created_at" to table: "import_batches"
CREATE INDEX `importbatch_account_id_created_at` ON `import_batches` (`account_id`, `created_at`);
-- Create index "importbatch_status" to table: "import_batches"
CREATE INDEX `importbatch_status` ON `import_batches` (`status`);
-- Create index "importbatch_created_at" to table: "import_batches"
CREATE INDEX `importbatch_created_at` ON `import_batches` (`created_at`);
