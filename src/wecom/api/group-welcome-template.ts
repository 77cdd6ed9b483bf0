/**
 * The group welcome template library (入群欢迎语素材): `group_welcome_template/add`,
 * `edit`, `del` (PROTOCOL §4.3, ≤ 100 templates per corp). A template is a text and at most
 * one attachment, each under its own key (`image`, `link`, `miniprogram`), not an
 * `attachments` list as send_welcome_msg takes. A template is not attached to a join way:
 * `notify: 1` asks the group owners in their WeCom client to apply it to their groups, and
 * WeCom sends it to newcomers of the groups whose owner did.
 */
import type { GroupWelcome } from '../../domain/group-code/group-code.ts';
import type { GroupWelcomeTemplates } from '../../domain/ports.ts';
import { WecomApiError } from '../errors.ts';
import type { WecomClient } from '../client.ts';

/** A template_id WeCom does not know. */
const UNKNOWN_TEMPLATE = new Set([41044]);

function content(welcome: GroupWelcome): Record<string, unknown> {
  const attachment = welcome.attachment;
  return {
    text: { content: welcome.text },
    ...(attachment?.msgtype === 'image' ? { image: attachment.image } : {}),
    ...(attachment?.msgtype === 'link' ? { link: attachment.link } : {}),
    ...(attachment?.msgtype === 'miniprogram' ? { miniprogram: attachment.miniprogram } : {}),
  };
}

export class WecomGroupWelcomeTemplates implements GroupWelcomeTemplates {
  constructor(private readonly client: WecomClient) {}

  async create(welcome: GroupWelcome): Promise<string> {
    const response = await this.client.request<{ template_id: string }>({
      api: '/cgi-bin/externalcontact/group_welcome_template/add',
      method: 'POST',
      secret: 'contact',
      body: { ...content(welcome), notify: 1 },
    });
    return response.template_id;
  }

  async update(templateId: string, welcome: GroupWelcome): Promise<void> {
    await this.client.request({
      api: '/cgi-bin/externalcontact/group_welcome_template/edit',
      method: 'POST',
      secret: 'contact',
      body: { template_id: templateId, ...content(welcome) },
    });
  }

  /** A template already gone counts as removed, so a retried delete finishes. */
  async remove(templateId: string): Promise<void> {
    try {
      await this.client.request({ api: '/cgi-bin/externalcontact/group_welcome_template/del', method: 'POST', secret: 'contact', body: { template_id: templateId } });
    } catch (error) {
      if (!(error instanceof WecomApiError && UNKNOWN_TEMPLATE.has(error.errcode))) throw error;
    }
  }
}
