/**
 * One pino root logger. Secrets and message contents are redacted wherever they appear
 * in a logged object, so a careless `log.info({ event })` cannot leak them.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** The closed list of module names loggers are created for. */
export type LogModule =
  | 'main'
  | 'config'
  | 'http'
  | 'wecom.callback'
  | 'wecom.client'
  | 'queue'
  | 'queue.sweeper'
  | 'queue.maintenance'
  | 'worker'
  | 'db'
  | 'bot'
  | 'sandbox';

const REDACT_KEYS = [
  'access_token',
  'accessToken',
  'corpsecret',
  'secret',
  'token',
  'encodingAesKey',
  'EncodingAESKey',
  'aesKey',
  'adminToken',
  'password',
  'content',
  'Content',
  'mobile',
  'mobiles',
  'remark_mobiles',
  'welcomeCode',
  'authorization',
  'cookie',
];

const REDACT_PATHS = REDACT_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Creates the root logger; `level` comes from config. */
export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: [...REDACT_PATHS, 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** A child logger tagged with its module name. */
export function childLogger(root: Logger, module: LogModule, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ module, ...bindings });
}
