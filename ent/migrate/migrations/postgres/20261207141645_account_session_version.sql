-- Modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "session_version" bigint NOT NULL DEFAULT 0, ADD COLUMN "demo" boolean NOT NULL DEFAULT false;
-- Modify "refresh_tokens" table
ALTER TABLE "refresh_tokens" ADD COLUMN "session_version" bigint NOT NULL DEFAULT 0;
-- Accounts the demo seed wrote before it marked them: its logins (a start
-- outside demo mode clears the mark of those whose password is not the demo one).
UPDATE accounts SET demo = true WHERE login IN ('admin', 'leader', 'staff', 'frontline', 'admin2', 'leader2', 'staff2', 'staff3', 'frontline2');
