// Order confirmation view (#/order/<id>).

import { ApiError, getOrder } from './api.js';
import { placedOrders } from './checkout.js';
import { els, setText } from './dom.js';
import { formatMoney } from './money.js';
import { state } from './state.js';

// The pipeline confirms an order moments after checkout; the page follows it until then.
const POLL_MS = 1500;
const POLL_LIMIT_MS = 10 * 60 * 1000;

function renderState(order) {
  setText(els.orderState, String(order.status_label ?? order.status ?? ''));
  els.orderState.dataset.status = String(order.status ?? '');
}

function followUntilConfirmed(id, token, request, startedAt) {
  setTimeout(async () => {
    if (request !== state.orderRequest) return;
    try {
      const order = await getOrder(id, token);
      if (request !== state.orderRequest) return;
      renderState(order);
      if (order.status !== 'placed') return;
    } catch {
      // A failed poll is retried; the page already shows the order.
    }
    if (Date.now() - startedAt < POLL_LIMIT_MS) followUntilConfirmed(id, token, request, startedAt);
  }, POLL_MS);
}

function renderOrder(order) {
  setText(els.orderId, String(order.id));
  renderState(order);
  setText(els.orderEmail, String(order.email ?? ''));
  const created = order.created_at ? new Date(order.created_at) : null;
  setText(
    els.orderCreated,
    created && !Number.isNaN(created.getTime())
      ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(created)
      : '',
  );
  els.confirmation.dataset.orderId = String(order.id);

  const currency = order.currency;
  const rows = (Array.isArray(order.lines) ? order.lines : []).map((line) => {
    const row = document.createElement('tr');
    row.dataset.testid = 'order-line';
    row.dataset.sku = String(line.sku ?? '');
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = line.name || line.sku;
    const qty = document.createElement('td');
    qty.className = 'num';
    qty.textContent = String(line.quantity);
    const unit = document.createElement('td');
    unit.className = 'num';
    unit.textContent = formatMoney(line.unit_price, currency);
    const total = document.createElement('td');
    total.className = 'num';
    total.textContent = formatMoney(line.line_total, currency);
    row.append(name, qty, unit, total);
    return row;
  });
  els.orderLines.replaceChildren(...rows);
  setText(els.orderTotal, formatMoney(order.total, currency));
}

export async function showOrder(id) {
  const request = ++state.orderRequest;
  els.confirmation.hidden = true;
  els.orderActions.hidden = true;
  els.orderRetry.hidden = false;
  document.title = 'Your order · Lambda Shop';

  const token = placedOrders.tokenFor(id);
  if (!token) {
    setText(
      els.orderStatus,
      'This order can only be shown in the browser tab it was placed in.',
    );
    els.orderRetry.hidden = true;
    els.orderActions.hidden = false;
    return;
  }

  setText(els.orderStatus, 'Loading your order…');
  try {
    const order = await getOrder(id, token);
    if (request !== state.orderRequest) return;
    renderOrder(order);
    setText(els.orderStatus, '');
    els.confirmation.hidden = false;
    document.title = `Order ${order.id} · Lambda Shop`;
    els.orderTitle.focus({ preventScroll: true });
    if (order.status === 'placed') followUntilConfirmed(id, token, request, Date.now());
  } catch (error) {
    if (request !== state.orderRequest) return;
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
    setText(
      els.orderStatus,
      notFound ? 'We could not find that order.' : `Your order could not be loaded. ${error.message}`,
    );
    els.orderRetry.hidden = notFound;
    els.orderActions.hidden = false;
  }
}
