/**
 * One error model for the whole product. `code` is stable snake_case that clients and
 * tests match on; `expose` says whether `message` may be shown to the caller.
 */
export interface AppErrorOptions {
  /** HTTP status used when the error reaches the HTTP edge. @defaultValue 500 */
  status?: number;
  /** Whether the message is safe to show to the caller. @defaultValue status < 500 */
  expose?: boolean;
  /** Whether retrying the same operation later may succeed. @defaultValue false */
  retryable?: boolean;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
    this.retryable = options.retryable ?? false;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Input that does not have the expected shape (400). */
export class ValidationError extends AppError {
  constructor(message: string, code = 'invalid_input', cause?: unknown) {
    super(code, message, { status: 400, cause });
    this.name = 'ValidationError';
  }
}

/** A request whose origin could not be proven (401). */
export class AuthenticationError extends AppError {
  constructor(message: string, code = 'unauthenticated') {
    super(code, message, { status: 401 });
    this.name = 'AuthenticationError';
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed', code = 'forbidden') {
    super(code, message, { status: 403 });
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', code = 'not_found') {
    super(code, message, { status: 404 });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  constructor(message = 'Already exists', code = 'conflict', cause?: unknown) {
    super(code, message, { status: 409, cause });
    this.name = 'ConflictError';
  }
}

/** A dependency (database, Redis) is down; the caller should retry later (503). */
export class UnavailableError extends AppError {
  constructor(message: string, code = 'unavailable', cause?: unknown) {
    super(code, message, { status: 503, expose: true, retryable: true, cause });
    this.name = 'UnavailableError';
  }
}
