/**
 * Entry point: load config, build the container, start the roles named in APP_ROLES
 * (web, worker, bot) and shut down in order on SIGINT/SIGTERM.
 */
import { loadConfig } from './config.ts';
import { createContainer, startRoles } from './container.ts';
import { CALLBACK_PATH } from './http/app.ts';
import { ensureSandboxCredentials, sandboxCredentialsPath } from './sandbox/credentials.ts';
import { childLogger } from './shared/logger.ts';

const config = loadConfig();
const sandbox = config.mode === 'sandbox' ? ensureSandboxCredentials(config.sandboxDir) : undefined;
const callback = config.wecom ?? sandbox!;
const container = await createContainer(config, { callback, adminToken: sandbox?.adminToken, sessionSecret: sandbox?.sessionSecret });
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

const running = await startRoles(container, config.roles);
log.info({ roles: config.roles, mode: config.mode, database: config.databaseProvider }, 'started');

if (running.server) {
  const url = `http://127.0.0.1:${config.port}`;
  const lines = [
    '',
    `  WeCom callback URL  ${url}${CALLBACK_PATH}`,
    `  Health              ${url}/healthz   ${url}/readyz   ${url}/metrics`,
    `  Admin API           ${url}/api/admin/welcome-flows   (Authorization: Bearer <ADMIN_TOKEN>)`,
  ];
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
