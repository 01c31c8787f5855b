-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_staff_week_loads" table
CREATE TABLE `new_staff_week_loads` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `week_start` datetime NOT NULL, `hours` real NOT NULL DEFAULT (0), `meeting_hours` real NOT NULL DEFAULT (0), `ledger_hours` real NOT NULL DEFAULT (0), `mon_hours` real NOT NULL DEFAULT (0), `mon_meeting_hours` real NOT NULL DEFAULT (0), `mon_ledger_hours` real NOT NULL DEFAULT (0), `tue_hours` real NOT NULL DEFAULT (0), `tue_meeting_hours` real NOT NULL DEFAULT (0), `tue_ledger_hours` real NOT NULL DEFAULT (0), `wed_hours` real NOT NULL DEFAULT (0), `wed_meeting_hours` real NOT NULL DEFAULT (0), `wed_ledger_hours` real NOT NULL DEFAULT (0), `thu_hours` real NOT NULL DEFAULT (0), `thu_meeting_hours` real NOT NULL DEFAULT (0), `thu_ledger_hours` real NOT NULL DEFAULT (0), `fri_hours` real NOT NULL DEFAULT (0), `fri_meeting_hours` real NOT NULL DEFAULT (0), `fri_ledger_hours` real NOT NULL DEFAULT (0), `sat_hours` real NOT NULL DEFAULT (0), `sat_meeting_hours` real NOT NULL DEFAULT (0), `sat_ledger_hours` real NOT NULL DEFAULT (0), `sun_hours` real NOT NULL DEFAULT (0), `sun_meeting_hours` real NOT NULL DEFAULT (0), `sun_ledger_hours` real NOT NULL DEFAULT (0), `staff_id` integer NOT NULL, CONSTRAINT `staff_week_loads_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_staff_week_loads" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_staff_week_loads", 73014444032);
-- Copy rows from old table "staff_week_loads" to new temporary table "new_staff_week_loads"
INSERT INTO `new_staff_week_loads` (`id`, `week_start`, `hours`, `meeting_hours`, `ledger_hours`, `staff_id`) SELECT `id`, `week_start`, `hours`, `meeting_hours`, `ledger_hours`, `staff_id` FROM `staff_week_loads`;
-- Drop "staff_week_loads" table after copying rows
DROP TABLE `staff_week_loads`;
-- Rename temporary table "new_staff_week_loads" to "staff_week_loads"
ALTER TABLE `new_staff_week_loads` RENAME TO `staff_week_loads`;
-- Create index "staffweekload_staff_id_week_start" to table: "staff_week_loads"
CREATE UNIQUE INDEX `staffweekload_staff_id_week_start` ON `staff_week_loads` (`staff_id`, `week_start`);
-- Create index "staffweekload_week_start_staff_id" to table: "staff_week_loads"
CREATE INDEX `staffweekload_week_start_staff_id` ON `staff_week_loads` (`week_start`, `staff_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Rows built before the per-day columns lack them: empty the rollup; the server rebuilds it on start (rollup.EnsureBuilt)
DELETE FROM "staff_week_loads";
