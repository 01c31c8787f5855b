-- Create index "task_id_covering" to table: "tasks"
CREATE INDEX `task_id_covering` ON `tasks` (`id`);
