// The proxy's own error answers. `message` is what @fal-ai/client turns into ApiError.message, so the
// plugin can show it as is; 422s use fal's (FastAPI's) `{ detail: [...] }` shape instead.
import type { ValidationDetail } from '../kling'

export function jsonError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ message, ...extra }, { status })
}

export function validationError(detail: ValidationDetail[]): Response {
  return Response.json({ detail }, { status: 422 })
}
