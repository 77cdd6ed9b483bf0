-- CreateTable
CREATE TABLE "WelcomeFlow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "variants" TEXT NOT NULL DEFAULT '[]',
    "channelState" TEXT,
    "userIds" TEXT NOT NULL DEFAULT '[]',
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WelcomeSend" (
    "welcomeCode" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "flowId" INTEGER,
    "result" TEXT NOT NULL,
    "errcode" INTEGER,
    "eventTime" INTEGER NOT NULL,
    "latencyMs" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "WelcomeFlow_channelState_idx" ON "WelcomeFlow"("channelState");

-- CreateIndex
CREATE INDEX "WelcomeSend_externalUserId_idx" ON "WelcomeSend"("externalUserId");

