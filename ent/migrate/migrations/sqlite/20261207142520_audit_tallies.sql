-- Create "audit_tallies" table
CREATE TABLE `audit_tallies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `day` datetime NOT NULL, `action` text NOT NULL, `count` integer NOT NULL DEFAULT (0));
-- Set sequence for "audit_tallies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_tallies", 90194313216);
-- Create index "audittally_day_action" to table: "audit_tallies"
CREATE UNIQUE INDEX `audittally_day_action` ON `audit_tallies` (`day`, `action`);
