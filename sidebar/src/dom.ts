/**
 * A few DOM helpers instead of a UI library: the page is small and must load fast in
 * WeCom's webview. Text always goes in as text nodes, never as HTML, so nothing the
 * server or a customer wrote can run as markup.
 */

export type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent`. */
export function mount(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, children);
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** A short message at the bottom of the screen; one at a time. */
export function toast(text: string): void {
  let element = document.getElementById('toast');
  if (!element) {
    element = h('div', { id: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(element);
  }
  element.textContent = text;
  element.classList.add('toast--shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => element.classList.remove('toast--shown'), 2200);
}

/**
 * Runs a button's action once at a time: disabled and marked busy while it runs, so a
 * double tap does not post twice. Failures go to `onError`.
 */
export function busyWhile(button: HTMLButtonElement, action: () => Promise<void>, onError: (error: unknown) => void): void {
  if (button.disabled) return;
  button.disabled = true;
  button.classList.add('is-busy');
  action()
    .catch(onError)
    .finally(() => {
      button.disabled = false;
      button.classList.remove('is-busy');
    });
}

/** Copies text; WeCom's webview may lack the async clipboard (no secure context), so fall back to execCommand. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the legacy path
  }
  const area = h('textarea', { readonly: true, class: 'offscreen' }, text);
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('复制失败，请长按文字手动复制');
}
