-- CreateIndex
CREATE INDEX "FollowRelation_addedAt_idx" ON "FollowRelation"("addedAt");

-- CreateIndex
CREATE INDEX "FollowRelation_removedByCustomerAt_idx" ON "FollowRelation"("removedByCustomerAt");
