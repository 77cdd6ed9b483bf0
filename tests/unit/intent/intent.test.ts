import { describe, expect, it } from 'vitest';
import { createIntentClassifier, detectIntent, INTENTS, LEXICON_VERSION, type Intent } from '../../../src/domain/intent/intent.ts';

// Messages written for these tests: not in the training data, the held-out fixture or the dev set.
const EXAMPLES: Record<Intent, string[]> = {
  repurchase_signal: ['玫瑰纯露快用完了', '胶原蛋白就剩三条了', '孩子的奶粉罐已经见底', '酵素最后一瓶也开了'],
  referral: ['我小姨也想要一份', '我同桌问我这个在哪买的', '帮我外公也订一盒', '我把你推给我表姐了'],
  purchase_intent: ['那我要两盒吧', '怎么下单呀', '给我来一套试试', '我决定买年卡了'],
  price_inquiry: ['这款多少钱', '现在有优惠吗', '两盒能便宜点不', '有没有会员折扣'],
  usage_question: ['一天喝几包', '孕妇能用吗', '饭前喝还是饭后喝', '开封后要冷藏吗'],
  logistics: ['今天能发货吗', '快递到哪了', '帮我改一下收货地址', '单号多少'],
  return_exchange: ['我要退货', '能换成原味吗', '退款多久到账', '帮我取消订单'],
  complaint: ['包装是破的', '喝了以后胃疼', '你们客服态度太差了', '我要投诉'],
  checkin: ['打卡第八天', '今日已打卡', 'Day 9 ✅', '签到'],
  other: ['谢谢亲', '好的', '晚上好', '嗯嗯'],
};

describe('detectIntent()', () => {
  for (const intent of INTENTS) {
    it(`should detect ${intent}`, () => {
      for (const text of EXAMPLES[intent]) expect(detectIntent(text).intent, text).toBe(intent);
    });
  }

  it('should give evidence for every intent but other, and a confidence within 0..1', () => {
    for (const intent of INTENTS.filter((i) => i !== 'other')) {
      for (const text of EXAMPLES[intent]) {
        const result = detectIntent(text);
        expect(result.evidence.length, text).toBeGreaterThan(0);
        expect(result.confidence).toBeGreaterThan(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('should list the matched cue as evidence', () => {
    expect(detectIntent('燕窝快吃完了').evidence).toContain('快吃完');
    expect(detectIntent('我要投诉').evidence).toContain('投诉');
  });

  describe('negation', () => {
    it('should not take "not finished yet" or "plenty left" for a repurchase signal', () => {
      expect(detectIntent('还没吃完呢').intent).not.toBe('repurchase_signal');
      expect(detectIntent('家里还有很多，不急').intent).not.toBe('repurchase_signal');
      expect(detectIntent('还没喝完').evidence).toContain('¬喝完');
    });

    it('should not take "not a quality problem" for a complaint', () => {
      expect(detectIntent('不是质量问题').intent).not.toBe('complaint');
      expect(detectIntent('没有任何不舒服').intent).not.toBe('complaint');
    });

    it('should not take "no need to return" for a return', () => {
      expect(detectIntent('不用退了').intent).not.toBe('return_exchange');
      expect(detectIntent('算了不换了').intent).not.toBe('return_exchange');
    });

    it('should not take "not buying for now" for purchase intent', () => {
      expect(detectIntent('暂时不买').intent).not.toBe('purchase_intent');
      expect(detectIntent('我先不下单了').intent).not.toBe('purchase_intent');
    });

    it('should still see the intent when 不 asks rather than negates', () => {
      expect(detectIntent('能不能退').intent).toBe('return_exchange');
      expect(detectIntent('是不是坏了，味道好怪').intent).toBe('complaint');
      expect(detectIntent('奶粉差不多喝完了').intent).toBe('repurchase_signal');
    });
  });

  describe('hard cases', () => {
    it('should read Traditional characters', () => {
      expect(detectIntent('面膜快用完了，還剩兩片').intent).toBe('repurchase_signal');
      expect(detectIntent('請問怎麼退貨').intent).toBe('return_exchange');
      expect(detectIntent('物流到哪裡了').intent).toBe('logistics');
    });

    it('should read English mixed into Chinese', () => {
      expect(detectIntent('这款的price多少').intent).toBe('price_inquiry');
      expect(detectIntent('shipping了吗').intent).toBe('logistics');
      expect(detectIntent('想要refund').intent).toBe('return_exchange');
      expect(detectIntent('how to use 这个面霜').intent).toBe('usage_question');
    });

    it('should read emoji', () => {
      expect(detectIntent('第5天✔️').intent).toBe('checkin');
      expect(detectIntent('收到的罐子是瘪的😡').intent).toBe('complaint');
      expect(detectIntent('👌').intent).toBe('other');
    });

    it('should read typos and full-width text', () => {
      expect(detectIntent('益生菌吃玩了').intent).toBe('repurchase_signal');
      expect(detectIntent('退欵到了吗').intent).toBe('return_exchange');
      expect(detectIntent('ＤＡＹ　３ 打卡').intent).toBe('checkin');
    });

    it('should settle two intents by priority', () => {
      expect(detectIntent('早上喝完了，打个卡').intent).toBe('checkin');
      expect(detectIntent('快喝完了，再寄两盒来').intent).toBe('repurchase_signal');
      expect(detectIntent('给我婆婆也买一盒').intent).toBe('referral');
      expect(detectIntent('质量太差了，我要退货').intent).toBe('complaint');
      expect(detectIntent('发错口味了，给我换一下').intent).toBe('return_exchange');
    });

    it('should treat a worry about a side effect as a usage question', () => {
      expect(detectIntent('吃了会不会拉肚子').intent).toBe('usage_question');
    });
  });

  it('should call an empty or blank message other', () => {
    expect(detectIntent('')).toEqual({ intent: 'other', confidence: 1, evidence: [] });
    expect(detectIntent('   ').intent).toBe('other');
  });

  it('should be deterministic across calls and across classifier instances', () => {
    const texts = Object.values(EXAMPLES).flat();
    const first = texts.map((text) => detectIntent(text));
    const again = texts.map((text) => detectIntent(text));
    const fresh = createIntentClassifier();
    expect(again).toEqual(first);
    expect(texts.map((text) => fresh.detect(text))).toEqual(first);
  });

  it('should let the lexicon decide alone when the model weight is zero', () => {
    const lexiconOnly = createIntentClassifier({ modelWeight: 0 });
    expect(lexiconOnly.detect('多少钱').intent).toBe('price_inquiry');
    expect(lexiconOnly.explain('多少钱').model.price_inquiry).toBeGreaterThan(0);
    expect(lexiconOnly.explain('随便聊聊').fused.other).toBe(1);
  });

  it('should carry a lexicon version', () => {
    expect(LEXICON_VERSION).toMatch(/\S/);
  });
});
