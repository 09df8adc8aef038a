import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { Response } from 'express';
import { SearchEngineError } from '../search-engine/search-engine.error';
import { ApiErrorBody } from './api-error';

const CODES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'bad_request',
  [HttpStatus.UNAUTHORIZED]: 'unauthorized',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.CONFLICT]: 'conflict',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload_too_large',
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate_limited',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'unavailable',
};

/**
 * Turns every failure into `{ error: { code, message } }`: no stack traces, no engine internals. An engine
 * that cannot answer is a 503 the client may retry; anything unexpected is a logged 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(exception);
    if (status === HttpStatus.TOO_MANY_REQUESTS) response.setHeader('Retry-After', '1');
    response.status(status).json(body);
  }

  private describe(exception: unknown): [number, ApiErrorBody | object] {
    if (exception instanceof ThrottlerException) {
      return [HttpStatus.TOO_MANY_REQUESTS, { error: { code: 'rate_limited', message: 'too many requests from this client; slow down' } }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null && 'error' in payload && typeof payload.error === 'object') return [status, payload];
      if (typeof payload === 'object' && payload !== null && 'status' in payload && 'details' in payload) return [status, payload]; // terminus health answer
      const message = typeof payload === 'string' ? payload : String((payload as { message?: unknown }).message ?? exception.message);
      return [status, { error: { code: CODES[status] ?? 'error', message } }];
    }
    const clientError = exception as { status?: unknown; expose?: unknown; message?: string };
    if (typeof clientError.status === 'number' && clientError.status >= 400 && clientError.status < 500 && clientError.expose === true) {
      // Raised by express middleware before Nest sees the request (body too large, malformed JSON).
      return [clientError.status, { error: { code: CODES[clientError.status] ?? 'bad_request', message: clientError.message ?? 'bad request' } }];
    }
    if (exception instanceof SearchEngineError) {
      this.logger.warn(`search engine error: ${exception.message}`);
      return [
        HttpStatus.SERVICE_UNAVAILABLE,
        { error: { code: 'search_unavailable', message: 'the search engine is not answering; try again shortly' } },
      ];
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return [HttpStatus.INTERNAL_SERVER_ERROR, { error: { code: 'internal_error', message: 'unexpected error' } }];
  }
}
