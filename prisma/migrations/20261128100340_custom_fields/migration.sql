-- CreateTable
CREATE TABLE "CustomFieldDefinition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '[]',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomerFieldValue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "externalUserId" TEXT NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "optionKey" TEXT NOT NULL DEFAULT '',
    "textValue" TEXT,
    "numberValue" REAL,
    "dateValue" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomFieldDefinition_key_key" ON "CustomFieldDefinition"("key");

-- CreateIndex
CREATE INDEX "CustomerFieldValue_fieldId_optionKey_externalUserId_idx" ON "CustomerFieldValue"("fieldId", "optionKey", "externalUserId");

-- CreateIndex
CREATE INDEX "CustomerFieldValue_fieldId_textValue_externalUserId_idx" ON "CustomerFieldValue"("fieldId", "textValue", "externalUserId");

-- CreateIndex
CREATE INDEX "CustomerFieldValue_fieldId_numberValue_externalUserId_idx" ON "CustomerFieldValue"("fieldId", "numberValue", "externalUserId");

-- CreateIndex
CREATE INDEX "CustomerFieldValue_fieldId_dateValue_externalUserId_idx" ON "CustomerFieldValue"("fieldId", "dateValue", "externalUserId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerFieldValue_externalUserId_fieldId_optionKey_key" ON "CustomerFieldValue"("externalUserId", "fieldId", "optionKey");

