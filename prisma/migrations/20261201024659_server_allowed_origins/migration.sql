-- AlterTable
ALTER TABLE "Server" ADD COLUMN     "allowedOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[];
