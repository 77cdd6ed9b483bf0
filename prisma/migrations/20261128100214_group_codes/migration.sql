-- CreateTable
CREATE TABLE "GroupCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "chatIds" TEXT NOT NULL,
    "activeChatIds" TEXT NOT NULL DEFAULT '[]',
    "capPerGroup" INTEGER NOT NULL,
    "allFull" BOOLEAN NOT NULL DEFAULT false,
    "autoCreateRoom" BOOLEAN NOT NULL DEFAULT false,
    "roomBaseName" TEXT,
    "roomBaseId" INTEGER,
    "welcome" TEXT,
    "welcomeTemplateId" TEXT,
    "configId" TEXT,
    "qrCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GroupCodeChat" (
    "codeId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "memberCount" INTEGER NOT NULL DEFAULT 0,
    "dismissed" BOOLEAN NOT NULL DEFAULT false,
    "countedAt" INTEGER,

    PRIMARY KEY ("codeId", "chatId")
);

-- CreateTable
CREATE TABLE "GroupCodeJoin" (
    "codeId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "joinedAt" INTEGER NOT NULL,
    "leftAt" INTEGER,

    PRIMARY KEY ("codeId", "chatId", "memberId", "joinedAt")
);

-- CreateIndex
CREATE UNIQUE INDEX "GroupCode_state_key" ON "GroupCode"("state");

-- CreateIndex
CREATE INDEX "GroupCodeChat_chatId_idx" ON "GroupCodeChat"("chatId");

-- CreateIndex
CREATE INDEX "GroupCodeJoin_codeId_joinedAt_idx" ON "GroupCodeJoin"("codeId", "joinedAt");

-- CreateIndex
CREATE INDEX "GroupCodeJoin_codeId_leftAt_idx" ON "GroupCodeJoin"("codeId", "leftAt");

