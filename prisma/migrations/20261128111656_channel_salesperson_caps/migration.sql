-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Channel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "userIds" TEXT NOT NULL,
    "activeUserIds" TEXT NOT NULL DEFAULT '[]',
    "tagIds" TEXT NOT NULL DEFAULT '[]',
    "welcomeFlowId" INTEGER,
    "configId" TEXT,
    "qrCode" TEXT,
    "schedule" TEXT NOT NULL DEFAULT '[]',
    "backupUserIds" TEXT NOT NULL DEFAULT '[]',
    "dailyAddCap" INTEGER,
    "dailyAddCaps" TEXT NOT NULL DEFAULT '{}',
    "autoAccept" BOOLEAN NOT NULL DEFAULT true,
    "remarkTemplate" TEXT,
    "descriptionTemplate" TEXT,
    "routingStatus" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Channel" ("activeUserIds", "autoAccept", "backupUserIds", "configId", "createdAt", "dailyAddCap", "descriptionTemplate", "id", "name", "qrCode", "remarkTemplate", "routingStatus", "schedule", "state", "tagIds", "updatedAt", "userIds", "welcomeFlowId") SELECT "activeUserIds", "autoAccept", "backupUserIds", "configId", "createdAt", "dailyAddCap", "descriptionTemplate", "id", "name", "qrCode", "remarkTemplate", "routingStatus", "schedule", "state", "tagIds", "updatedAt", "userIds", "welcomeFlowId" FROM "Channel";
DROP TABLE "Channel";
ALTER TABLE "new_Channel" RENAME TO "Channel";
CREATE UNIQUE INDEX "Channel_state_key" ON "Channel"("state");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

