-- API.md names the third identity kind `service` (CI jobs, scheduled tasks, other services);
-- the first schema called it `automation`. Renaming the enum value keeps existing rows.
ALTER TYPE "IdentityKind" RENAME VALUE 'automation' TO 'service';
