/**
 * The queue dashboard (bull-board) for admins: every queue's waiting, active, delayed,
 * failed and completed jobs, with their data and errors. Mounted by the web role under
 * the admin API's gate, so it needs the admin token or the console's session (whose
 * writes need X-Requested-With, which bull-board's page does not send: in the browser the
 * dashboard is read-only, retries and cleans are for automation with the bearer token).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { KoaAdapter } from '@bull-board/koa';
import type Koa from 'koa';

/** A BullMQ queue as bull-board takes it (http/ does not import BullMQ itself). */
export type DashboardQueue = ConstructorParameters<typeof BullMQAdapter>[0];

// bull-board's page links Google Fonts; the product works on a closed network, so the
// link is dropped and the page falls back to system fonts.
const REMOTE_FONTS = /<link href="https:\/\/fonts\.googleapis\.com[^>]*>/g;

export function queueDashboard(queues: readonly DashboardQueue[], basePath: string): Koa.Middleware {
  const serverAdapter = new KoaAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter, options: { uiConfig: { boardTitle: '队列 Queues' } } });
  const board = serverAdapter.registerPlugin() as unknown as Koa.Middleware;
  return async function queueDashboardPage(ctx, next) {
    await board(ctx, next);
    if (typeof ctx.body === 'string' && ctx.body.includes('fonts.googleapis.com')) ctx.body = ctx.body.replace(REMOTE_FONTS, '');
  };
}
