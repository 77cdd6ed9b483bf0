import { describe, expect, it } from 'vitest';
import {
  createWelcomeFlow,
  deleteWelcomeFlow,
  getWelcomeFlow,
  listWelcomeFlows,
  updateWelcomeFlow,
} from '../../../../src/app/admin/welcome-flows.ts';
import type { NewWelcomeFlow } from '../../../../src/domain/welcome/welcome-flow.ts';
import { NotFoundError, ValidationError } from '../../../../src/shared/errors.ts';
import { InMemoryWelcomeFlowRepo } from '../../../helpers/admin-fakes.ts';

function newFlow(overrides: Partial<NewWelcomeFlow> = {}): NewWelcomeFlow {
  return { name: '默认欢迎语', text: '你好 {customer}', attachments: [], variants: [], userIds: [], isDefault: false, enabled: true, ...overrides };
}

function world() {
  const welcomeFlows = new InMemoryWelcomeFlowRepo();
  return { welcomeFlows, deps: { welcomeFlows } };
}

describe('createWelcomeFlow()', () => {
  it('should store the flow with a new id when the input is valid', async () => {
    const { deps } = world();
    const flow = await createWelcomeFlow(deps, newFlow({ channelState: 'expo' }));
    expect(flow).toMatchObject({ id: 1, name: '默认欢迎语', channelState: 'expo' });
    expect(await listWelcomeFlows(deps)).toEqual([flow]);
  });

  it('should leave exactly one default when two defaults are created', async () => {
    const { deps } = world();
    await createWelcomeFlow(deps, newFlow({ isDefault: true }));
    const second = await createWelcomeFlow(deps, newFlow({ name: 'second', isDefault: true }));
    const defaults = (await listWelcomeFlows(deps)).filter((f) => f.isDefault);
    expect(defaults.map((f) => f.id)).toEqual([second.id]);
  });
});

describe('getWelcomeFlow()', () => {
  it('should throw NotFoundError when the id is unknown', async () => {
    await expect(getWelcomeFlow(world().deps, 99)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('updateWelcomeFlow()', () => {
  it('should change only the given fields when some are patched', async () => {
    const { deps } = world();
    const flow = await createWelcomeFlow(deps, newFlow({ userIds: ['sales.li'] }));
    const updated = await updateWelcomeFlow(deps, { id: flow.id, changes: { text: '新的欢迎语' } });
    expect(updated).toEqual({ ...flow, text: '新的欢迎语' });
  });

  it('should move the default flag to the updated flow when isDefault is set', async () => {
    const { deps } = world();
    const first = await createWelcomeFlow(deps, newFlow({ isDefault: true }));
    const second = await createWelcomeFlow(deps, newFlow({ name: 'second' }));
    await updateWelcomeFlow(deps, { id: second.id, changes: { isDefault: true } });
    expect(await getWelcomeFlow(deps, first.id)).toMatchObject({ isDefault: false });
    expect(await getWelcomeFlow(deps, second.id)).toMatchObject({ isDefault: true });
  });

  it('should clear the channel when channelState is present and undefined', async () => {
    const { deps } = world();
    const flow = await createWelcomeFlow(deps, newFlow({ channelState: 'expo' }));
    const updated = await updateWelcomeFlow(deps, { id: flow.id, changes: { channelState: undefined } });
    expect('channelState' in updated).toBe(false);
  });

  it('should throw NotFoundError when the id is unknown and ValidationError when nothing changes', async () => {
    const { deps } = world();
    await expect(updateWelcomeFlow(deps, { id: 7, changes: { enabled: false } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateWelcomeFlow(deps, { id: 7, changes: {} })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('deleteWelcomeFlow()', () => {
  it('should remove the flow and then answer NotFoundError for the same id', async () => {
    const { deps } = world();
    const flow = await createWelcomeFlow(deps, newFlow());
    await deleteWelcomeFlow(deps, flow.id);
    expect(await listWelcomeFlows(deps)).toEqual([]);
    await expect(deleteWelcomeFlow(deps, flow.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});
