/**
 * Cue tables per intent: data only, compiled by intent.ts at module load. Patterns are
 * regular-expression sources matched against normalizeText() output (Simplified Chinese,
 * lowercase, half-width punctuation), without the `u` flag: emoji only as literal alternatives,
 * never inside a character class.
 *
 * A cue group is one aspect of an intent ("supply nearly gone", "asks for a price"): it adds its
 * weight once however many of its patterns match, so separate aspects add up and synonyms do not.
 * A negatable group is cancelled by a negator just before the match in the same clause
 * ("还没吃完", "不是质量问题", "不用退了", "暂时不买"). Negative weights express counter-evidence
 * ("还有很多" argues against a repurchase signal).
 */
import type { Intent } from './labels.ts';

export const LEXICON_VERSION = 'intent-lexicon-4';

export interface CueGroup {
  /** Regex sources, alternated in order (put the longer alternative first where they overlap). */
  readonly patterns: readonly string[];
  readonly weight: number;
  /** A negator right before the match (at most two characters between, same clause) cancels it. */
  readonly negatable?: boolean;
}

// Shared fragments. A clause character is anything but punctuation or space, so `${CLAUSE}{0,4}`
// never reaches into the next clause.
const CLAUSE = '[^,.!?;:。，、！？；：~\\s]';
/** A clause character that is not itself a negator: filler inside a cue must not swallow 不/没. */
const CLAUSE_AFFIRMATIVE = '[^不没别未,.!?;:。，、！？；：~\\s]';
const NUM = '[0-9一二两三四五六七八九十百几半俩仨]';
const UNIT = '(?:瓶|盒|罐|袋|包|片|粒|颗|支|管|条|箱|套|份|勺|泡|听|桶|杯|块|贴|板|根|碗|对|提|只|瓶子|小袋|小包|小盒)';
const CONSUME = '(?:吃|喝|用|服|冲|泡|敷|抹|涂|擦|炖|嚼|挤)';
const RELATION =
  '(?:朋友们?|好友|闺蜜|同事们?|同学们?|同桌|发小|网友|群友|病友|舍友|室友|邻居|老乡|老妈|我妈|妈妈|老爸|我爸|爸爸|爸妈|父母|婆婆|公公|岳母|岳父|丈母娘|老丈人|' +
  '老公|老婆|媳妇|儿媳妇?|女婿|女朋友|男朋友|对象|姐姐|我姐|妹妹|我妹|哥哥|我哥|弟弟|我弟|表姐|表妹|表哥|表弟|堂姐|堂妹|堂哥|堂弟|' +
  '嫂子|弟媳|小姑子?|小姨子?|姐妹们?|兄弟们?|亲戚|亲友|家人|家里人|奶奶|爷爷|外婆|外公|姥姥|姥爷|阿姨|叔叔|舅舅|舅妈|姑姑|姨妈|大姨|小姨|' +
  '老板|领导|上司|客户|部门|单位|闺女|女儿|儿子|宝妈们?|战友|师傅|老师|婆家|娘家|mom|mum|mother|dad|father|friends?|sister|brother|colleagues?|wife|husband|boss)';

/**
 * Negator window: matched against the few characters before a cue in the same clause.
 * 不 followed by 能/可/会/给/让/行/够/到 is an ability question or a complaint ("不能退吗",
 * "不给退"); 差不多/不少/不久/要不 and A-not-A questions (是不是, 能不能, 有没有) are not
 * negations at all, so none of them cancel.
 */
export const NEGATOR = `(?:不用|不想|不要|不需要|无需|不必|不打算|没打算|还没有?|(?<!有)没有?|未|别|(?<![差要是能会可好行用])不(?![能可会给让行够到多少久]))${CLAUSE}{0,2}$`;
/** How many characters before a cue the negator window looks at. */
export const NEGATOR_WINDOW = 6;

/** Score every message starts with for `other`; an intent needs more than this to win. */
export const OTHER_BASE_SCORE = 1;
/** Each cancelled cue is evidence of a refusal or "not yet": it counts this much for `other`. */
export const NEGATED_CUE_TO_OTHER = 1;

/** Exact-tie priority, most actionable first (an angry refund request is a complaint). */
export const TIE_BREAK_ORDER: readonly Intent[] = [
  'complaint',
  'return_exchange',
  'repurchase_signal',
  'referral',
  'logistics',
  'price_inquiry',
  'usage_question',
  'purchase_intent',
  'checkin',
  'other',
];

