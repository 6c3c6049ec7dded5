-- CreateEnum
CREATE TYPE "ArgumentValidationMode" AS ENUM ('enforce', 'shadow', 'off');

-- AlterTable
ALTER TABLE "Server" ADD COLUMN     "argumentValidation" "ArgumentValidationMode" NOT NULL DEFAULT 'enforce';
