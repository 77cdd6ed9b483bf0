-- CreateTable
CREATE TABLE "WelcomeFlow" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "variants" TEXT NOT NULL DEFAULT '[]',
    "channelState" TEXT,
    "userIds" TEXT NOT NULL DEFAULT '[]',
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WelcomeFlow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WelcomeSend" (
    "welcomeCode" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "flowId" INTEGER,
    "result" TEXT NOT NULL,
    "errcode" INTEGER,
    "eventTime" INTEGER NOT NULL,
    "latencyMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WelcomeSend_pkey" PRIMARY KEY ("welcomeCode")
);

-- CreateIndex
CREATE INDEX "WelcomeFlow_channelState_idx" ON "WelcomeFlow"("channelState");

-- CreateIndex
CREATE INDEX "WelcomeSend_externalUserId_idx" ON "WelcomeSend"("externalUserId");

