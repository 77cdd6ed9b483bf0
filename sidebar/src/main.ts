/**
 * Boot: session (or OAuth), JS-SDK sign-in, where we were opened, then the customer or
 * group view. Anything that stops the boot ends on one of the whole-page screens.
 */
import './styles.css';
import { api } from './api.ts';
import { mount } from './dom.ts';
import { isStatus, loggedIn, messageOf, redirectToLogin } from './failures.ts';
import { currentChat, loadWx, signIn } from './jssdk.ts';
import { renderCustomer } from './views/customer.ts';
import { renderGroup } from './views/group.ts';
import { elsewhereScreen, errorScreen, forbiddenScreen, loadingScreen } from './views/screens.ts';

const root = document.getElementById('app')!;

/** WeCom signs the page URL up to, not including, the hash. */
function signedUrl(): string {
  return location.href.split('#')[0]!;
}

async function boot(): Promise<void> {
  mount(root, loadingScreen());
  const session = await api.session();
  loggedIn();
  // The signature does not depend on which SDK runs, so fetch it while the SDK loads.
  const [signatures] = await Promise.all([api.jssdk(signedUrl()), loadWx(session.sandbox)]);
  await signIn(signatures);
  const chat = await currentChat();
  if (chat.kind === 'customer') await renderCustomer(root, chat);
  else if (chat.kind === 'group') {
    try {
      await renderGroup(root, chat.chatId);
    } catch (error) {
      if (!isStatus(error, 403)) throw error;
      mount(root, forbiddenScreen('无权查看该群', error.message));
    }
  } else mount(root, elsewhereScreen());
}

boot().catch((error: unknown) => {
  if (isStatus(error, 401)) {
    if (redirectToLogin()) return;
    mount(root, errorScreen('登录没有成功：请关闭侧边栏后重新打开'));
  } else if (isStatus(error, 403)) mount(root, forbiddenScreen('无权查看该客户', error.message));
  else if (isStatus(error, 404)) mount(root, errorScreen('找不到这位客户的资料，可能刚添加还在同步，请稍后重试'));
  else mount(root, errorScreen(messageOf(error)));
});
