-- CreateTable
CREATE TABLE "GroupMember" (
    "chatId" TEXT NOT NULL,
    "memberKey" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "externalUserId" TEXT,
    "joinedAt" INTEGER,
    "leftAt" INTEGER,

    PRIMARY KEY ("chatId", "memberKey")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "chatIds" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "rules" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "makeUp" BOOLEAN NOT NULL DEFAULT false,
    "messageKey" TEXT NOT NULL,
    "at" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "PointsEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "at" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "RewardGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "stageDay" INTEGER NOT NULL,
    "reward" TEXT NOT NULL,
    "grantedAt" INTEGER NOT NULL,
    "announcedAt" INTEGER,
    "announcedBy" TEXT,
    "fulfilledAt" INTEGER
);

-- CreateTable
CREATE TABLE "OnceClaim" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "claimedAt" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "GroupMember_externalUserId_idx" ON "GroupMember"("externalUserId");

-- CreateIndex
CREATE INDEX "CheckIn_campaignId_day_idx" ON "CheckIn"("campaignId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_campaignId_memberKey_day_key" ON "CheckIn"("campaignId", "memberKey", "day");

-- CreateIndex
CREATE UNIQUE INDEX "PointsEntry_campaignId_memberKey_cause_key" ON "PointsEntry"("campaignId", "memberKey", "cause");

-- CreateIndex
CREATE INDEX "RewardGrant_campaignId_announcedAt_idx" ON "RewardGrant"("campaignId", "announcedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RewardGrant_campaignId_memberKey_stageDay_key" ON "RewardGrant"("campaignId", "memberKey", "stageDay");

