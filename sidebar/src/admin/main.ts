/**
 * The admin console: staff sign in with WeCom (the console's OAuth), automation and
 * first setup with the admin token (traded for a session cookie, never stored by the
 * page); then a desktop shell with who is signed in, a nav of the pages their role may
 * use, and one page per hash route.
 */
import './styles.css';
import { h, mount } from '../dom.ts';
import { ApiError, ROLE_LABELS, ROLE_ORDER, session, SIGNED_OUT_EVENT, WECOM_SIGN_IN_URL, type ConsoleRole, type Whoami } from './api.ts';
import { buildForm } from './form.ts';
import { renderChannels } from './pages/channels.ts';
import { renderGroupCodes } from './pages/group-codes.ts';
import { renderCampaignDetail } from './pages/campaign-detail.ts';
import { renderCampaigns } from './pages/campaigns.ts';
import { renderCustomers } from './pages/customers.ts';
import { renderDashboard } from './pages/dashboard.ts';
import { renderOrders } from './pages/orders.ts';
import { renderQuestionSets } from './pages/question-sets.ts';
import { renderScripts } from './pages/scripts.ts';
import { renderSegments } from './pages/segments.ts';
import { renderCustomFields } from './pages/custom-fields.ts';
import { renderQuality } from './pages/quality.ts';
import { renderTagRules } from './pages/tag-rules.ts';
import { renderWelcomeFlows } from './pages/welcome-flows.ts';
import { renderAudit } from './pages/audit.ts';
import { renderRoles } from './pages/roles.ts';

const root = document.getElementById('app')!;

interface Route {
  hash: string;
  label: string;
  /** `param` is what follows the route in the hash, e.g. `12` in `#/campaigns/12`. */
  render(target: Element, param: string): Promise<void> | void;
  /** The least role that may use the page (the API enforces it; the nav only hides). @defaultValue admin */
  minRole?: ConsoleRole;
}

const ROUTES: Route[] = [
  { hash: 'dashboard', label: '数据看板', render: renderDashboard, minRole: 'salesperson' },
  { hash: 'customers', label: '客户列表', render: renderCustomers, minRole: 'salesperson' },
  { hash: 'orders', label: '订单导入', render: renderOrders },
  { hash: 'welcome-flows', label: '欢迎语', render: renderWelcomeFlows },
  { hash: 'channels', label: '渠道活码', render: renderChannels },
  { hash: 'group-codes', label: '群活码', render: renderGroupCodes },
  { hash: 'tag-rules', label: '自动标签', render: renderTagRules },
  { hash: 'scripts', label: '话术库', render: renderScripts },
  { hash: 'question-sets', label: '首次沟通问题', render: renderQuestionSets },
  { hash: 'campaigns', label: '打卡活动', render: (t, id) => (id ? renderCampaignDetail(t, Number(id)) : renderCampaigns(t)) },
  { hash: 'segments', label: '人群 / 召回', render: renderSegments },
  { hash: 'custom-fields', label: '自定义字段', render: renderCustomFields },
  { hash: 'quality', label: '会话质检', render: renderQuality },
  { hash: 'roles', label: '角色权限', render: renderRoles },
  { hash: 'audit', label: '操作日志', render: renderAudit },
];

function signInScreen(): void {
  const form = buildForm([{ name: 'token', label: '管理员令牌（ADMIN_TOKEN）', kind: 'text', required: true, hint: '只需输入一次；登录后浏览器只保留一个 12 小时有效的会话，不保存令牌。' }], {
    submitLabel: '登录',
    async onSubmit(values) {
      try {
        await session.signIn(String(values.token));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) throw new ApiError(400, 'invalid_input', `token: ${error.message === 'the admin token is wrong' ? '令牌不正确' : error.message}`);
        throw error;
      }
      shell(await session.check());
    },
  });
  form.element.querySelector('input')!.type = 'password';
  const wecom = h('a', { class: 'btn btn--primary signin-wecom', href: WECOM_SIGN_IN_URL }, '企业微信登录');
  mount(
    root,
    h(
      'div',
      { class: 'signin' },
      h('section', { class: 'card signin-card' }, h('h1', null, '私域运营后台'), h('p', { class: 'muted' }, '员工请用企业微信登录'), wecom, h('p', { class: 'muted' }, '或用管理员令牌登录'), form.element),
    ),
  );
  form.element.querySelector('input')!.focus();
}

const mayUse = (role: ConsoleRole, route: Route) => ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(route.minRole ?? 'admin');

function currentRoute(routes: Route[]): { route: Route; param: string } {
  const [name = '', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const route = routes.find((r) => r.hash === name);
  return route ? { route, param: rest.join('/') } : { route: routes[0]!, param: '' };
}

function shell(me: Whoami): void {
  const routes = ROUTES.filter((route) => mayUse(me.role, route));
  const main = h('main', { class: 'main' });
  const nav = h(
    'nav',
    { class: 'nav' },
    routes.map((route) => h('a', { href: `#/${route.hash}`, 'data-route': route.hash }, route.label)),
  );
  const signOut = h('button', { type: 'button', class: 'btn btn--ghost' }, '退出登录');
  signOut.addEventListener('click', () => void session.signOut().finally(signInScreen));
  const who = h('span', { class: 'whoami', 'data-role': me.role }, me.name ?? (me.userId ? me.userId : '管理员令牌'), h('span', { class: 'muted' }, ` · ${ROLE_LABELS[me.role]}`));
  mount(root, h('header', { class: 'topbar' }, h('strong', null, '私域运营后台'), h('div', { class: 'topbar-right' }, who, signOut)), h('div', { class: 'layout' }, nav, main));

  const show = () => {
    const { route, param } = currentRoute(routes);
    for (const link of nav.querySelectorAll('a')) link.classList.toggle('is-active', link.dataset.route === route.hash);
    mount(main, h('div', { class: 'loading' }, '加载中…'));
    Promise.resolve(route.render(main, param)).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return;
      mount(main, h('div', { class: 'card form-error' }, `加载失败：${error instanceof Error ? error.message : String(error)}`));
    });
  };
  window.onhashchange = show;
  show();
}

window.addEventListener(SIGNED_OUT_EVENT, () => {
  window.onhashchange = null;
  signInScreen();
});

session
  .check()
  .then(shell)
  .catch(() => signInScreen());
