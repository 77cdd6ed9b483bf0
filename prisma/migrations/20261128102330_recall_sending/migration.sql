-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Recall" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "segmentId" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "frequencyCapDays" INTEGER NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "createdAt" INTEGER NOT NULL,
    "checkedAt" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "claimedUntil" INTEGER,
    "summary" TEXT
);
INSERT INTO "new_Recall" ("attachments", "checkedAt", "createdAt", "definition", "frequencyCapDays", "id", "segmentId", "text", "windowDays") SELECT "attachments", "checkedAt", "createdAt", "definition", "frequencyCapDays", "id", "segmentId", "text", "windowDays" FROM "Recall";
DROP TABLE "Recall";
ALTER TABLE "new_Recall" RENAME TO "Recall";
CREATE INDEX "Recall_createdAt_idx" ON "Recall"("createdAt");
CREATE INDEX "Recall_status_idx" ON "Recall"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

