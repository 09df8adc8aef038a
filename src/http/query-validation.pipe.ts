import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './api-error';

/** Maps a failed class-validator rule to the stable error code clients program against. */
export function errorCodeFor(error: ValidationError): string {
  const rules = Object.keys(error.constraints ?? {});
  if (rules.includes('whitelistValidation')) return 'unknown_parameter';
  if (error.property === 'q' && rules.includes('maxLength')) return 'query_too_long';
  // A value of the wrong type also fails its range rules; the type is the real problem.
  if (rules.some((r) => ['isInt', 'isNumber', 'isString', 'isIn', 'isArray'].includes(r))) return 'invalid_parameter';
  if (rules.some((r) => ['min', 'max', 'isLatitude', 'isLongitude', 'priceRange'].includes(r))) return 'out_of_range';
  return 'invalid_parameter';
}

/**
 * Query DTO validation: unknown parameters are refused (not silently ignored, so a typo such as
 * `catgory=` is noticed), values are converted from strings, and the first problem becomes a 400.
 */
export const queryValidationPipe = () =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const { code, message } = describeValidationError(errors[0]);
      return badRequest(code, message);
    },
  });

/** The 400 a failed rule becomes: a stable code, and the rule's message (a type rule's, when a value fails several). */
export function describeValidationError(error: ValidationError): { code: string; message: string } {
  const constraints = error.constraints ?? {};
  const typeRule = ['isInt', 'isNumber'].find((r) => r in constraints);
  const message = typeRule ? constraints[typeRule] : (Object.values(constraints)[0] ?? `${error.property} is invalid`);
  return { code: errorCodeFor(error), message: message.startsWith('property ') ? `unknown parameter '${error.property}'` : message };
}
