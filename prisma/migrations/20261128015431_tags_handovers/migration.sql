-- CreateTable
CREATE TABLE "CorpTagGroup" (
    "groupId" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CorpTag" (
    "tagId" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TagChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "operationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "causeKind" TEXT NOT NULL,
    "causeRef" TEXT,
    "at" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "handoverUserId" TEXT NOT NULL,
    "takeoverUserId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "errcode" INTEGER,
    "takeoverTime" INTEGER,
    "requestedAt" INTEGER NOT NULL,
    "checkedAt" INTEGER
);

-- CreateIndex
CREATE INDEX "CorpTag_groupId_idx" ON "CorpTag"("groupId");

-- CreateIndex
CREATE INDEX "TagChange_externalUserId_at_idx" ON "TagChange"("externalUserId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "TagChange_operationId_userId_externalUserId_tagId_action_key" ON "TagChange"("operationId", "userId", "externalUserId", "tagId", "action");

-- CreateIndex
CREATE INDEX "Handover_status_handoverUserId_takeoverUserId_idx" ON "Handover"("status", "handoverUserId", "takeoverUserId");

-- CreateIndex
CREATE INDEX "Handover_externalUserId_idx" ON "Handover"("externalUserId");

