-- CreateTable
CREATE TABLE "QualityRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "matchMode" TEXT NOT NULL,
    "directions" TEXT NOT NULL DEFAULT '["out"]',
    "userIds" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "QualitySetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "QualityAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT,
    "messageKey" TEXT,
    "ruleId" INTEGER,
    "detail" TEXT NOT NULL,
    "occurredAt" INTEGER NOT NULL,
    "raisedAt" INTEGER NOT NULL,
    "leadUserId" TEXT,
    "notifyStatus" TEXT NOT NULL DEFAULT 'pending',
    "notifyAttempts" INTEGER NOT NULL DEFAULT 0,
    "notifiedAt" INTEGER
);

-- CreateIndex
CREATE UNIQUE INDEX "QualityAlert_dedupeKey_key" ON "QualityAlert"("dedupeKey");

-- CreateIndex
CREATE INDEX "QualityAlert_occurredAt_idx" ON "QualityAlert"("occurredAt");

-- CreateIndex
CREATE INDEX "QualityAlert_notifyStatus_raisedAt_idx" ON "QualityAlert"("notifyStatus", "raisedAt");

