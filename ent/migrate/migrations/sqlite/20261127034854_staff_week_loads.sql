-- Create "staff_week_loads" table
CREATE TABLE `staff_week_loads` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `week_start` datetime NOT NULL, `hours` real NOT NULL DEFAULT (0), `meeting_hours` real NOT NULL DEFAULT (0), `ledger_hours` real NOT NULL DEFAULT (0), `staff_id` integer NOT NULL, CONSTRAINT `staff_week_loads_staff_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff` (`id`) ON DELETE NO ACTION);
-- Set sequence for "staff_week_loads" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("staff_week_loads", 73014444032);
-- Create index "staffweekload_staff_id_week_start" to table: "staff_week_loads"
CREATE UNIQUE INDEX `staffweekload_staff_id_week_start` ON `staff_week_loads` (`staff_id`, `week_start`);
-- Create index "staffweekload_week_start_staff_id" to table: "staff_week_loads"
CREATE INDEX `staffweekload_week_start_staff_id` ON `staff_week_loads` (`week_start`, `staff_id`);
