-- CreateTable
CREATE TABLE "QualityRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "matchMode" TEXT NOT NULL,
    "directions" TEXT NOT NULL DEFAULT '["out"]',
    "userIds" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QualityRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QualitySetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QualitySetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "QualityAlert" (
    "id" SERIAL NOT NULL,
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
    "notifiedAt" INTEGER,

    CONSTRAINT "QualityAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QualityAlert_dedupeKey_key" ON "QualityAlert"("dedupeKey");

-- CreateIndex
CREATE INDEX "QualityAlert_occurredAt_idx" ON "QualityAlert"("occurredAt");

-- CreateIndex
CREATE INDEX "QualityAlert_notifyStatus_raisedAt_idx" ON "QualityAlert"("notifyStatus", "raisedAt");

