-- CreateEnum
CREATE TYPE "AsyncAnswerStatus" AS ENUM ('RECORDING', 'UPLOADED', 'ANALYSING', 'DONE', 'FAILED', 'DISCARDED');

-- AlterTable
ALTER TABLE "SignalWindow" ADD COLUMN     "answerId" TEXT;

-- AlterTable
ALTER TABLE "ChallengeIssue" ADD COLUMN     "answerId" TEXT;

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "answerId" TEXT;

-- CreateTable
CREATE TABLE "AsyncQuestion" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "thinkSeconds" INTEGER NOT NULL,
    "maxAnswerSeconds" INTEGER NOT NULL,
    "retakesAllowed" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AsyncQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AsyncAnswer" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "take" INTEGER NOT NULL,
    "status" "AsyncAnswerStatus" NOT NULL DEFAULT 'RECORDING',
    "uploadId" TEXT,
    "storageKey" TEXT,
    "declaredBytes" BIGINT,
    "receivedBytes" BIGINT NOT NULL DEFAULT 0,
    "mimeType" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploadedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "analysedAt" TIMESTAMP(3),
    "recordingDeletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AsyncAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AsyncChunk" (
    "id" TEXT NOT NULL,
    "answerId" TEXT NOT NULL,
    "offset" BIGINT NOT NULL,
    "length" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AsyncChunk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AsyncQuestion_interviewId_position_key" ON "AsyncQuestion"("interviewId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "AsyncAnswer_uploadId_key" ON "AsyncAnswer"("uploadId");

-- CreateIndex
CREATE INDEX "AsyncAnswer_status_updatedAt_idx" ON "AsyncAnswer"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AsyncAnswer_sessionId_questionId_take_key" ON "AsyncAnswer"("sessionId", "questionId", "take");

-- CreateIndex
CREATE UNIQUE INDEX "AsyncChunk_answerId_offset_key" ON "AsyncChunk"("answerId", "offset");

-- AddForeignKey
ALTER TABLE "SignalWindow" ADD CONSTRAINT "SignalWindow_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "AsyncAnswer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeIssue" ADD CONSTRAINT "ChallengeIssue_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "AsyncAnswer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "AsyncAnswer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AsyncQuestion" ADD CONSTRAINT "AsyncQuestion_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AsyncAnswer" ADD CONSTRAINT "AsyncAnswer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AsyncAnswer" ADD CONSTRAINT "AsyncAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "AsyncQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AsyncChunk" ADD CONSTRAINT "AsyncChunk_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "AsyncAnswer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
