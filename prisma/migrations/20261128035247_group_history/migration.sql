-- CreateTable
CREATE TABLE "GroupMemberChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "memberIds" TEXT NOT NULL DEFAULT '[]',
    "at" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "GroupMemberChange_dedupeKey_key" ON "GroupMemberChange"("dedupeKey");

-- CreateIndex
CREATE INDEX "GroupMemberChange_chatId_at_idx" ON "GroupMemberChange"("chatId", "at");

