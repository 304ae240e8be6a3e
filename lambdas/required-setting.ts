/** A variable the function's stack sets, trimmed; an error naming it when it is missing or empty. */
export function requiredSetting(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') throw new Error(`${name} must be set (got nothing)`);
  return value;
}
