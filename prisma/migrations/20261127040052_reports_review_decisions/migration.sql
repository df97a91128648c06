-- CreateEnum
CREATE TYPE "ReviewDecisionKind" AS ENUM ('ACCEPT', 'ESCALATE', 'REJECT');

-- DropIndex
DROP INDEX "Session_interviewId_idx";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "biometricsDeletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ReviewDecision" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" "ReviewDecisionKind" NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportCache" (
    "sessionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportCache_pkey" PRIMARY KEY ("sessionId")
);

-- CreateIndex
CREATE INDEX "ReviewDecision_sessionId_createdAt_idx" ON "ReviewDecision"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "Interview_organizationId_status_createdAt_idx" ON "Interview"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Interview_organizationId_kind_createdAt_idx" ON "Interview"("organizationId", "kind", "createdAt");

-- CreateIndex
CREATE INDEX "Session_interviewId_startedAt_idx" ON "Session"("interviewId", "startedAt");

-- CreateIndex
CREATE INDEX "Session_startedAt_idx" ON "Session"("startedAt");

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCache" ADD CONSTRAINT "ReportCache_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
