// Storefront UI: product grid, cart, checkout and order confirmation.
// Views are hash routes (#/ and #/order/<id>) so every deep link is the same
// index.html and CloudFront never has to route a storefront path to the API.
// No innerHTML anywhere: API text only reaches the page through textContent.

import { ApiError, createOrder, getOrder, getProduct, listProducts } from './api.js';
import { Cart, purchasableStock } from './cart.js';
import {
  attempts,
  placedOrders,
  provesNoOrder,
  splitFieldErrors,
  validateEmail,
} from './checkout.js';
import { formatLineTotal, formatMoney, formatTotal } from './money.js';

const PAGE_SIZE = 24;
const LOW_STOCK = 5;

const $ = (selector) => document.querySelector(selector);

const els = {
  main: $('#main'),
  shopView: $('#shop-view'),
  orderView: $('#order-view'),
  catalogTitle: $('#catalog-title'),
  catalogStatus: $('#catalog-status'),
  grid: $('#product-grid'),
  loadMore: $('#load-more'),
  catalogRetry: $('#catalog-retry'),
  cartButton: $('#cart-button'),
  cartCount: $('#cart-count'),
  cart: $('#cart'),
  cartTitle: $('#cart-title'),
  cartAnnouncer: $('#cart-announcer'),
  cartEmpty: $('#cart-empty'),
  cartLines: $('#cart-lines'),
  cartSummary: $('#cart-summary'),
  cartTotal: $('#cart-total'),
  form: $('#checkout-form'),
  formError: $('#form-error'),
  email: $('#checkout-email'),
  emailError: $('#checkout-email-error'),
  placeOrder: $('#place-order'),
  checkoutStatus: $('#checkout-status'),
  orderStatus: $('#order-status'),
  orderActions: $('#order-actions'),
  orderRetry: $('#order-retry'),
  confirmation: $('#order-confirmation'),
  orderTitle: $('#order-title'),
  orderViewTitle: $('#order-view-title'),
  orderId: $('#order-id'),
  orderState: $('#order-state'),
  orderEmail: $('#order-email'),
  orderCreated: $('#order-created'),
  orderLines: $('#order-lines'),
  orderTotal: $('#order-total'),
  productTemplate: $('#product-card-template'),
  lineTemplate: $('#cart-line-template'),
};

const cart = new Cart();

const state = {
  products: new Map(), // sku -> latest product from the API
  order: [], // SKUs in catalogue order
  pagesLoaded: 0,
  numPages: 1,
  count: 0,
  catalogBusy: false,
  catalogFailed: false,
  lineErrors: new Map(), // sku -> message shown on that cart line
  submitting: false,
  view: null,
  orderRequest: 0, // guards against a slow order fetch painting over a newer view
};

// ---------------------------------------------------------------- helpers

const prefersReducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function announce(message) {
  // Clearing first makes screen readers repeat an identical message.
  els.cartAnnouncer.textContent = '';
  window.setTimeout(() => {
    els.cartAnnouncer.textContent = message;
  }, 50);
}

function pluralItems(n) {
  return `${n} ${n === 1 ? 'item' : 'items'}`;
}

// Why a line cannot hold more: the stock, or the API's per-line limit.
function limitNote(line) {
  const limit = purchasableStock(line);
  if (line.maxQuantity != null && limit === line.maxQuantity && limit !== line.stock) {
    return `At most ${limit} per order`;
  }
  return `Only ${limit} in stock`;
}

// ---------------------------------------------------------------- catalogue

function upsertProducts(results) {
  for (const product of results) {
    if (!product || typeof product.sku !== 'string') continue;
    state.products.set(product.sku, product);
    if (!state.order.includes(product.sku)) state.order.push(product.sku);
  }
}

async function loadNextPage() {
  if (state.catalogBusy || state.pagesLoaded >= state.numPages) return;
  state.catalogBusy = true;
  state.catalogFailed = false;
  renderCatalogStatus();
  try {
    const page = await listProducts({ page: state.pagesLoaded + 1, pageSize: PAGE_SIZE });
    upsertProducts(page.results);
    state.pagesLoaded = Number(page.page) || state.pagesLoaded + 1;
    state.numPages = Math.max(1, Number(page.num_pages) || 1);
    state.count = Number(page.count) || state.order.length;
    await syncCart();
  } catch (error) {
    state.catalogFailed = true;
    console.error('Loading products failed', error);
  } finally {
    state.catalogBusy = false;
    renderCatalog();
    renderCart();
  }
}

