-- CreateTable
CREATE TABLE "Segment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recall" (
    "id" SERIAL NOT NULL,
    "segmentId" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "frequencyCapDays" INTEGER NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "createdAt" INTEGER NOT NULL,
    "checkedAt" INTEGER,

    CONSTRAINT "Recall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecallMessage" (
    "id" SERIAL NOT NULL,
    "recallId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "msgid" TEXT,
    "errcode" INTEGER NOT NULL DEFAULT 0,
    "failList" TEXT NOT NULL DEFAULT '[]',
    "settled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RecallMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecallRecipient" (
    "recallId" INTEGER NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "msgid" TEXT,
    "contactedAt" INTEGER NOT NULL,
    "sentAt" INTEGER,

    CONSTRAINT "RecallRecipient_pkey" PRIMARY KEY ("recallId","externalUserId")
);

-- CreateIndex
CREATE INDEX "Recall_createdAt_idx" ON "Recall"("createdAt");

-- CreateIndex
CREATE INDEX "RecallMessage_recallId_idx" ON "RecallMessage"("recallId");

-- CreateIndex
CREATE INDEX "RecallRecipient_externalUserId_contactedAt_idx" ON "RecallRecipient"("externalUserId", "contactedAt");

-- CreateIndex
CREATE INDEX "RecallRecipient_recallId_msgid_userId_idx" ON "RecallRecipient"("recallId", "msgid", "userId");

-- CreateIndex
CREATE INDEX "ChatMessage_externalUserId_direction_sentAt_idx" ON "ChatMessage"("externalUserId", "direction", "sentAt");

