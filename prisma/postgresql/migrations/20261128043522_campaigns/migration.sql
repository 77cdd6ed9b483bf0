-- CreateTable
CREATE TABLE "GroupMember" (
    "chatId" TEXT NOT NULL,
    "memberKey" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "externalUserId" TEXT,
    "joinedAt" INTEGER,
    "leftAt" INTEGER,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("chatId","memberKey")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "chatIds" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "rules" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" SERIAL NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "makeUp" BOOLEAN NOT NULL DEFAULT false,
    "messageKey" TEXT NOT NULL,
    "at" INTEGER NOT NULL,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PointsEntry" (
    "id" SERIAL NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "at" INTEGER NOT NULL,

    CONSTRAINT "PointsEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RewardGrant" (
    "id" SERIAL NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "stageDay" INTEGER NOT NULL,
    "reward" TEXT NOT NULL,
    "grantedAt" INTEGER NOT NULL,
    "announcedAt" INTEGER,
    "announcedBy" TEXT,
    "fulfilledAt" INTEGER,

    CONSTRAINT "RewardGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnceClaim" (
    "key" TEXT NOT NULL,
    "claimedAt" INTEGER NOT NULL,

    CONSTRAINT "OnceClaim_pkey" PRIMARY KEY ("key")
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

