import { ParseIntPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type ErrorDetail } from '../errors/app-error.js';

/** Constraints on a value's type: when one fails, the others (range, length…) say nothing useful yet. */
const TYPE_CHECKS = new Set(['isNumber', 'isInt', 'isString', 'isBoolean', 'isArray', 'isObject']);

/** The messages of a field's broken constraints: only its type's when that is wrong (`"50"` is not a number, not also out of range). */
function messagesOf(constraints: Record<string, string>): string[] {
  const types = Object.keys(constraints).filter((k) => TYPE_CHECKS.has(k));
  return types.length ? types.map((k) => constraints[k]) : Object.values(constraints);
}

/** Flattens class-validator's tree into `a.b[2].c`-style paths, one detail per broken constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const path = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    for (const message of messagesOf(e.constraints ?? {})) {
      out.push({ path, message: message.startsWith(`${e.property} `) ? message.slice(e.property.length + 1) : message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

export function validationError(details: ErrorDetail[]): AppError {
  const summary = details
    .slice(0, 3)
    .map((d) => `${d.path} ${d.message}`)
    .join('; ');
  return new AppError('request/invalid-body', `Invalid request: ${summary}${details.length > 3 ? ` (and ${details.length - 3} more)` : ''}`, 400, details);
}

/** The global pipe: DTOs are validated strictly (unknown fields rejected) and errors name every field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}

/** Parses an integer path or query parameter, answering a 400 that names it when it is not one. */
export function intParam(name: string): ParseIntPipe {
  return new ParseIntPipe({ exceptionFactory: () => validationError([{ path: name, message: 'must be a whole number' }]) });
}
