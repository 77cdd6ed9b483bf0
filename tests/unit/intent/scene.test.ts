import { describe, expect, it } from 'vitest';
import { INTENTS, type Intent } from '../../../src/domain/intent/labels.ts';
import { SCENE_KEYS, sceneFor } from '../../../src/domain/intent/scene.ts';

const EXPECTED_KEYS: Record<Exclude<Intent, 'other'>, string> = {
  repurchase_signal: 'cycle_ending',
  referral: 'friends_family',
  purchase_intent: 'ready_to_buy',
  price_inquiry: 'price_hesitation',
  usage_question: 'usage_guidance',
  logistics: 'delivery_followup',
  return_exchange: 'after_sales',
  complaint: 'urgent_complaint',
  checkin: 'campaign_checkin',
};

describe('sceneFor()', () => {
  it('should map every intent but other to its stable scene key', () => {
    for (const [intent, key] of Object.entries(EXPECTED_KEYS)) expect(sceneFor(intent as Intent)?.key).toBe(key);
    expect(sceneFor('other')).toBeNull();
  });

  it('should give every scene a snake_case key, a Chinese label and action, and a positive deadline', () => {
    for (const intent of INTENTS.filter((i) => i !== 'other')) {
      const scene = sceneFor(intent)!;
      expect(scene.key).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(SCENE_KEYS).toContain(scene.key);
      expect(scene.label).toMatch(/^[\u4e00-\u9fff]{2,6}$/);
      expect(scene.suggestedAction).toMatch(/[\u4e00-\u9fff]/);
      expect(scene.dueInMinutes).toBeGreaterThan(0);
    }
  });

  it('should make a complaint urgent, and faster still for a high-value customer', () => {
    const ordinary = sceneFor('complaint', { valueLayer: 'mid' })!;
    const vip = sceneFor('complaint', { valueLayer: 'high' })!;
    expect(ordinary.priority).toBe('urgent');
    expect(ordinary.suggestedAction).toContain('主管');
    expect(vip.priority).toBe('urgent');
    expect(vip.dueInMinutes).toBeLessThan(ordinary.dueInMinutes);
  });

  it('should raise a repurchase signal when the expected cycle has really elapsed', () => {
    const early = sceneFor('repurchase_signal', { daysSinceLastOrder: 5, expectedConsumptionDays: 30 })!;
    const due = sceneFor('repurchase_signal', { daysSinceLastOrder: 27, expectedConsumptionDays: 30 })!;
    expect(early.priority).toBe('normal');
    expect(due.priority).toBe('high');
    expect(due.dueInMinutes).toBeLessThan(early.dueInMinutes);
    expect(due.suggestedAction).toContain('复购');
  });

  it('should raise a scene one step for a high-value customer, and win-back asks from declining and lapsed ones', () => {
    expect(sceneFor('price_inquiry', { valueLayer: 'high' })!.priority).toBe('high');
    expect(sceneFor('price_inquiry', { valueLayer: 'low' })!.priority).toBe('normal');
    expect(sceneFor('purchase_intent', { lifecycleStage: 'lapsed' })!.priority).toBe('urgent');
    expect(sceneFor('repurchase_signal', { lifecycleStage: 'declining' })!.priority).toBe('high');
  });

  it('should keep campaign check-ins low whoever sends them', () => {
    expect(sceneFor('checkin', { valueLayer: 'high' })!.priority).toBe('low');
  });

  it('should ignore an unusable cycle length', () => {
    expect(sceneFor('repurchase_signal', { daysSinceLastOrder: 40, expectedConsumptionDays: 0 })!.priority).toBe('normal');
  });
});
