/**
 * The sandbox's demo corp: salespeople, tag groups, the product configuration an admin
 * would set up (welcome flows, channels, tag rules, reply scripts, first-contact
 * questions), and what simulated customers say. Realistic enough that the console and the
 * sidebar look like a brand's private domain within a minute of `npm start`.
 */

/** The demo corp's 通讯录: 华东 (with its 上海组) led by 周婷, and 华南. */
export const DEMO_DEPARTMENTS = [
  { id: 2, name: '华东销售部', parentId: 1 },
  { id: 3, name: '上海组', parentId: 2 },
  { id: 4, name: '华南销售部', parentId: 1 },
] as const;

export const DEMO_MEMBERS = [
  { userId: 'sales.li', name: '李娜', departmentIds: [3] },
  { userId: 'sales.wang', name: '王强', departmentIds: [4] },
  { userId: 'sales.zhao', name: '赵敏', departmentIds: [2] },
  { userId: 'lead.zhou', name: '周婷', departmentIds: [2], leadsDepartmentIds: [2] },
] as const;

export const DEMO_TAG_GROUPS = [
  { name: '来源', tags: ['直播间', '门店', '老客推荐'] },
  { name: '偏好', tags: ['燕窝', '胶原蛋白', '益生菌'] },
  { name: '信号', tags: ['快用完', '转介绍', '投诉过'] },
  { name: '价值', tags: ['高价值'] },
] as const;

export const DEMO_CUSTOMER_NAMES = ['林女士', '陈姐', '王先生', '小周', '张阿姨', '刘女士', 'Amy', '赵先生', '孙小姐', '吴姐', '郑女士', '何先生'];

/** What customers write, by the intent a salesperson would read in it. */
export const DEMO_MESSAGES: Readonly<Record<string, readonly string[]>> = {
  repurchase_signal: ['燕窝快吃完了，再给我寄两盒吧', '胶原蛋白只剩最后两瓶了', '上次买的益生菌还有三四天的量'],
  referral: ['我同事看到了也想要一盒，问这是什么牌子', '我妈也想试试，能帮她下单吗', '闺蜜问我在哪买的，推给她'],
  purchase_intent: ['给我来两盒，发顺丰', '想下单一个礼盒装', '这个我要了，怎么付款'],
  price_inquiry: ['现在买有优惠吗', '礼盒装多少钱一盒', '老客户有折扣吗'],
  usage_question: ['燕窝每天吃多少合适', '孕妇可以吃胶原蛋白吗', '益生菌饭前还是饭后吃'],
  logistics: ['我的快递到哪了', '发货了吗？单号发我一下', '能不能改一下收货地址'],
  return_exchange: ['收到的盒子压坏了，可以换一盒吗', '买多了，能退一盒吗', '申请退款怎么操作'],
  complaint: ['等了一周还没发货，太慢了', '客服一直不回消息，很失望', '这次的味道和以前不一样，质量有问题'],
  checkin: ['打卡', '今日已打卡，第3天', '第七天打卡完成'],
  other: ['好的谢谢', '收到', '早上好呀'],
};

export const DEMO_WELCOME = {
  name: '直播间欢迎语',
  text: '{customer}您好，我是{salesperson}，您的专属营养顾问🌿 直播间福利已为您备好，回复「福利」领取～',
};

export const DEMO_DEFAULT_WELCOME = {
  name: '默认欢迎语',
  text: '{customer}您好，我是{salesperson}，有任何问题随时找我～',
};

export const DEMO_SCRIPTS = [
  { title: '复购组合装', text: '亲，您上次买的快吃完啦～老客复购组合装这周有专属价，需要的话我直接帮您下单？', scenes: ['cycle_ending'], intents: ['repurchase_signal'] },
  { title: '亲友推荐礼', text: '谢谢您的推荐！把我的名片推给朋友，朋友下单后您可以领 200 积分哦～', scenes: ['friends_family'], intents: ['referral'] },
  { title: '投诉安抚', text: '非常抱歉给您带来不好的体验，我马上记录并升级给主管处理，今天内给您答复。', scenes: ['urgent_complaint'], intents: ['complaint'] },
  { title: '物流查询', text: '我这就帮您查一下物流，稍等两分钟给您回复单号和预计到达时间。', scenes: ['delivery_followup'], intents: ['logistics'] },
  { title: '价格说明', text: '现在礼盒装会员价是 298 元，本周下单再送一张 20 元券～', scenes: ['price_hesitation'], intents: ['price_inquiry'] },
] as const;

/** The demo customer group and its check-in campaign (run by the bot on the mock puppet). */
export const DEMO_GROUP = {
  name: '21天胶原蛋白打卡群',
  botName: '小美助手',
  members: ['林女士', '陈姐', '小周', '张阿姨', '刘女士', 'Amy', '孙小姐', '吴姐', '郑女士', '何先生', '王阿姨', '小雪'],
  say: ['打卡', '今日打卡✅', '第{day}天打卡，坚持！', '签到', '排行榜', '我的打卡', '今天的胶原蛋白喝了', '大家早上好'],
} as const;

export const DEMO_CAMPAIGN = {
  name: '21天胶原蛋白打卡',
  days: 21,
  rules: {
    window: { from: '00:00', to: '00:00' },
    streakBonuses: [{ streak: 7, points: 30 }],
    stages: [{ day: 3, reward: '胶原蛋白试用装' }, { day: 7, reward: '定制水杯' }, { day: 21, reward: '正装一盒' }],
    reminders: [{ time: '20:00', text: '今天还没打卡的小伙伴，记得来打卡哦～' }],
    ackBatchSeconds: 30,
  },
} as const;

/**
 * The demo group code (群活码): two new-product groups filled in turn. The cap is small
 * (the group's owner and 5 customers) so joins roll over to the second group within a
 * minute or two of sandbox traffic.
 */
export const DEMO_GROUP_CODE = {
  name: '新品体验群活码',
  capPerGroup: 6,
  groups: [
    { chatId: 'wrSandboxCodeGroup01', name: '新品体验1群' },
    { chatId: 'wrSandboxCodeGroup02', name: '新品体验2群' },
  ],
  owner: 'sales.wang',
  /** Past 200 members in the last group WeCom opens 新品体验3群, 4群, … */
  roomBaseName: '新品体验',
  roomBaseId: 3,
  welcome: { text: '欢迎加入新品体验群！群公告里有新人礼的领取方式，有问题随时@我们。' },
} as const;
