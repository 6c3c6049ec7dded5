-- AlterTable
ALTER TABLE "ApprovalRequest" ADD COLUMN     "approverRoles" TEXT[] DEFAULT ARRAY[]::TEXT[];
