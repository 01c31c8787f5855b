-- Create index "rating_voided" to table: "ratings"
CREATE INDEX "rating_voided" ON "ratings" ("id") WHERE ((appeal_status)::text = 'VOIDED'::text);
-- Drop index "rectification_department_id_due_at" from table: "rectifications"
DROP INDEX "rectification_department_id_due_at";
-- Create index "rectification_department_id_due_at" to table: "rectifications"
CREATE INDEX "rectification_department_id_due_at" ON "rectifications" ("department_id", "due_at") INCLUDE ("answered_at", "rating_id");