// Re-reads every page shown so far (after an order, or when stock ran short),
// then brings the cart in line with the new stock.
async function refreshProducts() {
  const pages = Math.max(1, state.pagesLoaded);
  try {
    const fresh = [];
    let numPages = state.numPages;
    let count = state.count;
    for (let page = 1; page <= Math.min(pages, numPages); page += 1) {
      const data = await listProducts({ page, pageSize: PAGE_SIZE });
      fresh.push(...data.results);
      numPages = Math.max(1, Number(data.num_pages) || 1);
      count = Number(data.count) || fresh.length;
    }
    // Products that vanished from the listing are dropped from the grid;
    // syncCart() then checks the ones still in the cart one by one.
    state.products = new Map();
    state.order = [];
    upsertProducts(fresh);
    state.pagesLoaded = Math.min(pages, numPages);
    state.numPages = numPages;
    state.count = count;
    state.catalogFailed = false;
  } catch (error) {
    console.error('Refreshing products failed', error);
  }
  await syncCart();
  renderCatalog();
  renderCart();
}

// Updates each cart line from the latest product data, fetching the products
// that are in the cart but not on a loaded page. Notes what changed on the line.
async function syncCart() {
  const lines = cart.lines;
  const unknown = lines.filter((line) => !state.products.has(line.sku));
  await Promise.all(
    unknown.map(async (line) => {
      try {
        const product = await getProduct(line.sku);
        state.products.set(product.sku, product);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) cart.markMissing(line.sku);
      }
    }),
  );
  for (const line of lines) {
    const product = state.products.get(line.sku);
    if (!product) continue;
    const outcome = cart.sync(product);
    if (!outcome) continue;
    if (outcome.soldOut) {
      state.lineErrors.set(line.sku, 'Sold out. Remove it to place your order.');
    } else if (outcome.reducedFrom != null) {
      state.lineErrors.set(
        line.sku,
        `${limitNote(cart.lines.find((l) => l.sku === line.sku))}, so the quantity was lowered` +
          ` from ${outcome.reducedFrom} to ${outcome.quantity}.`,
      );
    }
  }
  for (const line of cart.lines) {
    if (line.missing) state.lineErrors.set(line.sku, 'No longer sold. Remove it to continue.');
  }
}

function renderCatalogStatus() {
  let text;
  if (state.catalogBusy && state.pagesLoaded === 0) text = 'Loading products…';
  else if (state.catalogBusy) text = 'Loading more products…';
  else if (state.catalogFailed) text = 'Products could not be loaded.';
  else if (state.order.length === 0) text = 'No products are for sale right now.';
  else if (state.order.length < state.count) {
    text = `Showing ${state.order.length} of ${state.count} products`;
  } else text = `${state.order.length} ${state.order.length === 1 ? 'product' : 'products'}`;
  setText(els.catalogStatus, text);
  els.catalogStatus.classList.toggle('catalog__status--error', state.catalogFailed);
  els.grid.setAttribute('aria-busy', String(state.catalogBusy));
  els.loadMore.disabled = state.catalogBusy;
  els.loadMore.hidden = state.catalogFailed || state.pagesLoaded >= state.numPages;
  els.catalogRetry.hidden = !state.catalogFailed;
}

function buildProductCard(product) {
  const li = els.productTemplate.content.firstElementChild.cloneNode(true);
  li.dataset.sku = product.sku;
  return li;
}

// Same-host image URLs are used as paths, so a URL that Django built with the
// wrong scheme (http behind an https edge) is not blocked as mixed content.
function imageSource(raw) {
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    const url = new URL(raw, window.location.href);
    if (url.host === window.location.host) return `${url.pathname}${url.search}`;
    return url.protocol === 'https:' || url.protocol === window.location.protocol ? url.href : null;
  } catch {
    return null;
  }
}

function renderMedia(container, product) {
  const url = imageSource(product.image_url);
  if (container.dataset.src === (url ?? '') && container.firstElementChild) return;
  container.dataset.src = url ?? '';
  container.replaceChildren();
  const placeholder = () => {
    const box = document.createElement('div');
    box.className = 'product-card__placeholder';
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', `No photo of ${product.name}`);
    const initial = document.createElement('span');
    initial.setAttribute('aria-hidden', 'true');
    initial.textContent = (product.name || product.sku || '?').trim().charAt(0).toUpperCase();
    box.append(initial);
    return box;
  };
  if (!url) {
    container.append(placeholder());
    return;
  }
  const img = document.createElement('img');
  img.className = 'product-card__image';
  img.alt = product.name || '';
  img.loading = 'lazy';
  img.decoding = 'async';
  img.width = 480;
  img.height = 360;
  img.addEventListener('error', () => img.replaceWith(placeholder()), { once: true });
  img.src = url;
  container.append(img);
}

