// Hash routing between the shop (#/), an order (#/order/<id>) and the account (#/account).

import { showAccount } from './account-view.js';
import { els } from './dom.js';
import { showOrder } from './order-view.js';
import { state } from './state.js';

function showView(view) {
  const changed = state.view !== null && state.view !== view;
  state.view = view;
  els.shopView.hidden = view !== 'shop';
  els.orderView.hidden = view !== 'order';
  els.accountView.hidden = view !== 'account';
  return changed;
}

export function route() {
  const hash = window.location.hash;
  const match = /^#\/order\/([^/?#]+)$/.exec(hash);
  if (match) {
    showView('order');
    window.scrollTo(0, 0);
    els.orderViewTitle.focus({ preventScroll: true });
    showOrder(decodeURIComponent(match[1]));
    return;
  }
  if (hash === '#/account') {
    showView('account');
    document.title = 'Your account · Lambda Shop';
    els.accountViewTitle.focus({ preventScroll: true });
    showAccount();
    return;
  }
  // "#main" (skip link) and other in-page anchors are not routes.
  if (hash !== '' && hash !== '#' && !hash.startsWith('#/') && state.view !== null) return;
  state.orderRequest += 1;
  const changed = showView('shop');
  document.title = 'Lambda Shop';
  if (changed) els.catalogTitle.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
els.orderRetry.addEventListener('click', () => route());
