-- CreateTable
CREATE TABLE "CustomerPhone" (
    "phone" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("phone", "externalUserId", "userId")
);

-- CreateIndex
CREATE INDEX "CustomerPhone_externalUserId_userId_idx" ON "CustomerPhone"("externalUserId", "userId");

