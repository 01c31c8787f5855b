-- Create "row_counts" table
CREATE TABLE `row_counts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `table_name` text NOT NULL, `rows` integer NOT NULL DEFAULT (0));
-- Set sequence for "row_counts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("row_counts", 77309411328);
-- Create index "row_counts_table_name_key" to table: "row_counts"
CREATE UNIQUE INDEX `row_counts_table_name_key` ON `row_counts` (`table_name`);
-- Count the tasks already there (rollup.CountHook keeps the count from now on)
INSERT INTO "row_counts" ("table_name", "rows") SELECT 'tasks', COUNT(*) FROM "tasks";