export const LEXICON: Readonly<Record<Intent, readonly CueGroup[]>> = {
  repurchase_signal: [
    {
      // finished / used up, but not "吃完饭" or "用完要洗吗" (sequence, not depletion)
      patterns: [`${CONSUME}得?(?:完|光|空)(?!饭|水|后|以后|之后|再|要|能|可以|会|才|多久)(?:了|啦|喽|咯|光|掉)?`, `${CONSUME}没了`],
      weight: 3,
      negatable: true,
    },
    {
      // nearly gone
      patterns: [
        `快要?${CONSUME}?(?:完|光|没|空|见底|断)`,
        '见底|到底了|用到底|刮着用|挤不出|压不出|倒不出|空瓶|空了|断货|断粮|断了|告急',
        `没剩(?:多少|几)|剩(?:的)?不多|不多了|没几${UNIT}?了|七七八八|差不多${CONSUME}?(?:完|光)|${CONSUME}得差不多`,
        `就要?${CONSUME}?(?:完|光|没)了`,
        '(?:撑|坚持)不(?:过|了|到)',
      ],
      weight: 3,
      negatable: true,
    },
    {
      // a small remaining quantity: 只剩两瓶 / 剩最后几粒 / 还有三四天的量
      patterns: [
        `(?:剩下?|剩了|只有|仅有|只够|仅剩|就剩)(?:最后)?(?:${NUM}+|不到|没几|一小)${CLAUSE}{0,2}?(?:${UNIT}|天|周|个?星期|次|顿|口)`,
        `(?:只剩|就剩|仅剩)${CLAUSE_AFFIRMATIVE}{1,5}?${NUM}+${UNIT}`,
        '(?:剩下?|剩了|只有|仅剩|就剩)(?:最后)?(?:一点点?|一丢丢|小半|个底|底)',
        `还有${NUM}+(?:天|周|个?星期|次|顿)(?:的量)?(?!${CLAUSE}{0,2}(?:结束|截止|到期|开始|过期|发|到))`,
        `${NUM}+(?:天|周|个?星期|个月)的量`,
        `最后(?:一|两|几|一点)${UNIT}?`,
        `(?:只能|还能|再)${CONSUME}${NUM}+(?:天|周|个?星期|次|顿)`,
        `(?:还|只|就|仅)?够${CONSUME}?${NUM}+(?:天|周|个?星期|次|顿)`,
      ],
      weight: 3,
      negatable: true,
    },
    {
      // restocking talk
      patterns: ['补货|补仓|囤货|囤点|再囤|续上|续一|续购|续订|回购|复购|该买了|该补|得补|要补|得买了|又要买|又该买|又要囤|库存|存货|存粮|余量'],
      weight: 2,
      negatable: true,
    },
    {
      patterns: ['\\b(?:run(?:ning)? out|ran out|almost (?:finished|done|empty|gone|out)|used up|nearly (?:finished|empty|gone))\\b'],
      weight: 3,
    },
    {
      // plenty left: counter-evidence
      patterns: [
        '还(?:有|剩)(?:很多|好多|不少|挺多|大半|一大半|一多半|一堆|够)',
        '剩(?:很多|好多|不少|挺多)',
        // "用完面膜要洗脸吗": what to do after use, not running out
        `${CONSUME}完${CLAUSE}{0,4}?(?:要|需要|能|可以)${CLAUSE}{0,5}?吗`,
        `${CONSUME}不完|够${CONSUME}?(?:很久|好久|一阵子?|一段时间|几个月|半年|一年)|不着急|不急`,
      ],
      weight: -3,
    },
  ],

  referral: [
    {
      // a friend or relative wants it or asks about it
      patterns: [
        `${RELATION}${CLAUSE_AFFIRMATIVE}{0,8}?(?:也想|也要|都想|都要|也在|都在|想要|想买|想订|想试|想了解|想加|要加|问|打听|托我|让我帮|叫我帮|要我帮|找我要|向我要)`,
        `${RELATION}${CLAUSE_AFFIRMATIVE}{0,4}?也(?:说|觉得|打算|准备)`,
      ],
      weight: 3,
    },
    {
      // buying for / on behalf of them
      // outranks a plain order: the purchase is for them
      patterns: [`(?:给|帮|替|为)(?:我的?)?家?${RELATION}${CLAUSE_AFFIRMATIVE}{0,4}?(?:买|订|下单|下一单|拍|带|问|要|留|寄|配|准备|选|挑|看|推荐|咨询|了解)`, '送(?:给)?(?:我的?)?' + RELATION],
      weight: 3.5,
    },
    {
      // passing the contact on
      patterns: [
        `(?:推荐|推|介绍|转|分享|发|安利)给(?:我的?)?${RELATION}`,
        `加(?:一下)?(?:我的?)?${RELATION}`,
        `(?:推荐|介绍)了?(?:个|一个|几个|${NUM}个)?(?:朋友|新客户?|客户|人)`,
        `拉了?(?:${NUM}个)?(?:朋友|人|新人)`,
        '拼单|一起拼|帮.{0,2}朋友',
      ],
      weight: 3,
    },
    {
      // people asking the customer about it
      patterns: [
        '问我(?:这是|这个是|在哪|哪里|哪儿|是什么|什么|用的|吃的|喝的|买的|要|怎么买)',
        `问我${CLAUSE}{0,4}?(?:在哪|哪里|哪儿|是什么|什么牌子|啥牌子|怎么买|多少钱|链接)`,
        `(?:大家|好多人|好几个人|很多人|有人|都)${CLAUSE}{0,4}?(?:在问|问我|问这|想要)`,
      ],
      weight: 2.5,
    },
    { patterns: ['加(?:她|他)|(?:她|他)也(?:想|要)'], weight: 2 },
    // a gift: the product goes to someone else
    { patterns: ['(?:帮|替|给|送)(?:她|他)们?(?:也)?(?:买|订|下|拍|问|留|配|一)|生日|送礼|礼物|送人|当礼'], weight: 2 },
    { patterns: [RELATION], weight: 0.8 },
    {
      patterns: ['\\b(?:my|for my|for a) (?:friends?|mom|mum|mother|dad|father|sister|brother|colleagues?|wife|husband|boss)\\b'],
      weight: 2,
    },
  ],

  purchase_intent: [
    {
      patterns: ['(?:想|要|准备|打算|决定|直接|马上|现在就|立刻|先)(?:去|来|再|就|给我|帮我|在这里?|这里)?(?:买|订|购|入手|下单|下个单|拍|囤|开单|报单)'],
      weight: 2.5,
      negatable: true,
    },
    { patterns: ['(?:怎么|如何|在哪|哪里|哪儿|去哪|咋)(?:里|儿)?(?:买|下单|订|购买|拍|付款|付钱|支付)'], weight: 2.5 },
    { patterns: ['下单|下个单|下一单|开单|报单|加购|预定|预订|订购|购买|拍下|入手'], weight: 2, negatable: true },
    {
      patterns: [
        '(?:给|帮)我(?:来|拍|订|留|拿|备|预留|下)',
        `(?:给|帮)我(?:发|寄)${NUM}`,
        `(?:再|先|就)?来(?:${NUM}|一)(?:${UNIT}|单)`,
        `(?:要|买|订|拍|拿|加)(?:${NUM}|一)${UNIT}`,
        '想要(?:个|一|这|那)|(?:可以|能)(?:买|下单|订|拍)(?:吗|了)|加到订单|到订单里?',
      ],
      weight: 2.5,
      negatable: true,
    },
    {
      patterns: [
        '(?:就|我)?(?:要|买|拍|订)(?:了|这个|这款|那个|那款|这套|那套)',
        '(?:那|我|就)就?(?:拍|买|订|下单|入手)(?:了|吧|啦)',
        `安排(?:一|两|上|${NUM})|选好了|就它了|就这个`,
      ],
      weight: 2,
      negatable: true,
    },
    { patterns: ['付款|付钱|支付|转账|结账|买单|收款码|付款码|微信付|支付宝|转(?:你|给你)'], weight: 2 },
    { patterns: ['(?:有|还有)现?货(?:吗|没|不)|链接|小程序|商城'], weight: 1.2 },
    { patterns: ['\\b(?:buy|order|purchase|take (?:one|two|it))\\b'], weight: 2.5 },
  ],

  price_inquiry: [
    {
      patterns: ['多少钱|几多钱|多少米|多少块|涨价|降价|调价|变贵|什么价|啥价|价格|价钱|价位|单价|报价|原价|现价|售价|定价|怎么卖|咋卖|多钱|标价'],
      weight: 3,
      negatable: true,
    },
    {
      patterns: [
        '优惠|折扣|打折|打个折|几折|[0-9一二三四五六七八九]折|便宜|划算|实惠|特价|活动价|会员价|团购价|拼团价|内部价|新人价|首单|秒杀|满减|返现|返利|立减|券|折上折|抹零|抹个零|性价比|砍价|讲价',
        `满${NUM}+减|满多少减|买${NUM}送${NUM}|送不送|有赠品|赠品吗|小样`,
        `买${CLAUSE}{0,4}?(?:能|会|可以|有)?送(?:吗|什么|啥|东西|赠品|点)`,
      ],
      weight: 2.5,
    },
    { patterns: ['贵|少点|少一点|低一点|低点|最低|再低|能少|让点|优惠点'], weight: 2.5, negatable: true },
    { patterns: ['包邮|运费|邮费|含邮|免运费'], weight: 2 },
    {
      patterns: [
        '一共多少|总共多少|合计多少',
        '一(?:瓶|盒|罐|袋|包|套|箱|份|支|斤|克|件|单)多少',
        '多少(?:钱)?一(?:瓶|盒|罐|袋|包|套|箱|份|支|斤|克|件|单)',
      ],
      weight: 3,
    },
    { patterns: [`(?:积分|优惠券|券|红包|礼品卡|储值卡|余额|代金券)${CLAUSE}{0,3}?(?:怎么|如何|能|可以)(?:用|抵|换)`], weight: 2 },
    { patterns: ['积分|抵扣|抵钱|抵现|双十一|双11|双十二|双12|618|年货节|大促|活动|团购|拼团'], weight: 1.5 },
    { patterns: ['\\b(?:price|prices|pricing|how much|discount|coupons?|cheap|cheaper|sale|promo|promotion|deal|cost)\\b'], weight: 3 },
  ],

  usage_question: [
    {
      patterns: ['(?:怎么|如何|咋|怎样)(?:样)?(?:吃|喝|用|服用|食用|使用|冲泡|泡|冲|炖|煮|蒸|保存|存放|储存|搭配|敷|涂|抹|擦|开封|打开)'],
      weight: 3,
    },
    {
      // dosage and frequency
      patterns: [
        `(?:一天|每天|每日|一日|一次|每次|一周|每周|一回|一包|一勺)(?:要|能|可以|得|最好)?(?:吃|喝|用|服|冲|泡|敷|涂|放|加)?(?:几|多少)`,
        '几(?:粒|颗|片|勺|包|袋|次|克|毫升|ml|滴|泵)',
        '能(?:吃|喝|用|冲|泡)(?:几|多久|多长)',
        '用量|剂量|服用量|食用量|用法|食用方法|使用方法|使用说明|说明书|疗程',
      ],
      weight: 3,
    },
    {
      patterns: [
        '(?:饭前|饭后|餐前|餐后|空腹|睡前|早上|晚上|早晚|白天|什么时候|几点)(?:吃|喝|用|服|敷|涂|抹)',
        `${CONSUME}完${CLAUSE}{0,4}?(?:要|需要|能|可以)${CLAUSE}{0,5}?吗`,
        '的时候(?:能|可以|要)|(?:能|可以|要不要)(?:加|放|兑|混)(?!你|您|她|他|微信|好友|群)',
      ],
      weight: 2,
    },
    {
      // suitability for a person or condition
      patterns: [
        `(?:孕妇|孕期|怀孕|备孕|哺乳期?|月子|产后|宝宝|婴儿|小孩|孩子|儿童|小朋友|学生|老人|老年人|男的|男生|男士|女生|糖尿病|血糖|高血压|血压|三高|痛风|胃病|胃不好|肾|肝|术后|经期|生理期|例假|敏感肌|敏感皮|油皮|干皮|混油|痘痘肌|过敏体质|体质|素食|减肥期?|熬夜|上班族|狗|猫|宠物|${NUM}+岁|多大)${CLAUSE}{0,6}?(?:能|可以|适合|适不适合|可不可以|要不要|用不用)`,
        '(?:能|可以)(?:吃|喝|用|服|涂|敷)吗|能不能(?:吃|喝|用)|可不可以(?:吃|喝|用)|(?:吃|喝|用)(?:可以|行)吗|适合(?:吗|什么|哪|谁|几|多大)|适不适合|能长期',
      ],
      weight: 3,
    },
    {
      patterns: ['保质期|保存|储存|存放|冷藏|放冰箱|冰箱里?(?:放|保存|冷藏)|进冰箱|常温|阴凉|受潮|放多久|放几天|能放(?:多久|几天|多长)|开封后?|开盖|开了封|开了盖'],
      weight: 2.5,
    },
    {
      patterns: [
        '多久(?:能|才|可以|会)?(?:见效|有效果|起效|看到效果|有用|有变化)|见效|起效|效果(?:怎么样|如何|好吗|明显吗)',
        '(?:炖|泡|煮|蒸|敷|冲|焖)(?:多久|多长时间|几分钟|多少分钟|多长)|多长时间|几分钟',
      ],
      weight: 2.5,
    },
    {
      patterns: [
        `一起(?:吃|喝|用|服)|同时(?:吃|喝|用|服)|搭配|配着|(?:和|跟|与)${CLAUSE}{1,6}?(?:一起|同时)`,
        // "饭前吃还是饭后吃", "湿敷还是干敷": choosing between two ways of use
        `${CONSUME}${CLAUSE}{0,4}?还是${CLAUSE}{0,4}?${CONSUME}`,
        '停(?:一段|多久|几天)|间隔|歇一',
      ],
      weight: 2.5,
    },
    {
      patterns: ['成分|配料|配方|添加|含糖|糖分|无糖|激素|防腐剂|香精|热量|卡路里|过敏原|副作用|依赖|水温|温水|开水|冷水|热水'],
      weight: 2.5,
    },
    {
      // a hypothetical effect is a question about use, not a complaint
      patterns: [`会不会|会${CLAUSE}{1,5}?吗|要不要|需不需要|需要${CLAUSE}{0,4}?吗|有没有必要`],
      weight: 1.5,
    },
    { patterns: ['(?:有|是)什么(?:好处|功效|作用|用处|效果)|功效|好处|区别|差别|哪个好|哪款好|推荐哪|适合我'], weight: 2.5 },
    { patterns: ['\\b(?:how to (?:use|take|eat|drink|store|apply)|dosage|side effects?|ingredients?|how often)\\b'], weight: 3 },
  ],

  logistics: [
    {
      patterns: [
        '发货|发出|寄出|出库|揽收|揽件|发过来|寄过来|发走|待发货|已发货|未发货|发不发|寄不寄',
        '(?:发|寄)了(?:吗|没|没有)|还没(?:发|寄)|没发货|没寄出|哪(?:里|儿)?(?:发|寄)的?货?',
        '(?:别|先别|不要|暂时别|暂停|先不要)(?:发|寄|送)',
        '仓库|在路上|还在途|放(?:门口|前台|物业|驿站|快递柜|门卫)|备注(?:地址|电话|放)',
        '(?:能|可以|明天|今天|何时|几时|什么时候|多久|哪天|啥时候)(?:能)?(?:发|寄)',
      ],
      weight: 2.5,
    },
    {
      patterns: [
        '快递|物流|单号|运单|包裹|到付|寄付|货到付款|派送|派件|配送|送货|签收|驿站|快递柜|丰巢|菜鸟|顺丰|京东快递|京东物流|中通|圆通|韵达|申通|百世|极兔|邮政|ems|中转|在途|冷链|同城',
      ],
      weight: 2.5,
    },
    {
      patterns: [
        '到哪|到了没|到了吗|到没到|(?:几天|多久|什么时候|啥时候|何时)(?:能|才能|可以)?(?:收)?到(?!账)|能到吗|还没到|没收到|收不到|没到|送到|寄到|发到|送上门|上门|自提|自取|门卫|代收|收货|收件|地址|加急',
        `(?:能|可以|再|晚点|改天|周末|下午|晚上|明天)${CLAUSE}{0,2}?送`,
        '催(?:一下|下)?(?:发|快递|物流)?',
      ],
      weight: 2.5,
    },
    // the money, not the parcel, is what should arrive
    { patterns: ['退款|退钱|到账|\\brefund'], weight: -1.5 },
    { patterns: ['\\b(?:ship|shipping|shipped|deliver|delivery|delivered|tracking|track|express|parcel|package|courier|logistics)\\b'], weight: 3 },
  ],

  return_exchange: [
    {
      // 退 in its refund sense, not 退休/退烧/退群/退订
      patterns: ['退(?!休|烧|出|群|订|伍|役|步|化|缩)'],
      weight: 3,
      negatable: true,
    },
    {
      patterns: [
        '换货|换成|调换|更换|退换|寄回(?:去|来|给你)|退回去',
        '换个(?!地址|收货|收件|手机|号|电话|时间)|换一(?:个|盒|瓶|下|款|种|罐|套)',
        '(?:能|可以|想|要|帮我|给我)换',
        '换(?:口味|规格|颜色|款式|尺码|大|小|新|别的)',
        '改成(?:别的|其他)|改(?:个|成)?(?:口味|规格)',
      ],
      weight: 3,
      negatable: true,
    },
    { patterns: ['售后|无理由|取消|撤销|撤单|拒收'], weight: 3, negatable: true },
    { patterns: [`(?:退回|寄回|退货|换货)(?:去)?的?${CLAUSE}{0,4}?(?:包裹|快递|单号|地址|运费|邮费)`], weight: 2.5 },
    { patterns: ['发错|寄错|买错|拍错|下错|错发|重复下单|多买了|多拍了|买多了|拍多了|货不对版|不是我要的'], weight: 2.5 },
    { patterns: ['\\b(?:refund|return|returns|exchange|cancel)\\b'], weight: 3 },
  ],

  complaint: [
    { patterns: ['投诉|差评|12315|消协|消费者协会|工商局|曝光|举报|维权|律师|起诉|拉黑'], weight: 3.5 },
    {
      patterns: [
        '失望|生气|气死|烦死|烦不烦|好烦|很烦|太烦|无语|恶心|垃圾|骗子|被骗|骗人|骗钱|坑人|被坑|坑爹|坑了|智商税|虚假|假货|假的|什么态度',
        '态度(?:差|很差|太差|真差|恶劣|不好)|(?:这么|那么|好|超|巨|真|太|很)(?:差|次|烂|坑)|越来越(?:差|难|不行)|变差|差劲|不满意|不负责|不靠谱|离谱|过分|凭什么|不专业|不像话|忽悠|敷衍|踢皮球|欺骗|黑心|无良|太烂|破东西|什么鬼|不放心|岂有此理',
      ],
      weight: 3,
      negatable: true,
    },
    {
      patterns: ['没人(?:理|回|管|处理)|不回(?:消息|复|我)?|不理(?:人|我)|一直不回|找不到人|没解决|不处理|一直拖|拖了|推脱|少发|漏发|缺了|发错|寄错|错发|不管|弄丢|丢件|丢了|没给(?=$|[,.!?。~])|说好的|承诺的|不给(?:退|换|处理|解决)|不让退'],
      weight: 2.5,
    },
    {
      // damage and quality
      patterns: [
        '破了|破的|破损|瘪|碎了|碎的|全碎|压坏|压扁|压碎|摔坏|坏了|坏的|烂了|烂的|漏了|漏液|漏的|洒了|撒了|裂了|裂开|变形|瘪了|凹',
        '发霉|霉味|霉变|长毛|变质|过期|异物|头发|毛发|有毛|虫(?!草)|结块|粘在一起|粘连|化了|发黑|黑点|臭|怪味|异味|酸味|馊|哈喇|胀袋|松的|(?:长|冒|起|爆|闷|全是|都是)痘|生锈|锈了|脏|污渍|残次|次品|瑕疵|二手|不新鲜',
        `质量(?:问题|太差|很差|不行|不好|差|下降|堪忧|有问题)|(?:这种|这|什么)质量|货不对版|完全不一样|不一样了|(?:和|跟)(?:以前|之前|上次|图片|宣传)${CLAUSE}{0,4}?不一样|(?:还|都)(?:卖|发|寄)给我`,
      ],
      weight: 3,
      negatable: true,
    },
    {
      // a bad reaction after use
      patterns: [
        '拉肚子|腹泻|拉稀|一直拉|过敏了|过敏反应|(?:吃|用|喝|抹|涂)了(?:就|以后|之后)?过敏|起疹|疹子|红疹|长痘了|爆痘|闷痘|红肿|瘙痒|发痒|刺痛|灼热|呕吐|吐了|就吐|想吐',
        '胃(?:不舒服|疼|痛|难受)|肚子(?:疼|痛|不舒服)|头晕|头疼|恶心|不舒服|难受|上火了|便秘了|失眠了|嗓子疼|喉咙痛|心慌|出血',
      ],
      weight: 3,
      negatable: true,
    },
    {
      patterns: [
        '没效果|没有效果|没什么效果|没啥效果|无效|效果(?:不好|很差|太差|一般|不明显)|不管用|没作用|没变化|白吃|白买|白花',
        `一点(?:效果|用|变化|作用)?都没|效果${CLAUSE}{0,3}?没有|(?<![还都])没(?:什么|啥)?用(?![过完])`,
      ],
      weight: 3,
    },
    {
      patterns: [
        `太慢|好慢|这么慢|慢死|等了(?:这么久|好久|半天|${NUM}+个?(?:天|周|星期|礼拜|月))|这么久(?:还|都)|都${NUM}*(?:天|周|个月)了(?:还|都)`,
      ],
      weight: 2.5,
    },
    { patterns: ['广告|刷屏|骚扰|别(?:再)?发了|屏蔽|(?<!麻)烦'], weight: 2.5 },
    { patterns: ['😡|👎'], weight: 2 },
    { patterns: [`又是这样|每次都|总是这样|老是|一次又一次|第${NUM}次了`], weight: 2 },
    { patterns: ['到底|怎么回事|什么情况|搞什么|怎么搞的|!!'], weight: 1 },
    {
      patterns: ['\\b(?:terrible|awful|worst|horrible|broken|damaged|complain|complaint|fake|scam|disappointed|disappointing|angry|bad quality|poor quality)\\b'],
      weight: 3,
    },
    {
      // worrying about a possible effect is a usage question, not a complaint
      patterns: [`会不会|会${CLAUSE}{1,5}?吗|可能会|容易|担心|怕`],
      weight: -2.5,
    },
  ],

  checkin: [
    { patterns: ['打.?卡|签.?到|补.{0,3}卡|报到|\\bcheck ?in\\b'], weight: 4 },
    {
      patterns: [
        `第\\s*${NUM}+\\s*(?:天|日)`,
        '\\bday\\s*\\d+',
        '(?<!素)\\bd\\d{1,3}\\b',
        `连续(?:第)?${NUM}*天|${NUM}+天(?:挑战|计划|打卡)`,
      ],
      weight: 2.5,
    },
    {
      patterns: ['✅|今日份|今天份|今日已|今天已经?(?:吃|喝|用|敷|完成)|已(?:吃|喝|用|完成|敷)(?!完)|任务完成|完成(?:任务|挑战)|挑战|\\+1|达成|继续加油|继续坚持|坚持'],
      weight: 2,
    },
    { patterns: ['#'], weight: 0.5 },
  ],

  other: [
    { patterns: ['你好|您好|在吗|在不在|哈喽|哈罗|嗨|早上好|早安|午安|中午好|下午好|晚上好|晚安|\\b(?:hi|hello|hey)\\b'], weight: 1 },
    {
      patterns: [
        '谢谢|感谢|多谢|辛苦|(?<!说)好的|好嘞|好滴|好哒|收到|嗯|哦|噢|明白|知道了|了解|懂了|没问题|没事|不客气|\\b(?:ok|okay|thx|thanks|thank you)\\b|👍|👌|🙏|😊|哈哈|666',
      ],
      weight: 1,
    },
    { patterns: ['再说|考虑|想想|看看|稍等|等一下|先这样|回头|晚点|改天|不用了|不需要|先不|暂时不|不急|不着急|算了'], weight: 1 },
    { patterns: ['挺好|很好|不错|好用|好喝|好吃|喜欢|快乐|愉快'], weight: 1 },
    // small talk about the day
    { patterns: ['天气|下雨|下雪|好热|真热|太热|好冷|真冷|太冷|降温|加班|下班了|放假|开学|吃饭了吗'], weight: 1 },
  ],
};
