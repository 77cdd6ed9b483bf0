-- CreateIndex
CREATE INDEX "FollowRelation_addedAt_idx" ON "FollowRelation"("addedAt");

-- CreateIndex
CREATE INDEX "FollowRelation_removedByCustomerAt_idx" ON "FollowRelation"("removedByCustomerAt");

-- CreateIndex
CREATE INDEX "ChatMessage_sentAt_idx" ON "ChatMessage"("sentAt");

-- CreateIndex
CREATE INDEX "CustomerOrder_orderedAt_idx" ON "CustomerOrder"("orderedAt");

