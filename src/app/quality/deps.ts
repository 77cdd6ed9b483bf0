/** What the quality use cases need: rules, settings, alerts, the app messenger and time. */
import type { MemberMessenger, OnceClaims, QualityAlertStore, QualityRuleRepo, QualitySettingsStore } from '../../domain/ports.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';

export interface QualityDeps {
  rules: QualityRuleRepo;
  settings: QualitySettingsStore;
  alerts: QualityAlertStore;
  messenger: MemberMessenger;
  claims: OnceClaims;
  clock: Clock;
  logger: Logger;
}
