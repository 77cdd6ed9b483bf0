-- CreateIndex
CREATE INDEX "CustomerLifecycle_externalUserId_stage_idx" ON "CustomerLifecycle"("externalUserId", "stage");

