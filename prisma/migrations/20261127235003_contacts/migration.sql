-- CreateTable
CREATE TABLE "Customer" (
    "externalUserId" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "avatar" TEXT,
    "type" INTEGER NOT NULL,
    "gender" INTEGER NOT NULL DEFAULT 0,
    "unionId" TEXT,
    "position" TEXT,
    "corpName" TEXT,
    "corpFullName" TEXT,
    "fetchedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FollowRelation" (
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusChangedAt" INTEGER NOT NULL,
    "remark" TEXT,
    "description" TEXT,
    "addWay" INTEGER,
    "state" TEXT,
    "operUserId" TEXT,
    "addedAt" INTEGER,
    "tagIds" TEXT NOT NULL DEFAULT '[]',
    "removedByStaffAt" INTEGER,
    "removalSource" TEXT,
    "removedByCustomerAt" INTEGER,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "externalUserId")
);

-- CreateTable
CREATE TABLE "TransferFailure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "takeoverUserId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "occurredAt" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "FollowRelation_externalUserId_idx" ON "FollowRelation"("externalUserId");

-- CreateIndex
CREATE INDEX "FollowRelation_userId_status_idx" ON "FollowRelation"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TransferFailure_takeoverUserId_externalUserId_occurredAt_key" ON "TransferFailure"("takeoverUserId", "externalUserId", "occurredAt");

