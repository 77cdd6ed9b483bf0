/**
 * The data scope as a SQL condition: `"userId" IN (?, …)` over the serving userids a
 * dept lead or salesperson sees. An empty scope matches nothing (SQL has no empty IN).
 */
export function userIdIn(userIds: readonly string[], column = '"userId"'): { condition: string; params: string[] } {
  if (userIds.length === 0) return { condition: '1 = 0', params: [] };
  return { condition: `${column} IN (${userIds.map(() => '?').join(', ')})`, params: [...userIds] };
}
