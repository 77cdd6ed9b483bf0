-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageKey" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "externalUserId" TEXT,
    "userId" TEXT,
    "chatId" TEXT,
    "direction" TEXT NOT NULL,
    "msgType" TEXT NOT NULL,
    "text" TEXT,
    "sentAt" INTEGER NOT NULL,
    "intent" TEXT,
    "confidence" REAL,
    "evidence" TEXT,
    "scene" TEXT,
    "classifiedAt" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "KfSyncCursor" (
    "openKfId" TEXT NOT NULL PRIMARY KEY,
    "cursor" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SalesTask" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "scene" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "suggestedReply" TEXT,
    "scriptId" INTEGER,
    "messageId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "dueAt" INTEGER NOT NULL,
    "createdAt" INTEGER NOT NULL,
    "closedAt" INTEGER,
    "closedBy" TEXT
);

-- CreateTable
CREATE TABLE "TagRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "triggerType" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "addTagIds" TEXT NOT NULL DEFAULT '[]',
    "removeTagIds" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReplyScript" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "intents" TEXT NOT NULL DEFAULT '[]',
    "scenes" TEXT NOT NULL DEFAULT '[]',
    "stages" TEXT NOT NULL DEFAULT '[]',
    "tagIds" TEXT NOT NULL DEFAULT '[]',
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ChatMessage_messageKey_key" ON "ChatMessage"("messageKey");

-- CreateIndex
CREATE INDEX "ChatMessage_externalUserId_sentAt_idx" ON "ChatMessage"("externalUserId", "sentAt");

-- CreateIndex
CREATE INDEX "ChatMessage_intent_sentAt_idx" ON "ChatMessage"("intent", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "SalesTask_openKey_key" ON "SalesTask"("openKey");

-- CreateIndex
CREATE INDEX "SalesTask_userId_status_dueAt_idx" ON "SalesTask"("userId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "SalesTask_externalUserId_status_idx" ON "SalesTask"("externalUserId", "status");

