/**
 * ContactDirectory on the WeCom API. "No such contact" answers become `null`, and so
 * does a missing 客户联系 secret (said once in the log): relation events are still
 * recorded, only the customer's details are not fetched.
 */
import type { ContactSnapshot } from '../domain/contact/contact.ts';
import type { ContactDirectory } from '../domain/ports.ts';
import type { Logger } from '../shared/logger.ts';
import { getExternalContact, NO_SUCH_CONTACT_ERRCODES } from './api/external-contact.ts';
import type { WecomClient } from './client.ts';
import { WecomApiError, WecomSecretMissingError } from './errors.ts';

export class WecomContactDirectory implements ContactDirectory {
  private warnedSecretMissing = false;

  constructor(
    private readonly client: WecomClient,
    private readonly logger: Logger,
  ) {}

  async getContact(externalUserId: string): Promise<ContactSnapshot | null> {
    try {
      return await getExternalContact(this.client, externalUserId);
    } catch (error) {
      if (error instanceof WecomApiError && NO_SUCH_CONTACT_ERRCODES.has(error.errcode)) return null;
      if (error instanceof WecomSecretMissingError) {
        if (!this.warnedSecretMissing) {
          this.warnedSecretMissing = true;
          this.logger.warn('customer details are not fetched: set WECOM_CONTACT_SECRET (客户联系 secret)');
        }
        return null;
      }
      throw error;
    }
  }
}
