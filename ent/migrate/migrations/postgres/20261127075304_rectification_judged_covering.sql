-- Drop index "rectification_judged_at" from table: "rectifications"
DROP INDEX "rectification_judged_at";
-- Create index "rectification_judged_at" to table: "rectifications"
CREATE INDEX "rectification_judged_at" ON "rectifications" ("judged_at") INCLUDE ("department_id", "verdict", "rating_id");
