// A unique-constraint violation (Prisma P2002) inside `work` becomes a 409 with a message the
// caller can act on; any other error passes through unchanged.
import { isUniqueViolation } from "@gatehouse/db";
import { AppError } from "@gatehouse/shared";

export async function conflictOnDuplicate<T>(message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", message);
    throw error;
  }
}
