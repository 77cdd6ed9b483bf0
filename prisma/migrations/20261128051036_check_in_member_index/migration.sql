-- CreateIndex
CREATE INDEX "CheckIn_memberKey_at_idx" ON "CheckIn"("memberKey", "at");

