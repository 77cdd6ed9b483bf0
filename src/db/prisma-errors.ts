/** Prisma's known error codes, recognised without importing Prisma's error classes. */
function prismaCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** A unique constraint was violated (another writer got there first). */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2002';
}
