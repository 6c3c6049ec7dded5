-- AlterTable
ALTER TABLE "Server" ADD COLUMN     "captureArguments" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "captureRetentionDays" INTEGER NOT NULL DEFAULT 7;

-- CreateTable
CREATE TABLE "CapturedArguments" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "argsEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CapturedArguments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CapturedArguments_serverId_createdAt_idx" ON "CapturedArguments"("serverId", "createdAt");

-- AddForeignKey
ALTER TABLE "CapturedArguments" ADD CONSTRAINT "CapturedArguments_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapturedArguments" ADD CONSTRAINT "CapturedArguments_serverId_orgId_fkey" FOREIGN KEY ("serverId", "orgId") REFERENCES "Server"("id", "orgId") ON DELETE CASCADE ON UPDATE CASCADE;
