/**
 * The bot survives its puppet: a start that fails (the puppet service unreachable) is
 * retried with backoff, and a puppet that stops on its own is started again — the
 * plugins keep working without a process restart.
 */
import type { Message } from 'wechaty';
import { afterEach, describe, expect, it } from 'vitest';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { startBot, type RunningBot } from '../../../src/bot/bot.ts';
import { silentLogger } from '../../helpers/fakes.ts';
import { waitUntil } from '../../helpers/test-app.ts';

/** Fails its first `failures` starts, like a puppet service that is not up yet. */
class FlakyPuppet extends PuppetMock {
  starts = 0;

  constructor(
    mocker: mock.Mocker,
    private readonly failures: number,
  ) {
    super({ mocker });
  }

  override async onStart(): Promise<void> {
    this.starts++;
    if (this.starts <= this.failures) throw new Error('puppet service unreachable');
    return super.onStart();
  }
}

describe('bot supervision', () => {
  let bot: RunningBot | undefined;

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  function recordingPlugin(seen: string[]) {
    return (wechaty: { on(event: 'message', listener: (message: Message) => void): unknown }) => {
      wechaty.on('message', (message) => seen.push(message.text()));
    };
  }

  it('should retry a failed start with backoff and then work', async () => {
    const mocker = new mock.Mocker();
    const puppet = new FlakyPuppet(mocker, 2);
    const seen: string[] = [];
    bot = await startBot({ puppet, logger: silentLogger(), plugins: [recordingPlugin(seen)], restartDelayMs: 50, maxRestartDelayMs: 200 });
    // Wechaty itself waits up to 5 s for a puppet stuck starting before giving up on it.
    await waitUntil(() => puppet.starts === 3 && puppet.state.active(), 15_000, 'the third start');
    const user = mocker.createContact({ name: 'bot' });
    mocker.login(user);
    mocker.createContact({ name: '顾客' }).say('你好').to(user);
    await waitUntil(() => seen.includes('你好'), 5_000, 'the message after the restarts');
    expect(puppet.starts).toBe(3);
  }, 40_000);

  it('should start a puppet again after it stopped on its own', async () => {
    const mocker = new mock.Mocker();
    const puppet = new FlakyPuppet(mocker, 0);
    const seen: string[] = [];
    bot = await startBot({ puppet, logger: silentLogger(), plugins: [recordingPlugin(seen)], restartDelayMs: 50 });
    await puppet.stop();
    await waitUntil(() => puppet.starts === 2 && puppet.state.active(), 5_000, 'the restart');
    const user = mocker.createContact({ name: 'bot' });
    mocker.login(user);
    mocker.createContact({ name: '顾客' }).say('还在吗').to(user);
    await waitUntil(() => seen.includes('还在吗'), 5_000, 'the message after the restart');
  });
});
