-- AlterEnum
ALTER TYPE "SignalKind" ADD VALUE 'ENGINE_LATE';
