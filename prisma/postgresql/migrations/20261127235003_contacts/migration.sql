-- CreateTable
CREATE TABLE "Customer" (
    "externalUserId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "avatar" TEXT,
    "type" INTEGER NOT NULL,
    "gender" INTEGER NOT NULL DEFAULT 0,
    "unionId" TEXT,
    "position" TEXT,
    "corpName" TEXT,
    "corpFullName" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("externalUserId")
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowRelation_pkey" PRIMARY KEY ("userId","externalUserId")
);

-- CreateTable
CREATE TABLE "TransferFailure" (
    "id" SERIAL NOT NULL,
    "takeoverUserId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "occurredAt" INTEGER NOT NULL,

    CONSTRAINT "TransferFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FollowRelation_externalUserId_idx" ON "FollowRelation"("externalUserId");

-- CreateIndex
CREATE INDEX "FollowRelation_userId_status_idx" ON "FollowRelation"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TransferFailure_takeoverUserId_externalUserId_occurredAt_key" ON "TransferFailure"("takeoverUserId", "externalUserId", "occurredAt");

