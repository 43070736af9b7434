// Product grid rendering: catalogue status line and keyed product cards.

import { els, setText } from './dom.js';
import { formatMoney } from './money.js';
import { cart, state } from './state.js';

const LOW_STOCK = 5;
export function renderCatalogStatus() {
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
export function renderCatalog() {
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
