// Catalogue data: paging through the products and keeping the cart in line
// with the latest stock.

import { ApiError, getProduct, listProducts } from './api.js';
import { renderCart } from './cart-view.js';
import { els } from './dom.js';
import { renderCatalog, renderCatalogStatus } from './product-grid.js';
import { cart, limitNote, state } from './state.js';

const PAGE_SIZE = 24;

function upsertProducts(results) {
  for (const product of results) {
    if (!product || typeof product.sku !== 'string') continue;
    state.products.set(product.sku, product);
    if (!state.order.includes(product.sku)) state.order.push(product.sku);
  }
}

export async function loadNextPage() {
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
export async function refreshProducts() {
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

els.loadMore.addEventListener('click', () => loadNextPage());
els.catalogRetry.addEventListener('click', () => loadNextPage());
