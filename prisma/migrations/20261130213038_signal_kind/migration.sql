-- CreateEnum
CREATE TYPE "SignalKind" AS ENUM ('ENGINE', 'DEVICE', 'NETWORK');

-- AlterTable
ALTER TABLE "SignalWindow" ADD COLUMN     "kind" "SignalKind" NOT NULL DEFAULT 'ENGINE';

-- CreateIndex
CREATE INDEX "SignalWindow_sessionId_kind_windowStart_idx" ON "SignalWindow"("sessionId", "kind", "windowStart");

-- Backfill: until now device and network rows were told apart by a JSON key in "values".
UPDATE "SignalWindow" SET "kind" = 'DEVICE' WHERE "values"->>'kind' = 'device.facts';
UPDATE "SignalWindow" SET "kind" = 'NETWORK' WHERE "values"->>'kind' = 'webrtc.stats';
