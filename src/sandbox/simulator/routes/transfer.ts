/**
 * 在职继承 / 离职继承 (PROTOCOL §4.6). transfer_customer answers per customer: 0 started
 * (status 2 until the driver calls completeTransfers()), 84061 not a customer of the
 * handover member, 40129 refused — the customer is in `refuseTransfers`, already waiting
 * for a transfer, or (on-job) had 2 transfers in 90 days; PROTOCOL names no per-customer
 * refusal code, 40129 is our pick. Whole-call errors: 60111 unknown handover/takeover
 * member, 40097 resigned/ call for a member who has not resigned, 40058 malformed body
 * (no customers, over 100, same member twice, message over 200 characters).
 */
import { decodeCursor, encodeCursor, fail, ok, str, strings, type Routes } from '../http.ts';
import type { TransferKind, World } from '../state.ts';

const RESULT_PAGE = 100;

function transferCustomer(world: World, kind: TransferKind, body: Record<string, unknown>) {
  const handover = str(body.handover_userid);
  const takeover = str(body.takeover_userid);
  const ids = strings(body.external_userid);
  const message = body.transfer_success_msg === undefined ? undefined : str(body.transfer_success_msg);
  if (!handover || !takeover || handover === takeover) return fail(40058, 'handover_userid and takeover_userid must be two members');
  if (!ids || ids.length === 0 || ids.length > 100) return fail(40058, 'external_userid must list 1 to 100 customers');
  if (message !== undefined && [...message].length > 200) return fail(40058, 'transfer_success_msg longer than 200 characters');
  if (!world.members.has(handover)) return fail(60111, `userid not found: ${handover}`);
  if (!world.members.has(takeover)) return fail(60111, `userid not found: ${takeover}`);
  if (kind === 'resigned' && !world.members.get(handover)!.resigned) return fail(40097, 'handover member has not resigned');
  const customer = ids.map((externalUserId) => {
    if (!world.getFollow(handover, externalUserId)) return { external_userid: externalUserId, errcode: 84061 };
    const waiting = world.transfers.some((t) => t.externalUserId === externalUserId && t.handoverUserId === handover && t.status === 2);
    if (world.refuseTransfers.has(externalUserId) || waiting || (kind === 'on_job' && world.recentOnJobTransfers(externalUserId) >= 2)) {
      return { external_userid: externalUserId, errcode: 40129 };
    }
    world.transfers.push({ kind, handoverUserId: handover, takeoverUserId: takeover, externalUserId, startedAt: world.now(), status: 2, ...(message ? { message } : {}) });
    return { external_userid: externalUserId, errcode: 0 };
  });
  return ok({ customer });
}

function transferResult(world: World, kind: TransferKind, body: Record<string, unknown>) {
  const handover = str(body.handover_userid);
  const takeover = str(body.takeover_userid);
  if (!handover || !takeover) return fail(40058, 'handover_userid and takeover_userid are required');
  const offset = decodeCursor(body.cursor);
  if (offset === null) return fail(40058, 'invalid cursor');
  const all = world.transfers.filter((t) => t.kind === kind && t.handoverUserId === handover && t.takeoverUserId === takeover);
  const page = all.slice(offset, offset + RESULT_PAGE);
  return ok({
    customer: page.map((t) => ({ external_userid: t.externalUserId, status: t.status, ...(t.takeoverTime ? { takeover_time: t.takeoverTime } : {}) })),
    next_cursor: offset + RESULT_PAGE < all.length ? encodeCursor(offset + RESULT_PAGE) : '',
  });
}

export const transferRoutes: Routes = {
  '/cgi-bin/externalcontact/transfer_customer': { method: 'POST', handle: ({ world, body }) => transferCustomer(world, 'on_job', body) },
  '/cgi-bin/externalcontact/resigned/transfer_customer': { method: 'POST', handle: ({ world, body }) => transferCustomer(world, 'resigned', body) },
  '/cgi-bin/externalcontact/transfer_result': { method: 'POST', handle: ({ world, body }) => transferResult(world, 'on_job', body) },
  '/cgi-bin/externalcontact/resigned/transfer_result': { method: 'POST', handle: ({ world, body }) => transferResult(world, 'resigned', body) },
};
