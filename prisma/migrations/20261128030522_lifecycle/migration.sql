-- CreateTable
CREATE TABLE "CustomerLifecycle" (
    "externalUserId" TEXT NOT NULL PRIMARY KEY,
    "stage" TEXT NOT NULL,
    "since" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CustomerLifecycle_stage_idx" ON "CustomerLifecycle"("stage");

