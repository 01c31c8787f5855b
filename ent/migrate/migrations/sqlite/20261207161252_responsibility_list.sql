-- Add column "synonyms" to table: "responsibility_items"
ALTER TABLE `responsibility_items` ADD COLUMN `synonyms` json NULL;
-- Add column "retired_at" to table: "responsibility_items"
ALTER TABLE `responsibility_items` ADD COLUMN `retired_at` datetime NULL;
-- Drop index "responsibilityitem_category_path" from table: "responsibility_items"
DROP INDEX `responsibilityitem_category_path`;
-- Create index "responsibilityitem_category_path_title" to table: "responsibility_items"
CREATE UNIQUE INDEX `responsibilityitem_category_path_title` ON `responsibility_items` (`category_path`, `title`);
-- Create "synonym_groups" table
CREATE TABLE `synonym_groups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `terms` json NOT NULL, `note` text NOT NULL DEFAULT (''));
-- Set sequence for "synonym_groups" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("synonym_groups", 94489280512);
