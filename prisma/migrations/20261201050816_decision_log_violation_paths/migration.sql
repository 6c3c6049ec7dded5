-- AlterTable
ALTER TABLE "DecisionLog" ADD COLUMN     "violationPaths" TEXT[] DEFAULT ARRAY[]::TEXT[];
