/**
 * THE access policy of the admin API: one entry per route (`METHOD /pattern`, as the
 * routers declare it), saying which roles may use it and how its data is scoped. The
 * gate (middleware/admin-access.ts) refuses a route that has no entry, so a new route is
 * closed until someone decides here who may use it (tests/integration/access holds every
 * router's routes against this table).
 *
 * - `public`: no sign-in (signing in and out)
 * - `super_admin` / `admin`: that role or above; everything (config editors, imports, roles, audit)
 * - `staff`: every signed-in role, with `scope`:
 *   - `none`: nothing customer-related (who am I)
 *   - `list`: the route passes the principal's serving userids into its query
 *   - `customer`: the path's `:externalUserId` must be served by one of them (404 otherwise)
 */
import type { RouteAccess } from '../../domain/access/roles.ts';

export type RoutePolicy = (
  | { access: 'public' }
  | { access: Exclude<RouteAccess, 'staff'> }
  | { access: 'staff'; scope: 'none' | 'list' | 'customer' }
) & {
  /** `false` for a POST that changes nothing (a preview): no audit row. */
  audit?: false;
};

const ADMIN: RoutePolicy = { access: 'admin' };
const SUPER_ADMIN: RoutePolicy = { access: 'super_admin' };
const STAFF_LIST: RoutePolicy = { access: 'staff', scope: 'list' };
const STAFF_CUSTOMER: RoutePolicy = { access: 'staff', scope: 'customer' };

/** The admin API's base path, spelled out so each key reads as the URL it guards. */
const A = '/api/admin';

