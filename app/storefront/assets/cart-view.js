// Cart panel rendering: keyed cart lines, totals and the checkout button state.

import { purchasableStock } from './cart.js';
import { els, pluralItems, setText } from './dom.js';
import { formatLineTotal, formatMoney, formatTotal } from './money.js';
import { renderCatalog } from './product-grid.js';
import { cart, state } from './state.js';

let lineIdSequence = 0;

function buildCartLine(sku) {
  const li = els.lineTemplate.content.firstElementChild.cloneNode(true);
  lineIdSequence += 1;
  const id = `cart-line-${lineIdSequence}`;
  li.dataset.sku = sku;
  li.querySelector('.qty-input').id = `${id}-qty`;
  li.querySelector('.cart-line__qty-label').htmlFor = `${id}-qty`;
  li.querySelector('.cart-line__error').id = `${id}-error`;
  return li;
}

function renderCartLine(li, line) {
  const name = line.name || line.sku;
  const limit = purchasableStock(line);
  const error = state.lineErrors.get(line.sku) || '';
  const locked = cart.locked;

  setText(li.querySelector('.cart-line__name'), name);
  const unit = formatMoney(line.price, line.currency);
  setText(
    li.querySelector('.cart-line__unit'),
    line.stock != null && limit !== 0 ? `${unit} each · ${line.stock} in stock` : unit,
  );
  setText(
    li.querySelector('.cart-line__total'),
    formatLineTotal(line.price, line.currency, line.quantity),
  );

  const input = li.querySelector('.qty-input');
  // Do not overwrite what the buyer is typing; "change" will commit it.
  if (document.activeElement !== input || input.value === '') input.value = String(line.quantity);
  if (limit) input.max = String(limit);
  else input.removeAttribute('max');
  input.disabled = locked;
  input.setAttribute('aria-invalid', String(Boolean(error)));
  const errorEl = li.querySelector('.cart-line__error');
  if (error) input.setAttribute('aria-describedby', errorEl.id);
  else input.removeAttribute('aria-describedby');
  setText(errorEl, error);
  errorEl.hidden = !error;
  li.classList.toggle('has-error', Boolean(error));

  const decrement = li.querySelector('[data-action="decrement"]');
  const increment = li.querySelector('[data-action="increment"]');
  const remove = li.querySelector('[data-action="remove"]');
  decrement.setAttribute('aria-label', `One fewer ${name}`);
  increment.setAttribute('aria-label', `One more ${name}`);
  remove.setAttribute('aria-label', `Remove ${name} from the cart`);
  decrement.disabled = locked || line.quantity <= 1;
  increment.disabled = locked || limit === 0 || (limit != null && line.quantity >= limit);
  remove.disabled = locked;
}

export function renderCart() {
  const lines = cart.lines;
  const count = cart.count;

  setText(els.cartCount, String(count));
  els.cartButton.setAttribute('aria-label', `Cart, ${pluralItems(count)}`);
  els.cartButton.classList.toggle('has-items', count > 0);

  const existing = new Map([...els.cartLines.children].map((li) => [li.dataset.sku, li]));
  lines.forEach((line, index) => {
    let li = existing.get(line.sku);
    if (!li) li = buildCartLine(line.sku);
    existing.delete(line.sku);
    renderCartLine(li, line);
    if (els.cartLines.children[index] !== li) {
      els.cartLines.insertBefore(li, els.cartLines.children[index] ?? null);
    }
  });
  for (const stale of existing.values()) stale.remove();
  for (const sku of [...state.lineErrors.keys()]) {
    if (!lines.some((line) => line.sku === sku)) state.lineErrors.delete(sku);
  }

  els.cartEmpty.hidden = lines.length > 0;
  els.cartSummary.hidden = lines.length === 0;
  setText(els.cartTotal, lines.length ? formatTotal(lines) : '');

  els.placeOrder.disabled = lines.length === 0 || state.submitting;
  els.email.readOnly = state.submitting;
  els.form.setAttribute('aria-busy', String(state.submitting));
  setText(els.placeOrder, state.submitting ? 'Placing order…' : 'Place order');
}

export function renderAll() {
  renderCart();
  renderCatalog();
}

cart.addEventListener('change', (event) => {
  if (event.detail.reason === 'clear') state.lineErrors.clear();
  renderAll();
});
