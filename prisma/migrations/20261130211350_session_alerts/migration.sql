-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('SAME_FACE_OTHER_NAME', 'PROXY_DIFFERENT_PERSON', 'IDENTITY_CHANGE', 'NETWORK_REUSE', 'ORIGIN_MISMATCH', 'DEVICE_REUSE', 'ANONYMISED_NETWORK', 'LATENCY_OUTLIER');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'CONFIRMED', 'DISMISSED');

-- CreateTable
CREATE TABLE "SessionAlert" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "dedupeKey" TEXT NOT NULL,
    "relatedSessionId" TEXT,
    "details" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewComment" TEXT,

    CONSTRAINT "SessionAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SessionAlert_organizationId_status_createdAt_idx" ON "SessionAlert"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "SessionAlert_relatedSessionId_idx" ON "SessionAlert"("relatedSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "SessionAlert_sessionId_dedupeKey_key" ON "SessionAlert"("sessionId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "SessionAlert" ADD CONSTRAINT "SessionAlert_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionAlert" ADD CONSTRAINT "SessionAlert_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionAlert" ADD CONSTRAINT "SessionAlert_relatedSessionId_fkey" FOREIGN KEY ("relatedSessionId") REFERENCES "Session"("id") ON DELETE SET NULL ON UPDATE CASCADE;
