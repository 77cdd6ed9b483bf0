-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "dailyAddCaps" TEXT NOT NULL DEFAULT '{}';