function renderProductCard(li, product) {
  const inCart = cart.quantityOf(product.sku);
  const stock = Number.isInteger(product.stock) ? product.stock : 0;
  const soldOut = !product.available || stock <= 0;
  const maxQuantity = Number.isInteger(product.max_quantity) ? product.max_quantity : Infinity;
  const atLimit = !soldOut && inCart >= Math.min(stock, maxQuantity);

  renderMedia(li.querySelector('.product-card__media'), product);
  setText(li.querySelector('.product-card__name'), product.name || product.sku);
  const description = li.querySelector('.product-card__description');
  setText(description, product.description || '');
  description.hidden = !product.description;
  setText(li.querySelector('.product-card__price'), formatMoney(product.price, product.currency));

  const stockEl = li.querySelector('.product-card__stock');
  let stockText;
  if (soldOut) stockText = 'Sold out';
  else if (stock <= LOW_STOCK) stockText = `Only ${stock} left`;
  else stockText = `${stock} in stock`;
  setText(stockEl, stockText);
  stockEl.classList.toggle('is-low', !soldOut && stock <= LOW_STOCK);
  stockEl.classList.toggle('is-out', soldOut);

  li.classList.toggle('is-sold-out', soldOut);
  li.dataset.available = String(!soldOut);

  const inCartEl = li.querySelector('.product-card__in-cart');
  setText(inCartEl, `${inCart} in cart`);
  inCartEl.hidden = inCart === 0;

  const button = li.querySelector('[data-testid="add-to-cart"]');
  let label = 'Add to cart';
  if (soldOut) label = 'Sold out';
  else if (atLimit) label = 'All in your cart';
  setText(button.querySelector('.product-card__add-label'), label);
  setText(button.querySelector('.product-card__add-name'), `: ${product.name || product.sku}`);
  button.disabled = soldOut || atLimit || cart.locked;
}

// Keyed update: existing cards are patched in place, so focus and images survive.
function renderCatalog() {
  renderCatalogStatus();
  const existing = new Map([...els.grid.children].map((li) => [li.dataset.sku, li]));
  state.order.forEach((sku, index) => {
    const product = state.products.get(sku);
    let li = existing.get(sku);
    if (!li) li = buildProductCard(product);
    existing.delete(sku);
    renderProductCard(li, product);
    if (els.grid.children[index] !== li) els.grid.insertBefore(li, els.grid.children[index] ?? null);
  });
  for (const stale of existing.values()) stale.remove();
}

// ---------------------------------------------------------------- cart

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

function renderCart() {
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

function renderAll() {
  renderCart();
  renderCatalog();
}

cart.addEventListener('change', (event) => {
  if (event.detail.reason === 'clear') state.lineErrors.clear();
  renderAll();
});

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

els.loadMore.addEventListener('click', () => loadNextPage());
els.catalogRetry.addEventListener('click', () => loadNextPage());

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

// ---------------------------------------------------------------- checkout

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

function clearCheckoutMessages() {
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

// ---------------------------------------------------------------- order view

function renderOrder(order) {
  setText(els.orderId, String(order.id));
  setText(els.orderState, String(order.status ?? ''));
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

async function showOrder(id) {
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

els.orderRetry.addEventListener('click', () => route());

// ---------------------------------------------------------------- routing

function showView(view) {
  const changed = state.view !== null && state.view !== view;
  state.view = view;
  els.shopView.hidden = view !== 'shop';
  els.orderView.hidden = view !== 'order';
  return changed;
}

function route() {
  const hash = window.location.hash;
  const match = /^#\/order\/([^/?#]+)$/.exec(hash);
  if (match) {
    showView('order');
    window.scrollTo(0, 0);
    els.orderViewTitle.focus({ preventScroll: true });
    showOrder(decodeURIComponent(match[1]));
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

// The skip link would otherwise replace the route in the address bar.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  els.main.focus();
});

renderAll();
route();
loadNextPage();
