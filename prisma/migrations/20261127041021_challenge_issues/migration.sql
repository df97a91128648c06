-- AlterTable
ALTER TABLE "ChallengeResult" ADD COLUMN     "challengeId" TEXT;

-- CreateTable
CREATE TABLE "ChallengeIssue" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "retryOfId" TEXT,
    "params" JSONB NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChallengeIssue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeIssue_retryOfId_key" ON "ChallengeIssue"("retryOfId");

-- CreateIndex
CREATE INDEX "ChallengeIssue_sessionId_issuedAt_idx" ON "ChallengeIssue"("sessionId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeResult_challengeId_key" ON "ChallengeResult"("challengeId");

-- AddForeignKey
ALTER TABLE "ChallengeIssue" ADD CONSTRAINT "ChallengeIssue_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeIssue" ADD CONSTRAINT "ChallengeIssue_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "ChallengeIssue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeResult" ADD CONSTRAINT "ChallengeResult_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "ChallengeIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
