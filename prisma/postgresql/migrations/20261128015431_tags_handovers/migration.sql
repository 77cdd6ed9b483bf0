-- CreateTable
CREATE TABLE "CorpTagGroup" (
    "groupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CorpTagGroup_pkey" PRIMARY KEY ("groupId")
);

-- CreateTable
CREATE TABLE "CorpTag" (
    "tagId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CorpTag_pkey" PRIMARY KEY ("tagId")
);

-- CreateTable
CREATE TABLE "TagChange" (
    "id" SERIAL NOT NULL,
    "operationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "causeKind" TEXT NOT NULL,
    "causeRef" TEXT,
    "at" INTEGER NOT NULL,

    CONSTRAINT "TagChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "handoverUserId" TEXT NOT NULL,
    "takeoverUserId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "errcode" INTEGER,
    "takeoverTime" INTEGER,
    "requestedAt" INTEGER NOT NULL,
    "checkedAt" INTEGER,

    CONSTRAINT "Handover_pkey" PRIMARY KEY ("id")
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

