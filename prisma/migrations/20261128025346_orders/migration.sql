-- CreateTable
CREATE TABLE "CustomerOrder" (
    "orderId" TEXT NOT NULL PRIMARY KEY,
    "externalUserId" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "items" TEXT NOT NULL DEFAULT '[]',
    "orderedAt" INTEGER NOT NULL,
    "channel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CustomerValue" (
    "externalUserId" TEXT NOT NULL PRIMARY KEY,
    "totalSpendFen" INTEGER NOT NULL,
    "annualSpendFen" INTEGER NOT NULL,
    "orderCount" INTEGER NOT NULL,
    "firstOrderAt" INTEGER NOT NULL,
    "lastOrderAt" INTEGER NOT NULL,
    "valueLayer" TEXT NOT NULL,
    "highValue" BOOLEAN NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CustomerOrder_externalUserId_orderedAt_idx" ON "CustomerOrder"("externalUserId", "orderedAt");

