// What the buyer does to the cart: add from the grid, change or remove a line,
// and jump to the cart from the header.

import { renderAll, renderCart } from './cart-view.js';
import { clearCheckoutMessages } from './checkout-form.js';
import { announce, els, pluralItems, prefersReducedMotion } from './dom.js';
import { route } from './router.js';
import { cart, limitNote, state } from './state.js';

els.grid.addEventListener('click', (event) => {
  const button = event.target.closest('[data-testid="add-to-cart"]');
  if (!button || button.disabled) return;
  const sku = button.closest('[data-sku]')?.dataset.sku;
  const product = sku && state.products.get(sku);
  if (!product) return;
  const result = cart.add(product);
  const name = product.name || product.sku;
  if (result.added) {
    state.lineErrors.delete(sku);
    clearCheckoutMessages();
    announce(`Added ${name} to your cart. Your cart has ${pluralItems(cart.count)}.`);
    renderAll();
  } else if (result.reason === 'stock_limit') {
    announce(`${limitNote(cart.lines.find((l) => l.sku === sku))}: ${name} is at its limit.`);
  } else if (result.reason === 'sold_out') {
    announce(`${name} is sold out.`);
  }
});

els.cartLines.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button || button.disabled) return;
  const li = button.closest('[data-sku]');
  const sku = li.dataset.sku;
  const line = cart.lines.find((l) => l.sku === sku);
  if (!line) return;
  const name = line.name || sku;
  clearCheckoutMessages();
  if (button.dataset.action === 'remove') {
    state.lineErrors.delete(sku);
    cart.remove(sku);
    announce(`Removed ${name}. Your cart has ${pluralItems(cart.count)}.`);
    // The focused button is gone; keep keyboard users in the cart.
    els.cartTitle.focus({ preventScroll: true });
    return;
  }
  const delta = button.dataset.action === 'increment' ? 1 : -1;
  const { quantity, capped } = cart.setQuantity(sku, line.quantity + delta);
  state.lineErrors.delete(sku);
  if (capped) state.lineErrors.set(sku, `${limitNote(line)}.`);
  announce(`${name}: quantity ${quantity}.`);
  renderAll();
});

els.cartLines.addEventListener('change', (event) => {
  const input = event.target.closest('.qty-input');
  if (!input) return;
  const sku = input.closest('[data-sku]').dataset.sku;
  const raw = input.value.trim();
  const wanted = Number(raw);
  state.lineErrors.delete(sku);
  clearCheckoutMessages();
  if (raw === '' || !Number.isInteger(wanted) || wanted < 1) {
    state.lineErrors.set(sku, 'Enter a whole number of 1 or more, or remove the item.');
    input.value = String(cart.quantityOf(sku));
    renderCart();
    return;
  }
  const { quantity, capped } = cart.setQuantity(sku, wanted);
  if (capped) {
    const line = cart.lines.find((l) => l.sku === sku);
    state.lineErrors.set(sku, `${limitNote(line)}, so the quantity is ${quantity}.`);
  }
  input.value = String(quantity);
  renderAll();
});
els.cartButton.addEventListener('click', () => {
  if (state.view !== 'shop') {
    window.location.hash = '#/';
    route(); // hashchange fires later; the cart must be visible before scrolling to it
  }
  window.requestAnimationFrame(() => {
    els.cart.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
    els.cartTitle.focus({ preventScroll: true });
  });
});
