// The cart and the UI state shared by the storefront modules.

import { Cart, purchasableStock } from './cart.js';

export const cart = new Cart();

export const state = {
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

// Why a line cannot hold more: the stock, or the API's per-line limit.
export function limitNote(line) {
  const limit = purchasableStock(line);
  if (line.maxQuantity != null && limit === line.maxQuantity && limit !== line.stock) {
    return `At most ${limit} per order`;
  }
  return `Only ${limit} in stock`;
}
