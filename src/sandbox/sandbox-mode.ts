/**
 * `npm start` without WeCom credentials: the product runs against a local WeCom simulator
 * (loopback, in memory) that knows the sandbox corp, its salespeople and tag groups; once
 * the web role listens, the demo is set up through the admin API and simulated customers
 * start arriving, writing and ordering. With credentials none of this starts.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import type { SandboxCredentials } from './credentials.ts';
import { DEMO_DEPARTMENTS, DEMO_MEMBERS } from './demo-content.ts';
import { setUpDemo, startCustomerTraffic, type SimulatedCustomers } from './sandbox-driver.ts';
import { createSandboxGroup, type SandboxGroup } from './sandbox-group.ts';
import { startWecomApiSimulator, type WecomApiSimulator } from './wecom-api-simulator.ts';

const CONTACT_SECRET = 'sandbox-contact-secret';
const AGENT_SECRET = 'sandbox-agent-secret';
const AGENT_ID = '1000002';

export interface SandboxWorld {
  /** The configuration pointed at the simulator. */
  config: Readonly<Config>;
  simulator: WecomApiSimulator;
  /** The customer group the bot role runs the demo campaign in. */
  group: SandboxGroup;
  stop(): Promise<void>;
}

export async function startSandboxWorld(config: Readonly<Config>, credentials: SandboxCredentials): Promise<SandboxWorld> {
  const simulator = await startWecomApiSimulator({ corpId: credentials.corpId, secrets: [CONTACT_SECRET, AGENT_SECRET] });
  for (const department of DEMO_DEPARTMENTS) simulator.world.departments.set(department.id, { ...department });
  for (const member of DEMO_MEMBERS) simulator.world.addMember(member);
  return {
    config: Object.freeze({ ...config, wecomApiBase: simulator.url, wecomContactSecret: CONTACT_SECRET, wecomAgentSecret: AGENT_SECRET, wecomAgentId: AGENT_ID }),
    simulator,
    group: createSandboxGroup(simulator),
    stop: () => simulator.close(),
  };
}

/** Sets up the demo corp and starts customer traffic at `config.sandboxRate` events a second. */
export async function startSandboxDemo(
  world: SandboxWorld,
  options: { productUrl: string; adminToken: string; credentials: SandboxCredentials; logger: Logger; botRunning: boolean },
): Promise<ReturnType<typeof startCustomerTraffic>> {
  const driver = {
    ...options,
    callback: options.credentials,
    simulator: simulatedCustomers(world.simulator),
    ratePerSecond: world.config.sandboxRate,
    ...(options.botRunning ? { group: world.group } : {}),
  };
  const demo = await setUpDemo(driver);
  if (world.config.sandboxRate <= 0) return { stop: () => {}, customers: [] };
  return startCustomerTraffic(driver, demo);
}

/** The simulator as the traffic driver sees it. */
export function simulatedCustomers(simulator: WecomApiSimulator): SimulatedCustomers {
  return {
    scanContactWay: (configId, customer) => simulator.world.scanContactWay(configId, customer),
    kfCustomerSays: (openKfId, externalUserId, text) => simulator.world.kfSays(openKfId, externalUserId, text),
    knowsContactWay: (configId) => simulator.world.snapshot().contactWays.some((way) => way.configId === configId),
    scanJoinWay: (configId, externalUserId) => simulator.world.scanJoinWay(configId, externalUserId),
    leaveGroup: (chatId, userId) => simulator.world.leaveGroup(chatId, userId),
    knowsJoinWay: (configId) => simulator.world.joinWays.has(configId),
    ensureGroup: (group) => {
      if (!simulator.world.groups.has(group.chatId)) simulator.world.createGroup({ ...group, members: [] });
    },
  };
}
