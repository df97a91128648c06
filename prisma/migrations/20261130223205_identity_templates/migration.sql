-- CreateTable
CREATE TABLE "IdentityTemplate" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "mean" BYTEA NOT NULL,
    "exemplars" BYTEA NOT NULL,
    "samples" INTEGER NOT NULL,
    "hash" BIT(128) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdentityTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IdentityTemplate_sessionId_key" ON "IdentityTemplate"("sessionId");

-- CreateIndex
CREATE INDEX "IdentityTemplate_organizationId_hash_sessionId_idx" ON "IdentityTemplate"("organizationId", "hash", "sessionId");

-- AddForeignKey
ALTER TABLE "IdentityTemplate" ADD CONSTRAINT "IdentityTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentityTemplate" ADD CONSTRAINT "IdentityTemplate_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
