/**
 * Welcome flow administration: list, read, create, change and delete the flows new
 * customers receive. Input arrives validated (http/routes/admin.schema.ts); the rule
 * "at most one default flow" is kept by the repository inside one transaction, because
 * two admins saving defaults at once must not both win.
 */
import type { WelcomeFlowRepo } from '../../domain/ports.ts';
import type { NewWelcomeFlow, WelcomeFlow } from '../../domain/welcome/welcome-flow.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';

/** What the welcome flow use cases need. */
export interface WelcomeFlowAdminDeps {
  welcomeFlows: WelcomeFlowRepo;
}

/**
 * Changes to a flow. A key present with `undefined` clears an optional field
 * (`channelState`); an absent key leaves the field alone.
 */
export type WelcomeFlowChanges = Partial<NewWelcomeFlow>;

function notFound(id: number): NotFoundError {
  return new NotFoundError(`welcome flow ${id} does not exist`);
}

/**
 * Every flow, oldest first.
 * @param deps - the flow repository
 * @returns the flows
 */
export async function listWelcomeFlows(deps: WelcomeFlowAdminDeps): Promise<WelcomeFlow[]> {
  return deps.welcomeFlows.list();
}

/**
 * One flow.
 * @param deps - the flow repository
 * @param id - the flow id
 * @returns the flow
 * @throws NotFoundError when there is no such flow
 */
export async function getWelcomeFlow(deps: WelcomeFlowAdminDeps, id: number): Promise<WelcomeFlow> {
  const flow = await deps.welcomeFlows.get(id);
  if (!flow) throw notFound(id);
  return flow;
}

/**
 * Creates a flow; with `isDefault` it becomes the only default.
 * @param deps - the flow repository
 * @param input - the validated flow
 * @returns the stored flow with its id
 */
export async function createWelcomeFlow(deps: WelcomeFlowAdminDeps, input: NewWelcomeFlow): Promise<WelcomeFlow> {
  return deps.welcomeFlows.create(input);
}

/**
 * Changes some fields of a flow; `isDefault: true` makes it the only default.
 * @param deps - the flow repository
 * @param input - the flow id and the validated changes (at least one)
 * @returns the flow after the change
 * @throws ValidationError when there is nothing to change; NotFoundError when there is no such flow
 */
export async function updateWelcomeFlow(
  deps: WelcomeFlowAdminDeps,
  input: { id: number; changes: WelcomeFlowChanges },
): Promise<WelcomeFlow> {
  // The schema already refuses an empty PATCH; callers other than HTTP get the same answer.
  if (Object.keys(input.changes).length === 0) throw new ValidationError('(body): at least one field is required');
  const flow = await deps.welcomeFlows.update(input.id, input.changes);
  if (!flow) throw notFound(input.id);
  return flow;
}

/**
 * Deletes a flow. Deleting the default leaves no default: new customers outside any
 * channel or salesperson flow then get no welcome, which the send log records as no_flow.
 * @param deps - the flow repository
 * @param id - the flow id
 * @throws NotFoundError when there is no such flow
 */
export async function deleteWelcomeFlow(deps: WelcomeFlowAdminDeps, id: number): Promise<void> {
  if (!(await deps.welcomeFlows.remove(id))) throw notFound(id);
}
