-- CreateEnum
CREATE TYPE "ToolChangePolicy" AS ENUM ('allow', 'quarantine');

-- CreateEnum
CREATE TYPE "ToolStatus" AS ENUM ('active', 'changed', 'removed', 'quarantined');

-- AlterTable
ALTER TABLE "Server" ADD COLUMN     "onToolChange" "ToolChangePolicy" NOT NULL DEFAULT 'allow';

-- AlterTable
ALTER TABLE "Tool" ADD COLUMN     "acceptedDefinition" JSONB,
ADD COLUMN     "acceptedHash" TEXT,
ADD COLUMN     "riskSignalDetails" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "status" "ToolStatus" NOT NULL DEFAULT 'active';
