-- Create index "rating_id_covering" to table: "ratings"
CREATE INDEX "rating_id_covering" ON "ratings" ("id") INCLUDE ("appeal_status", "rater_key");
