-- CreateTable
CREATE TABLE "CustomerLifecycle" (
    "externalUserId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "since" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerLifecycle_pkey" PRIMARY KEY ("externalUserId")
);

-- CreateIndex
CREATE INDEX "CustomerLifecycle_stage_idx" ON "CustomerLifecycle"("stage");