/** Every admin route → its policy. Keys must match the routers' patterns exactly. */
export const ADMIN_ROUTE_POLICY: Readonly<Record<string, RoutePolicy>> = {
  // Session: signing in and out check for themselves; "who am I" answers every role.
  [`POST ${A}/session`]: { access: 'public' },
  [`DELETE ${A}/session`]: { access: 'public' },
  [`GET ${A}/session`]: { access: 'staff', scope: 'none' },
  [`GET ${A}/oauth/start`]: { access: 'public' },
  [`GET ${A}/oauth/callback`]: { access: 'public' },
  [`GET ${A}/dev-login`]: { access: 'public' },

  // Roles, staff directory and audit.
  [`GET ${A}/roles`]: ADMIN,
  [`PUT ${A}/roles/:userId`]: ADMIN,
  [`POST ${A}/staff/sync`]: ADMIN,
  [`GET ${A}/audit`]: ADMIN,
  [`GET ${A}/audit.csv`]: ADMIN,

  // Customer read views: scoped to the principal's salespeople.
  [`GET ${A}/customers`]: STAFF_LIST,
  [`GET ${A}/customers/:externalUserId`]: STAFF_CUSTOMER,
  [`GET ${A}/customers/:externalUserId/value`]: STAFF_CUSTOMER,
  [`GET ${A}/customers/:externalUserId/messages`]: STAFF_CUSTOMER,
  [`GET ${A}/customers/:externalUserId/tag-history`]: STAFF_CUSTOMER,
  [`GET ${A}/tasks`]: STAFF_LIST,
  [`GET ${A}/quality/alerts`]: STAFF_LIST,

  // The dashboard and its breakdown count only the scope's relations and the customers they serve;
  // the campaign figures are about group members, not a salesperson's customers → admins.
  [`GET ${A}/dashboard`]: STAFF_LIST,
  [`GET ${A}/dashboard/breakdown`]: STAFF_LIST,
  [`GET ${A}/dashboard/campaigns`]: ADMIN,

  // Customer writes from the console.
  [`POST ${A}/customers/:externalUserId/tags`]: ADMIN,
  [`POST ${A}/tasks/:id/done`]: ADMIN,
  [`POST ${A}/tasks/:id/dismiss`]: ADMIN,

  // Welcome flows.
  [`GET ${A}/welcome-flows`]: ADMIN,
  [`POST ${A}/welcome-flows`]: ADMIN,
  [`GET ${A}/welcome-flows/:id`]: ADMIN,
  [`PATCH ${A}/welcome-flows/:id`]: ADMIN,
  [`DELETE ${A}/welcome-flows/:id`]: ADMIN,

  // Channels.
  [`GET ${A}/channels`]: ADMIN,
  [`POST ${A}/channels`]: ADMIN,
  [`POST ${A}/channels/rebalance`]: ADMIN,
  [`GET ${A}/channels/:id`]: ADMIN,
  [`PATCH ${A}/channels/:id`]: ADMIN,
  [`DELETE ${A}/channels/:id`]: ADMIN,
  [`GET ${A}/channels/:id/stats`]: ADMIN,

  // Group codes (群活码).
  [`GET ${A}/group-codes`]: ADMIN,
  [`POST ${A}/group-codes`]: ADMIN,
  [`POST ${A}/group-codes/recheck`]: ADMIN,
  [`GET ${A}/group-codes/:id`]: ADMIN,
  [`GET ${A}/group-codes/:id/stats`]: ADMIN,
  [`PATCH ${A}/group-codes/:id`]: ADMIN,
  [`DELETE ${A}/group-codes/:id`]: ADMIN,

  // Transfers and handovers.
  [`GET ${A}/transfer-failures`]: ADMIN,
  [`POST ${A}/handovers`]: ADMIN,
  [`GET ${A}/handovers`]: ADMIN,
  [`POST ${A}/handovers/check`]: ADMIN,

  // Corp tags: the library's names are everyone's (salespeople see them in the sidebar); changes are admins'.
  [`GET ${A}/tags`]: { access: 'staff', scope: 'none' },
  [`POST ${A}/tags/sync`]: ADMIN,
  [`POST ${A}/tags`]: ADMIN,

  // Imports.
  [`POST ${A}/messages/import`]: ADMIN,
  [`POST ${A}/orders`]: ADMIN,

  // Question sets, tag rules, reply scripts.
  [`GET ${A}/question-sets`]: ADMIN,
  [`POST ${A}/question-sets`]: ADMIN,
  [`PATCH ${A}/question-sets/:id`]: ADMIN,
  [`DELETE ${A}/question-sets/:id`]: ADMIN,
  [`GET ${A}/tag-rules`]: ADMIN,
  [`POST ${A}/tag-rules`]: ADMIN,
  [`GET ${A}/tag-rules/:id`]: ADMIN,
  [`PATCH ${A}/tag-rules/:id`]: ADMIN,
  [`DELETE ${A}/tag-rules/:id`]: ADMIN,
  [`GET ${A}/scripts`]: ADMIN,
  [`POST ${A}/scripts`]: ADMIN,
  [`GET ${A}/scripts/suggest`]: ADMIN,
  [`GET ${A}/scripts/:id`]: ADMIN,
  [`PATCH ${A}/scripts/:id`]: ADMIN,
  [`DELETE ${A}/scripts/:id`]: ADMIN,

  // Check-in campaigns and their reports (group members, not a salesperson's customers).
  [`GET ${A}/campaigns`]: ADMIN,
  [`POST ${A}/campaigns`]: ADMIN,
  [`GET ${A}/campaigns/:id`]: ADMIN,
  [`PATCH ${A}/campaigns/:id`]: ADMIN,
  [`GET ${A}/campaigns/:id/health`]: ADMIN,
  [`GET ${A}/campaigns/:id/leaderboard`]: ADMIN,
  [`GET ${A}/campaigns/:id/ledger.csv`]: ADMIN,
  [`GET ${A}/campaigns/:id/rewards`]: ADMIN,
  [`POST ${A}/campaigns/:id/rewards/:grantId/fulfil`]: ADMIN,

  // Segments and recalls.
  [`GET ${A}/segments`]: ADMIN,
  [`POST ${A}/segments`]: ADMIN,
  [`POST ${A}/segments/preview`]: { access: 'admin', audit: false },
  [`GET ${A}/segments/:id`]: ADMIN,
  [`PATCH ${A}/segments/:id`]: ADMIN,
  [`DELETE ${A}/segments/:id`]: ADMIN,
  [`GET ${A}/segments/:id/preview`]: ADMIN,
  [`GET ${A}/segments/:id/members.csv`]: ADMIN,
  [`POST ${A}/recalls`]: ADMIN,
  [`GET ${A}/recalls`]: ADMIN,
  [`GET ${A}/recalls/:id`]: ADMIN,
  [`POST ${A}/recalls/:id/check`]: ADMIN,

  // Quality rules, settings and the weekly summary.
  [`GET ${A}/quality/rules`]: ADMIN,
  [`POST ${A}/quality/rules`]: ADMIN,
  [`GET ${A}/quality/rules/:id`]: ADMIN,
  [`PATCH ${A}/quality/rules/:id`]: ADMIN,
  [`DELETE ${A}/quality/rules/:id`]: ADMIN,
  [`GET ${A}/quality/settings`]: ADMIN,
  [`PUT ${A}/quality/settings`]: ADMIN,
  [`GET ${A}/quality/leads`]: ADMIN,
  [`PUT ${A}/quality/leads`]: ADMIN,
  [`GET ${A}/quality/summary`]: ADMIN,

  // Custom profile fields: every role reads the definitions (the customer list filters on them); admins edit.
  [`GET ${A}/custom-fields`]: { access: 'staff', scope: 'none' },
  [`POST ${A}/custom-fields`]: ADMIN,
  [`GET ${A}/custom-fields/:id`]: ADMIN,
  [`PATCH ${A}/custom-fields/:id`]: ADMIN,
  [`DELETE ${A}/custom-fields/:id`]: ADMIN,

  // The queue dashboard (bull-board): job data and retries are operations, not customer views.
  [`* ${A}/queues/*`]: SUPER_ADMIN,
};
