-- CreateTable
CREATE TABLE "CustomFieldDefinition" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '[]',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomFieldDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerFieldValue" (
    "id" SERIAL NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "optionKey" TEXT NOT NULL DEFAULT '',
    "textValue" TEXT,
    "numberValue" DOUBLE PRECISION,
    "dateValue" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" INTEGER NOT NULL,

    CONSTRAINT "CustomerFieldValue_pkey" PRIMARY KEY ("id")
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

