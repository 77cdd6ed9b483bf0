-- CreateTable
CREATE TABLE "CustomerOrder" (
    "orderId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "items" TEXT NOT NULL DEFAULT '[]',
    "orderedAt" INTEGER NOT NULL,
    "channel" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerOrder_pkey" PRIMARY KEY ("orderId")
);

-- CreateTable
CREATE TABLE "CustomerValue" (
    "externalUserId" TEXT NOT NULL,
    "totalSpendFen" INTEGER NOT NULL,
    "annualSpendFen" INTEGER NOT NULL,
    "orderCount" INTEGER NOT NULL,
    "firstOrderAt" INTEGER NOT NULL,
    "lastOrderAt" INTEGER NOT NULL,
    "valueLayer" TEXT NOT NULL,
    "highValue" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerValue_pkey" PRIMARY KEY ("externalUserId")
);

-- CreateIndex
CREATE INDEX "CustomerOrder_externalUserId_orderedAt_idx" ON "CustomerOrder"("externalUserId", "orderedAt");

