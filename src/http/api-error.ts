import { HttpException, HttpStatus } from '@nestjs/common';

/** The one error shape every route answers with: `{ error: { code, message } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string) {
    super({ error: { code, message } } satisfies ApiErrorBody, status);
  }
}

export const badRequest = (code: string, message: string) => new ApiError(HttpStatus.BAD_REQUEST, code, message);
