/** What every use case receives: ports, a clock and a logger, never a framework object. */
import type { EventHandlers, EventQueue, InboxStore } from '../domain/ports.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

export interface AppDeps {
  inbox: InboxStore;
  eventQueue: EventQueue;
  /** The welcome queue, where the web role hands add events with a WelcomeCode. */
  welcomeQueue?: EventQueue;
  eventHandlers: EventHandlers;
  clock: Clock;
  logger: Logger;
}
