-- CreateTable
CREATE TABLE "LivekitEvent" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "roomName" TEXT NOT NULL,
    "roomSid" TEXT,
    "participantIdentity" TEXT,
    "trackSid" TEXT,
    "trackSource" TEXT,
    "sessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LivekitEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LivekitEvent_sessionId_createdAt_idx" ON "LivekitEvent"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "LivekitEvent_roomName_createdAt_idx" ON "LivekitEvent"("roomName", "createdAt");

-- AddForeignKey
ALTER TABLE "LivekitEvent" ADD CONSTRAINT "LivekitEvent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
