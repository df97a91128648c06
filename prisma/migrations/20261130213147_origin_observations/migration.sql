-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "claimedCountry" TEXT;

-- CreateTable
CREATE TABLE "OriginObservation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "sessionId" TEXT,
    "candidateId" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "networkPrefix" TEXT NOT NULL,
    "ipClass" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "asn" INTEGER,
    "asOrganization" TEXT,
    "country" TEXT,
    "flags" TEXT[],
    "deviceFingerprint" TEXT,
    "bucket" INTEGER NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OriginObservation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OriginObservation_organizationId_ip_seenAt_idx" ON "OriginObservation"("organizationId", "ip", "seenAt");

-- CreateIndex
CREATE INDEX "OriginObservation_organizationId_networkPrefix_seenAt_idx" ON "OriginObservation"("organizationId", "networkPrefix", "seenAt");

-- CreateIndex
CREATE INDEX "OriginObservation_organizationId_deviceFingerprint_seenAt_idx" ON "OriginObservation"("organizationId", "deviceFingerprint", "seenAt");

-- CreateIndex
CREATE INDEX "OriginObservation_candidateId_idx" ON "OriginObservation"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "OriginObservation_interviewId_ip_route_bucket_key" ON "OriginObservation"("interviewId", "ip", "route", "bucket");

-- AddForeignKey
ALTER TABLE "OriginObservation" ADD CONSTRAINT "OriginObservation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OriginObservation" ADD CONSTRAINT "OriginObservation_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OriginObservation" ADD CONSTRAINT "OriginObservation_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
