-- CreateTable
CREATE TABLE "Department" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "parentId" INTEGER NOT NULL DEFAULT 0,
    "syncedAt" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "departmentIds" TEXT NOT NULL DEFAULT '[]',
    "leadsDepartmentIds" TEXT NOT NULL DEFAULT '[]',
    "syncedAt" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL,
    "departmentIds" TEXT,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" INTEGER NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "at" INTEGER NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_AuditLog" ("action", "actor", "at", "detail", "id", "target") SELECT "action", "actor", "at", "detail", "id", "target" FROM "AuditLog";
DROP TABLE "AuditLog";
ALTER TABLE "new_AuditLog" RENAME TO "AuditLog";
CREATE INDEX "AuditLog_target_at_idx" ON "AuditLog"("target", "at");
CREATE INDEX "AuditLog_actor_at_idx" ON "AuditLog"("actor", "at");
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- The audit log is append-only: no route edits or deletes it, and the database refuses to as well.
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
