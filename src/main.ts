/**
 * Entry point: load config, build the container, start the roles named in APP_ROLES
 * (web, worker, bot) and shut down in order on SIGINT/SIGTERM.
 */
import { loadConfig } from './config.ts';
import { createContainer, startRoles } from './container.ts';
import { CALLBACK_PATH } from './http/app.ts';
import { ensureSandboxCredentials, sandboxCredentialsPath } from './sandbox/credentials.ts';
import { DEMO_MEMBERS } from './sandbox/demo-content.ts';
import { startSandboxDemo, startSandboxWorld } from './sandbox/sandbox-mode.ts';
import { childLogger } from './shared/logger.ts';
import { SHUTDOWN_ORDER } from './shared/shutdown.ts';

const loaded = loadConfig();
const sandbox = loaded.mode === 'sandbox' ? ensureSandboxCredentials(loaded.sandboxDir) : undefined;
// Sandbox mode: a local WeCom simulator stands in for WeCom, and the config points at it.
const sandboxWorld = sandbox ? await startSandboxWorld(loaded, sandbox) : undefined;
const config = sandboxWorld?.config ?? loaded;
const callback = config.wecom ?? sandbox!;
const container = await createContainer(config, { callback, adminToken: sandbox?.adminToken, sessionSecret: sandbox?.sessionSecret });
if (sandboxWorld) container.shutdown.register('sandbox simulator', SHUTDOWN_ORDER.redis, () => sandboxWorld.stop());
const log = childLogger(container.logger, 'main');

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const forced = setTimeout(() => {
    log.error('shutdown took over 20 s; exiting');
    process.exit(1);
  }, 20_000);
  forced.unref();
  await container.shutdown.shutdownAll((name, error) => log.error({ err: error, resource: name }, 'close failed'));
  log.info('shutdown done');
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

// In sandbox mode the bot runs on the sandbox group's mock puppet, which the demo drives.
const running = await startRoles(container, config.roles, sandboxWorld ? { botPuppet: sandboxWorld.group.puppet } : {});
if (sandboxWorld && running.bot) sandboxWorld.group.login();
log.info({ roles: config.roles, mode: config.mode, database: config.databaseProvider }, 'started');

if (running.server) {
  const url = `http://127.0.0.1:${config.port}`;
  const lines = [
    '',
    `  WeCom callback URL  ${url}${CALLBACK_PATH}`,
    `  Health              ${url}/healthz   ${url}/readyz   ${url}/metrics`,
    `  Admin API           ${url}/api/admin/welcome-flows   (Authorization: Bearer <ADMIN_TOKEN>)`,
    `  Admin console       ${url}/admin/   (sign in with ADMIN_TOKEN)`,
    `  Queue dashboard     ${url}/api/admin/queues   (after signing in to the console)`,
  ];
  if (sandboxWorld && sandbox) {
    const traffic = await startSandboxDemo(sandboxWorld, { productUrl: url, adminToken: config.adminToken ?? sandbox.adminToken, credentials: sandbox, logger: childLogger(container.logger, 'main'), botRunning: Boolean(running.bot) });
    container.shutdown.register('sandbox traffic', SHUTDOWN_ORDER.httpServer, async () => traffic.stop());
    for (let waited = 0; traffic.customers.length === 0 && waited < 10_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const first = traffic.customers[0] ?? { userId: 'sales.li', externalUserId: '<externalUserId>' };
    lines.push(
      '',
      `  Sandbox: a local WeCom simulator (${sandboxWorld.simulator.url}) plays customers at SANDBOX_RATE=${config.sandboxRate}/s:`,
      '  they scan the demo channel code, get the welcome message, write to customer service and order;',
      ...(running.bot ? ['  members of the bot\'s group check in to the demo campaign (console → 打卡活动).'] : []),
      `  Sidebar (as ${first.userId}) ${url}/api/sidebar/dev-login?userId=${first.userId}&returnTo=${encodeURIComponent(`/sidebar/?customer=${first.externalUserId}`)}`,
      ...(running.bot
        ? [`  Group sidebar       ${url}/api/sidebar/dev-login?userId=${DEMO_MEMBERS[0].userId}&returnTo=${encodeURIComponent(`/sidebar/?chat=${sandboxWorld.group.chatId}`)}`]
        : []),
      `  Customers           curl -H "Authorization: Bearer <adminToken>" ${url}/api/admin/customers`,
      `  Console as a lead   ${url}/api/admin/dev-login?userId=lead.zhou&returnTo=%2Fadmin%2F (first, as admin: 角色权限 → 同步通讯录, make 周婷 部门主管)`,
    );
  }
  if (config.mode === 'sandbox') {
    lines.push(
      '',
      '  Sandbox mode: no WeCom credentials in .env, so callbacks are signed with the generated',
      `  sandbox credentials in ${sandboxCredentialsPath(config.sandboxDir)}. Send a signed sample event:`,
      '',
      '    npm run send-event -- add_external_contact',
      '',
      `  The admin API token is "adminToken" in ${sandboxCredentialsPath(config.sandboxDir)}.`,
      '',
    );
  }
  console.log(lines.join('\n'));
}
