-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "autoAccept" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "backupUserIds" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "dailyAddCap" INTEGER,
ADD COLUMN     "descriptionTemplate" TEXT,
ADD COLUMN     "remarkTemplate" TEXT,
ADD COLUMN     "routingStatus" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "schedule" TEXT NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "FollowRelation_state_addedAt_idx" ON "FollowRelation"("state", "addedAt");

-- CreateIndex
CREATE INDEX "FollowRelation_state_removedByStaffAt_idx" ON "FollowRelation"("state", "removedByStaffAt");

-- CreateIndex
CREATE INDEX "FollowRelation_state_removedByCustomerAt_idx" ON "FollowRelation"("state", "removedByCustomerAt");

