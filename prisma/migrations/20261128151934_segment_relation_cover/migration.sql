-- CreateIndex
CREATE INDEX "FollowRelation_externalUserId_status_tagIds_idx" ON "FollowRelation"("externalUserId", "status", "tagIds");

