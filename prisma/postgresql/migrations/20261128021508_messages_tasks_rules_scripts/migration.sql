-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" SERIAL NOT NULL,
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
    "confidence" DOUBLE PRECISION,
    "evidence" TEXT,
    "scene" TEXT,
    "classifiedAt" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KfSyncCursor" (
    "openKfId" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KfSyncCursor_pkey" PRIMARY KEY ("openKfId")
);

-- CreateTable
CREATE TABLE "SalesTask" (
    "id" SERIAL NOT NULL,
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
    "closedBy" TEXT,

    CONSTRAINT "SalesTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "triggerType" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "addTagIds" TEXT NOT NULL DEFAULT '[]',
    "removeTagIds" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TagRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplyScript" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "intents" TEXT NOT NULL DEFAULT '[]',
    "scenes" TEXT NOT NULL DEFAULT '[]',
    "stages" TEXT NOT NULL DEFAULT '[]',
    "tagIds" TEXT NOT NULL DEFAULT '[]',
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplyScript_pkey" PRIMARY KEY ("id")
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

