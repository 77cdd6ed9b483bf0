/**
 * The WeCom callback URL. GET answers URL verification with the decrypted echostr as
 * the raw body. POST verifies the signature, decrypts, parses, stores the event in the
 * inbox and answers an empty 200 at once; the work happens in the workers.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { AppDeps } from '../../app/deps.ts';
import { acceptCallback } from '../../app/accept-callback.ts';
import { eventLabel } from '../../domain/events.ts';
import { nowSeconds, unixSeconds } from '../../shared/clock.ts';
import { AppError, AuthenticationError, UnavailableError, ValidationError } from '../../shared/errors.ts';
import type { Metrics } from '../../shared/metrics.ts';
import { parseEnvelope, parseInnerXml } from '../../wecom/callback-xml.ts';
import { toWecomEvent } from '../../wecom/callback-events.ts';
import type { WecomCrypto } from '../../wecom/crypto.ts';
import { dedupeKey } from '../../wecom/dedupe-key.ts';
import type { RequestState } from '../middleware/request-context.ts';

/** WeCom's callbacks are a few KB; anything past this is refused unread. */
export const CALLBACK_BODY_LIMIT = 1024 * 1024;
/** Signed timestamps further than this from our clock are refused (replay window). */
export const TIMESTAMP_TOLERANCE_SEC = 600;

const NOT_XML = /^(application\/(json|x-www-form-urlencoded)|multipart\/)/i;

export interface CallbackRouteOptions {
  path: string;
  crypto: WecomCrypto;
  app: Pick<AppDeps, 'inbox' | 'eventQueue' | 'welcomeQueue' | 'logger' | 'clock'>;
  metrics: Metrics;
}

interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function signedQuery(ctx: Context, clockSec: number): SignedQuery {
  const signature = one(ctx.query.msg_signature);
  const timestamp = one(ctx.query.timestamp);
  const nonce = one(ctx.query.nonce);
  if (!signature || !timestamp || !nonce) {
    throw new AuthenticationError('msg_signature, timestamp and nonce are required', 'wecom_signature_missing');
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - clockSec) > TIMESTAMP_TOLERANCE_SEC) {
    throw new AuthenticationError('timestamp is outside the accepted window', 'wecom_stale_timestamp');
  }
  return { signature, timestamp, nonce };
}

async function readBody(ctx: Context): Promise<string> {
  if (NOT_XML.test(ctx.get('content-type'))) {
    throw new AppError('unsupported_media_type', 'the callback body must be XML', { status: 415 });
  }
  try {
    return await getRawBody(ctx.req, { limit: CALLBACK_BODY_LIMIT, encoding: 'utf8', length: ctx.get('content-length') || undefined });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 413) throw new AppError('payload_too_large', 'the callback body is over 1 MB', { status: 413 });
    throw new ValidationError('the request body could not be read', 'bad_request', error);
  }
}

export function wecomCallbackRoutes(options: CallbackRouteOptions): Router<RequestState> {
  const { crypto, app, metrics } = options;
  const router = new Router<RequestState>();

  /** Counts each refusal by its stable code, then lets the error handler render it. */
  async function counted(ctx: Context, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      metrics.callbacksRejected.inc({ reason: error instanceof AppError ? error.code : 'internal_error' });
      throw error;
    }
  }

  router.get(options.path, async (ctx) =>
    counted(ctx, async () => {
      const query = signedQuery(ctx, nowSeconds(app.clock));
      // querystring decoding turns a literal '+' into a space; base64 has no spaces (PROTOCOL §1.2).
      const echostr = one(ctx.query.echostr)?.replace(/ /g, '+');
      if (!echostr) throw new ValidationError('echostr is required', 'wecom_echostr_missing');
      crypto.verify(query.timestamp, query.nonce, echostr, query.signature);
      ctx.type = 'text/plain';
      ctx.body = crypto.decrypt(echostr);
    }),
  );

  router.post(options.path, async (ctx) =>
    counted(ctx, async () => {
      const receivedAt = app.clock.now();
      const query = signedQuery(ctx, unixSeconds(receivedAt));
      const envelope = await parseEnvelope(await readBody(ctx));
      crypto.verify(query.timestamp, query.nonce, envelope.encrypt, query.signature);
      const fields = await parseInnerXml(crypto.decrypt(envelope.encrypt));
      const event = toWecomEvent(fields);
      const key = dedupeKey(fields);
      let duplicate: boolean;
      try {
        ({ duplicate } = await acceptCallback(
          { ...app, logger: ctx.state.log, onEnqueueFailed: () => metrics.enqueueFailures.inc() },
          { dedupeKey: key, event, receivedAt },
        ));
      } catch (error) {
        ctx.state.log.error({ err: error, dedupeKey: key }, 'inbox write failed');
        // Refuse, so WeCom delivers again later rather than believing it was stored.
        throw new UnavailableError('the event could not be stored; retry later', 'inbox_unavailable', error);
      }
      if (duplicate) metrics.callbacksDuplicate.inc();
      else metrics.callbacksReceived.inc({ event: eventLabel(event) });
      // An empty 200 is the documented acknowledgement for events (PROTOCOL §1.8).
      ctx.status = 200;
      ctx.body = '';
    }),
  );

  return router;
}
