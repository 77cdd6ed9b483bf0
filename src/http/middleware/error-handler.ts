/**
 * Renders every thrown error as `{ ok: false, error: code, message }`. The message is
 * shown only when the error says it is safe; 5xx details and stacks never leave the server.
 */
import type { Middleware } from 'koa';
import { AppError } from '../../shared/errors.ts';
import type { RequestState } from './request-context.ts';

/** Errors from Koa, raw-body and friends carry an HTTP status and an `expose` flag. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function errorHandler(_options: Record<string, never> = {}): Middleware<RequestState> {
  return async function errorHandlerMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { ok: false, error: 'not_found', message: 'No such route' };
      }
    } catch (error) {
      const status = error instanceof AppError ? error.status : (httpStatusOf(error) ?? 500);
      const code = error instanceof AppError ? error.code : (CODE_BY_STATUS[status] ?? 'internal_error');
      const expose = error instanceof AppError ? error.expose : status < 500;
      const message = expose && error instanceof Error ? error.message : 'Internal error';
      if (status >= 500) ctx.state.log?.error({ err: error }, 'request failed');
      else ctx.state.log?.warn({ status, code }, 'request refused');
      ctx.status = status;
      ctx.body = { ok: false, error: code, message };
    }
  };
}
