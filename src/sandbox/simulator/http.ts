/** The simulator's route shape and WeCom's answer helpers. */
import type { World } from './state.ts';

export type Json = Record<string, unknown>;

export interface RouteContext {
  world: World;
  query: URLSearchParams;
  /** The parsed JSON body of a POST ({} when absent or not JSON). */
  body: Json;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Whether the call needs an access_token the simulator issued. @defaultValue true */
  public?: boolean;
  handle(ctx: RouteContext): Json;
}

/** path → route */
export type Routes = Record<string, Route>;

export const ok = (fields: Json = {}): Json => ({ errcode: 0, errmsg: 'ok', ...fields });
export const fail = (errcode: number, errmsg: string): Json => ({ errcode, errmsg });

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const strings = (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null);
export const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Offset cursors as opaque-looking strings. */
export const encodeCursor = (offset: number): string => `SIMCUR${offset.toString(36)}`;
export function decodeCursor(cursor: unknown): number | null {
  if (cursor === undefined || cursor === '' || cursor === null) return 0;
  const match = typeof cursor === 'string' ? /^SIMCUR([0-9a-z]+)$/.exec(cursor) : null;
  return match ? parseInt(match[1]!, 36) : null;
}
