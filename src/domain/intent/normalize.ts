/**
 * Text normalisation before any matching: one canonical form so the lexicon and the
 * n-gram model only need to know Simplified Chinese, half-width ASCII and lowercase English.
 * Everything here is compiled once at module load; normalizeText() does no regex construction.
 */

/**
 * Traditional → Simplified for the characters customer chat actually uses (commerce, logistics,
 * products, body, family, feelings, function words). Pairs are "繁简" back to back. Not a full
 * converter: an unknown Traditional character is left as is and the n-gram model copes.
 */
const TRADITIONAL_PAIRS = [
  // function words and chat particles
  '這这個个們们決决兩两麼么嗎吗嗎吗還还沒没說说話话讓让給给會会對对開开關关從从與与為为於于並并則则雖虽' +
    '誰谁甚什樣样種种麽么啓启啟启後后裡里裏里當当幾几與与邊边頭头沒没見见聽听覺觉應应該该嘗尝點点' +
    '請请問问謝谢歡欢樂乐愛爱氣气時时間间號号張张來来們们爲为囉啰嘍喽喫吃纔才祇只隻只著着剛刚',
  // commerce and money
  '買买賣卖貨货價价錢钱費费優优單单購购訂订團团贈赠禮礼裝装積积員员額额現现庫库夠够帳账賬账' +
    '轉转幣币塊块圓圆貴贵賤贱減减滿满劃划較较總总計计統统賠赔償偿損损獎奖勵励碼码鏈链網网頁页' +
    '級级會会營营銷销辦办廣广專专業业戶户億亿萬万筆笔',
  // logistics
  '發发遞递運运郵邮寄寄達达倉仓儲储驛驿櫃柜區区縣县鄉乡鎮镇樓楼棟栋遠远遲迟週周址址簽签收收' +
    '送送貼贴掃扫描描檢检詢询據据續续斷断陸陆門门電电聯联繫系係系車车飛飞',
  // returns, complaints, quality
  '換换處处錯错誤误壞坏爛烂黴霉過过質质態态騙骗訴诉評评題题嚴严變变異异蟲虫髮发結结縮缩漏漏' +
    '壓压擠挤濕湿黏粘廠厂產产製制鮮鲜舊旧臭臭煩烦擾扰騷骚響响聲声憤愤罵骂罰罚擔担憂忧慮虑緊紧' +
    '鬧闹損损棄弃盡尽認认識识證证實实際际確确標标準准',
  // products, usage, body
  '膠胶窩窝維维鈣钙魚鱼葉叶黃黄補补藥药膚肤護护華华噴喷霧雾癢痒腫肿紅红暈晕噁恶惡恶瀉泻適适' +
    '齡龄歲岁飯饭餐餐睡睡醒醒減减養养長长壽寿顏颜燉炖沖冲熱热涼凉凍冻溫温乾干幹干淨净臉脸' +
    '劑剂療疗醫医診诊測测試试驗验嬰婴兒儿寶宝婦妇體体飲饮餅饼飽饱餓饿餘余館馆湯汤蝦虾鮑鲍參参' +
    '蔘参棗枣蘇苏濃浓漿浆燒烧爐炉鍋锅盤盘壺壶錠锭組组顆颗條条蓋盖罐罐麵面麥麦穀谷豐丰鹽盐' +
    '雞鸡鴨鸭醬酱蘿萝蔔卜滷卤鹵卤紙纸',
  // people and relations
  '媽妈閨闺親亲鄰邻領领導导闆板爺爷孫孙嬸婶夥伙羣群隊队學学師师東东嬤嬷',
  // campaign and misc
  '簽签堅坚讚赞節节慶庆興兴圖图視视頻频線线訊讯簡简寫写畫画書书報报讀读戲戏夢梦靜静爭争麗丽' +
    '陽阳陰阴雲云風风臺台灣湾國国韓韩際际欵款',
].join('');

