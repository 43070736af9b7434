// Checkout form: validation, placing the order and explaining what went wrong.

import { ApiError, createOrder } from './api.js';
import { purchasableStock } from './cart.js';
import { renderCart } from './cart-view.js';
import { refreshProducts } from './catalog.js';
import {
  attempts,
  placedOrders,
  provesNoOrder,
  splitFieldErrors,
  validateEmail,
} from './checkout.js';
import { els, setText } from './dom.js';
import { authorization, onSessionChange, signedIn } from './session.js';
import { cart, state } from './state.js';

function setEmailError(message) {
  setText(els.emailError, message || '');
  els.emailError.hidden = !message;
  els.email.setAttribute('aria-invalid', String(Boolean(message)));
}

function showFormError(message, details = []) {
  els.formError.replaceChildren();
  const lead = document.createElement('p');
  lead.className = 'form-error__message';
  lead.textContent = message;
  els.formError.append(lead);
  if (details.length) {
    const list = document.createElement('ul');
    for (const detail of details) {
      const item = document.createElement('li');
      item.textContent = detail;
      list.append(item);
    }
    els.formError.append(list);
  }
  els.formError.hidden = false;
}

export function clearCheckoutMessages() {
  els.formError.hidden = true;
  els.formError.replaceChildren();
  setText(els.checkoutStatus, '');
}

function setSubmitting(value) {
  state.submitting = value;
  cart.locked = value; // re-renders through the change event
}

function focusFirstProblem() {
  if (!els.emailError.hidden) {
    els.email.focus();
    return;
  }
  const badLine = els.cartLines.querySelector('.has-error .qty-input');
  if (badLine) badLine.focus();
  else els.formError.focus();
}

async function placeOrder() {
  clearCheckoutMessages();
  setEmailError(null);
  const email = els.email.value.trim();
  const lines = cart.lines;

  if (lines.length === 0) {
    showFormError('Your cart is empty. Add a product first.');
    els.formError.focus();
    return;
  }
  const emailProblem = validateEmail(email);
  setEmailError(emailProblem);
  const blocked = lines.filter((line) => purchasableStock(line) === 0);
  for (const line of blocked) {
    state.lineErrors.set(
      line.sku,
      line.missing ? 'No longer sold. Remove it to continue.' : 'Sold out. Remove it to place your order.',
    );
  }
  if (emailProblem || blocked.length) {
    renderCart();
    showFormError('Please fix the problems marked below.');
    focusFirstProblem();
    return;
  }

  const payload = { email, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) };
  const key = attempts.keyFor(payload);
  setSubmitting(true);
  setText(els.checkoutStatus, 'Placing your order…');
  let order;
  try {
    order = await createOrder(payload, key, {
      onRetry: () => setText(els.checkoutStatus, 'The connection is slow, still trying…'),
      // Signed in: the order is linked to the account (API Gateway checks the token).
      ...(signedIn() ? { path: '/api/me/orders', authorize: authorization } : {}),
    });
  } catch (error) {
    setSubmitting(false);
    setText(els.checkoutStatus, '');
    await handleOrderError(error, payload);
    return;
  }

  attempts.forget();
  placedOrders.remember(order.id, order.token);
  setSubmitting(false);
  cart.clear();
  setText(els.checkoutStatus, '');
  window.location.hash = `#/order/${encodeURIComponent(order.id)}`;
  // Stock went down; make the grid show it when the buyer comes back.
  refreshProducts();
}

async function handleOrderError(error, payload) {
  if (!(error instanceof ApiError)) {
    console.error('Placing the order failed', error);
    showFormError('Something went wrong in this page. Please reload and try again.');
    els.formError.focus();
    return;
  }
  if (provesNoOrder(error)) attempts.forget();

  const split = splitFieldErrors(error.fields, payload.lines);
  setEmailError(split.email);
  for (const [sku, message] of split.lines) state.lineErrors.set(sku, message);

  if (error.code === 'out_of_stock') {
    showFormError(
      'Some items in your cart sold out or have fewer left than you asked for. ' +
        'Your cart has been updated; please check it and place the order again.',
      error.message ? [error.message, ...split.general] : split.general,
    );
    renderCart();
    await refreshProducts();
    focusFirstProblem();
    return;
  }

  let message = error.message;
  if (!provesNoOrder(error)) {
    message +=
      ' Your order may or may not have gone through. Press "Place order" again:' +
      ' it is safe and will never order twice.';
  }
  showFormError(message, split.general);
  renderCart();
  focusFirstProblem();
}

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  // The button is disabled while submitting, but Enter in the field still submits.
  if (state.submitting) return;
  placeOrder();
});

// Errors appear on submit only (validating on blur would shift the layout under
// a click on "Place order"); once shown, the message goes as soon as the input is valid.
els.email.addEventListener('input', () => {
  if (!els.emailError.hidden && !validateEmail(els.email.value)) setEmailError(null);
});

// A signed-in shopper's address fills an empty email field.
onSessionChange((session) => {
  if (session?.email && !els.email.value) els.email.value = session.email;
});
