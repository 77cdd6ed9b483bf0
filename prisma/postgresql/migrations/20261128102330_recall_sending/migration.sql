-- AlterTable
ALTER TABLE "Recall" ADD COLUMN     "claimedUntil" INTEGER,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'sent',
ADD COLUMN     "summary" TEXT;

-- CreateIndex
CREATE INDEX "Recall_status_idx" ON "Recall"("status");

