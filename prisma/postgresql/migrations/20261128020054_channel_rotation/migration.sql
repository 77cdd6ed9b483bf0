-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "activeUserIds" TEXT NOT NULL DEFAULT '[]';

