import { describe, expect, it } from 'vitest';
import { rankScripts, type ReplyScript } from '../../../../src/domain/scripts/reply-scripts.ts';

function script(id: number, overrides: Partial<ReplyScript> = {}): ReplyScript {
  return { id, title: `script ${id}`, text: '…', intents: [], scenes: [], stages: [], tagIds: [], attachments: [], enabled: true, usageCount: 0, ...overrides };
}

const ids = (ranked: { script: ReplyScript }[]) => ranked.map((r) => r.script.id);

describe('rankScripts()', () => {
  it('should rank a scene match above intent, stage and tag matches together', () => {
    const scripts = [
      script(1, { intents: ['purchase_intent'], stages: ['active'], tagIds: ['etA', 'etB', 'etC'], usageCount: 5000 }),
      script(2, { scenes: ['ready_to_buy'] }),
    ];
    const ranked = rankScripts(scripts, { scene: 'ready_to_buy', intent: 'purchase_intent', stage: 'active', tagIds: ['etA', 'etB', 'etC'] });
    expect(ids(ranked)).toEqual([2, 1]);
    expect(ranked[0]).toMatchObject({ score: 16, reasons: ['scene:ready_to_buy'] });
  });

  it('should rank intent above stage and tags, and stage above tags', () => {
    const scripts = [
      script(1, { tagIds: ['etA', 'etB', 'etC'], usageCount: 1000 }),
      script(2, { stages: ['stable'] }),
      script(3, { intents: ['repurchase_signal'] }),
    ];
    const ranked = rankScripts(scripts, { intent: 'repurchase_signal', stage: 'stable', tagIds: ['etA', 'etB', 'etC'] });
    expect(ids(ranked)).toEqual([3, 2, 1]);
    expect(ranked.map((r) => r.score)).toEqual([8, 4, 3.9]);
  });

  it('should add up every matching signal and name each in the reasons', () => {
    const [ranked] = rankScripts(
      [script(1, { scenes: ['after_sales'], intents: ['return_exchange'], stages: ['active'], tagIds: ['etVip', 'etOther'], usageCount: 9 })],
      { scene: 'after_sales', intent: 'return_exchange', stage: 'active', tagIds: ['etVip'] },
    );
    expect(ranked).toMatchObject({ score: 29.3, reasons: ['scene:after_sales', 'intent:return_exchange', 'stage:active', 'tag:etVip', 'used:9'] });
  });

  it('should let usage decide between otherwise equal matches, and the lower id between exact ties', () => {
    const scripts = [script(4, { intents: ['logistics'] }), script(2, { intents: ['logistics'] }), script(3, { intents: ['logistics'], usageCount: 20 })];
    expect(ids(rankScripts(scripts, { intent: 'logistics' }))).toEqual([3, 2, 4]);
  });

  it('should leave out scripts labelled only for other situations', () => {
    const scripts = [script(1, { scenes: ['urgent_complaint'], intents: ['complaint'] }), script(2, { tagIds: ['etVip'] })];
    expect(rankScripts(scripts, { scene: 'ready_to_buy', intent: 'purchase_intent', tagIds: ['etNew'] })).toEqual([]);
  });

  it('should keep generic scripts below every match, and offer them when nothing matches', () => {
    const scripts = [script(1, { usageCount: 100_000 }), script(2, { tagIds: ['etVip'] })];
    const ranked = rankScripts(scripts, { tagIds: ['etVip'] });
    expect(ids(ranked)).toEqual([2, 1]);
    expect(ranked[1]).toMatchObject({ score: 0.9, reasons: ['generic', 'used:100000'] });
    expect(rankScripts(scripts, {})).toEqual([{ script: scripts[0], score: 0.9, reasons: ['generic', 'used:100000'] }]);
  });

  it('should leave out disabled scripts, even perfect matches', () => {
    const scripts = [script(1, { scenes: ['cycle_ending'], enabled: false }), script(2, { enabled: false })];
    expect(rankScripts(scripts, { scene: 'cycle_ending' })).toEqual([]);
  });

  it('should return at most `limit` scripts, 5 when none is given', () => {
    const scripts = Array.from({ length: 8 }, (_, i) => script(i + 1, { intents: ['checkin'] }));
    expect(ids(rankScripts(scripts, { intent: 'checkin' }))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(rankScripts(scripts, { intent: 'checkin' }, 2))).toEqual([1, 2]);
  });

  it('should count a shared tag once however often either side names it', () => {
    const [ranked] = rankScripts([script(1, { tagIds: ['etA', 'etA'] })], { tagIds: ['etA', 'etA'] });
    expect(ranked).toMatchObject({ score: 1, reasons: ['tag:etA'] });
  });
});