function pairsToMap(pairs: string): Map<string, string> {
  const chars = Array.from(pairs);
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const [from, to] = [chars[i]!, chars[i + 1]!];
    if (from !== to) map.set(from, to);
  }
  return map;
}

const TRADITIONAL_TO_SIMPLIFIED = pairsToMap(TRADITIONAL_PAIRS);
const TRADITIONAL_CHAR = new RegExp(`[${[...TRADITIONAL_TO_SIMPLIFIED.keys()].join('')}]`, 'gu');

/**
 * Emoji variants folded to one representative, so the lexicon lists each feeling once.
 * Keys are single code points; modifiers (skin tone, variation selectors, ZWJ) are stripped first.
 */
const EMOJI_CANONICAL: ReadonlyMap<string, string> = new Map([
  ['✔', '✅'],
  ['☑', '✅'],
  ['✓', '✅'],
  ['🆗', '👌'],
  ['😠', '😡'],
  ['🤬', '😡'],
  ['😤', '😡'],
  ['💢', '😡'],
  ['👿', '😡'],
  ['😭', '😢'],
  ['😿', '😢'],
]);
const EMOJI_VARIANT = new RegExp(`[${[...EMOJI_CANONICAL.keys()].join('')}]`, 'gu');
const EMOJI_MODIFIERS = /\u{FE0E}|\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}]/gu;

/**
 * Chat typos and homophones (after Traditional→Simplified, so one spelling each). Literal
 * replacements applied in one pass; the longest key wins where keys overlap.
 */
const TYPO_FIXES: ReadonlyMap<string, string> = new Map([
  ['吃玩', '吃完'],
  ['喝玩', '喝完'],
  ['用玩', '用完'],
  ['打咔', '打卡'],
  ['打k', '打卡'],
  ['签倒', '签到'],
  ['优慧', '优惠'],
  ['优会', '优惠'],
  ['多少前', '多少钱'],
  ['几钱', '多少钱'],
  ['单好', '单号'],
  ['快第', '快递'],
  ['物留', '物流'],
  ['发或', '发货'],
  ['退宽', '退款'],
  ['退換', '退换'],
  ['肿么', '怎么'],
  ['咋么', '怎么'],
  ['神马', '什么'],
  ['啥子', '什么'],
  ['木有', '没有'],
  ['没木', '没有'],
  ['酱紫', '这样子'],
  ['在嘛', '在吗'],
  ['介个', '这个'],
  ['表妹纸', '表妹'],
  ['妹纸', '妹子'],
  ['盆友', '朋友'],
  ['童鞋', '同学'],
  ['tuikuan', '退款'],
  ['kuaidi', '快递'],
  ['fahuo', '发货'],
  ['daka', '打卡'],
  ['duoshaoqian', '多少钱'],
]);
const TYPO = new RegExp([...TYPO_FIXES.keys()].sort((a, b) => b.length - a.length).join('|'), 'gu');

/** A sentence-final 嘛/么 is a question particle; folding it to 吗 keeps one question form. */
const QUESTION_PARTICLE = /(?<![怎什那这多要干])[嘛么](?=$|[\s,.!?~。])/gu;
const WHITESPACE = /\s+/gu;
const REPEATED_PUNCTUATION = /([,.!?~。])\1+/gu;

/**
 * Canonical form: NFKC (full-width → half-width, compatibility forms), lowercase,
 * Traditional → Simplified, emoji folded, typos fixed, whitespace collapsed.
 */
export function normalizeText(raw: string): string {
  let text = raw.normalize('NFKC').toLowerCase();
  text = text.replace(TRADITIONAL_CHAR, (char) => TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char);
  text = text.replace(EMOJI_MODIFIERS, '').replace(EMOJI_VARIANT, (char) => EMOJI_CANONICAL.get(char) ?? char);
  text = text.replace(TYPO, (typo) => TYPO_FIXES.get(typo) ?? typo);
  text = text.replace(QUESTION_PARTICLE, '吗');
  return text.replace(REPEATED_PUNCTUATION, '$1').replace(WHITESPACE, ' ').trim();
}
