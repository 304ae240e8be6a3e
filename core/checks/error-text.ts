// Errors may come from another realm (node:http inside a jest sandbox, a bundled SDK), where
// `instanceof Error` is false, so these read the fields instead.

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** The system error code (ECONNREFUSED, …) of anything thrown, when it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
