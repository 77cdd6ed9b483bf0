/**
 * A check-in campaign in the group view, for when no bot speaks in the group: today's
 * check-ins and who is still missing, the stage rewards to announce and the leaderboard,
 * each message one tap away. Sends go through WeCom's sendChatMessage (the owner confirms
 * there); an announced reward is recorded so neither the bot nor the sidebar repeats it.
 */
import { api } from '../api.ts';
import { busyWhile, h, toast } from '../dom.ts';
import { actionFailed, messageOf } from '../failures.ts';
import { sendText } from '../jssdk.ts';
import type { GroupCampaign, NameList } from '../types.ts';
import { button, card, empty, pill } from './parts.ts';

function phasePill(campaign: GroupCampaign): HTMLElement {
  if (campaign.phase === 'running') return pill(`第 ${campaign.day}/${campaign.days} 天`, 'green');
  return pill(campaign.phase === 'before' ? `${campaign.startDate} 开始` : '已结束', 'gray');
}

function names(title: string, list: NameList, tone: 'done' | 'missing'): HTMLElement {
  const more = list.total - list.names.length;
  return h(
    'div',
    { class: `roll roll--${tone}` },
    h('h3', { class: 'roll__title' }, `${title}（${list.total}）`),
    list.total === 0
      ? empty(tone === 'done' ? '今天还没有人打卡' : '今天大家都打卡了')
      : h('div', { class: 'chips' }, list.names.map((name) => h('span', { class: 'chip chip--static' }, name)), more > 0 ? h('span', { class: 'meta roll__more' }, `等 ${list.total} 人`) : null),
  );
}

/** A button that puts `text` into the group chat. */
function sendButton(label: string, text: string, afterSend: () => Promise<void> = async () => toast('已发送')): HTMLButtonElement {
  return button(label, 'primary', (element) =>
    busyWhile(
      element,
      async () => {
        await sendText(text);
        await afterSend();
      },
      actionFailed,
    ),
  );
}

function today(campaign: GroupCampaign): HTMLElement {
  const reminder = campaign.messages.reminder;
  return card(
    '打卡活动',
    phasePill(campaign),
    h('p', { class: 'campaign__name' }, campaign.name),
    campaign.phase === 'running' ? [names('今日已打卡', campaign.checkedIn, 'done'), names('还没打卡', campaign.missing, 'missing')] : null,
    reminder ? h('div', null, h('p', { class: 'reply__text' }, reminder), h('div', { class: 'actions' }, sendButton('发送打卡提醒', reminder))) : null,
  );
}

function rewardItem(chatId: string, campaign: GroupCampaign, reward: GroupCampaign['rewards'][number], onGone: () => void): HTMLElement {
  const element = h(
    'article',
    { class: 'reply', 'data-grant-id': reward.grantId },
    h('header', { class: 'reply__header' }, pill(`累计${reward.stageDay}天`, 'orange'), h('h3', { class: 'reply__title' }, `${reward.displayName} · ${reward.reward}`)),
    h('p', { class: 'reply__text' }, reward.announcement),
    campaign.sidebarSpeaks
      ? h(
          'div',
          { class: 'actions' },
          sendButton('发送播报', reward.announcement, async () => {
            let marked: number[];
            try {
              ({ marked } = await api.announced(chatId, campaign.campaignId, [reward.grantId]));
            } catch (error) {
              // The announcement is in the chat already; only our record of it failed.
              toast(`已发送，但记录失败：${messageOf(error)}`);
              return;
            }
            element.remove();
            onGone();
            toast(marked.includes(reward.grantId) ? '已播报' : '已发送；这条奖励之前已播报过');
          }),
        )
      : null,
  );
  return element;
}

function rewards(chatId: string, campaign: GroupCampaign): HTMLElement | null {
  if (campaign.rewards.length === 0) return null;
  let left = campaign.rewards.length;
  const section = card(
    '待播报奖励',
    null,
    campaign.rewards.map((reward) =>
      rewardItem(chatId, campaign, reward, () => {
        left -= 1;
        if (left === 0) section.remove();
      }),
    ),
  );
  return section;
}

function leaderboard(campaign: GroupCampaign): HTMLElement {
  const text = campaign.messages.leaderboard;
  return card(
    '排行榜',
    null,
    campaign.leaderboard.length === 0
      ? empty('还没有人打卡')
      : h(
          'ol',
          { class: 'ranks' },
          campaign.leaderboard.map((m) =>
            h('li', { class: 'rank' }, h('span', { class: 'rank__no' }, String(m.rank)), h('span', { class: 'rank__name' }, m.displayName), h('span', { class: 'meta' }, `连续${m.streak}天 · ${m.points}分`)),
          ),
        ),
    text ? h('div', { class: 'actions' }, sendButton('发送排行榜', text)) : null,
  );
}

export function campaignSection(chatId: string, campaign: GroupCampaign): HTMLElement {
  return h('div', { class: 'campaign', 'data-campaign-id': campaign.campaignId }, today(campaign), rewards(chatId, campaign), leaderboard(campaign));
}
