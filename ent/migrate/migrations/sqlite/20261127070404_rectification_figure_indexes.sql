-- Create index "rating_voided" to table: "ratings"
CREATE INDEX `rating_voided` ON `ratings` (`id`) WHERE appeal_status = 'VOIDED';
