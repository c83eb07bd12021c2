/** The message of anything thrown, for sentences shown to the designer. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
