-- CreateTable
CREATE TABLE "SessionUsage" (
    "sessionId" TEXT NOT NULL,
    "engineWindows" INTEGER NOT NULL DEFAULT 0,
    "networkStats" INTEGER NOT NULL DEFAULT 0,
    "challengeIssues" INTEGER NOT NULL DEFAULT 0,
    "challengeResults" INTEGER NOT NULL DEFAULT 0,
    "evidence" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SessionUsage_pkey" PRIMARY KEY ("sessionId")
);

-- AddForeignKey
ALTER TABLE "SessionUsage" ADD CONSTRAINT "SessionUsage_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: every existing session starts from the rows it already holds.
INSERT INTO "SessionUsage" ("sessionId", "engineWindows", "networkStats", "challengeIssues", "challengeResults", "evidence")
SELECT s.id,
  (SELECT count(*) FROM "SignalWindow" w WHERE w."sessionId" = s.id AND w.source = 'TRUSTED' AND NOT (w."values" ? 'kind')),
  (SELECT count(*) FROM "SignalWindow" w WHERE w."sessionId" = s.id AND w.source = 'TRUSTED' AND (w."values" ? 'kind')),
  (SELECT count(*) FROM "ChallengeIssue" i WHERE i."sessionId" = s.id),
  (SELECT count(*) FROM "ChallengeResult" r WHERE r."sessionId" = s.id),
  (SELECT count(*) FROM "Evidence" e WHERE e."sessionId" = s.id)
FROM "Session" s;
