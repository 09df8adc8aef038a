import { HttpException, HttpStatus } from '@nestjs/common';

/** The one error shape every route answers with: `{ error: { code, message } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

export class ApiError extends HttpException {
  /** `details` add fields beside code and message, such as the positions a consistency wait reached. */
  constructor(status: HttpStatus, code: string, message: string, details: Record<string, unknown> = {}) {
    super({ error: { code, message, ...details } } satisfies ApiErrorBody, status);
  }
}

export const badRequest = (code: string, message: string) => new ApiError(HttpStatus.BAD_REQUEST, code, message);
