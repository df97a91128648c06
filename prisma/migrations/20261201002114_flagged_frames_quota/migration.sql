-- AlterTable
ALTER TABLE "SessionUsage" ADD COLUMN     "flaggedFrames" INTEGER NOT NULL DEFAULT 0;
