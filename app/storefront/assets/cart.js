// The cart: lines keyed by SKU, persisted in localStorage, never above the stock
// last shown for a product. Each line keeps a snapshot of the product (name,
// price, stock) so a reloaded cart renders before the catalogue has loaded.

import { local } from './storage.js';

const STORAGE_KEY = 'lambda-shop.cart.v1';

function isValidLine(line) {
  return (
    line !== null &&
    typeof line === 'object' &&
    typeof line.sku === 'string' &&
    line.sku !== '' &&
    Number.isInteger(line.quantity) &&
    line.quantity > 0
  );
}

function snapshot(product) {
  return {
    sku: product.sku,
    name: String(product.name ?? product.sku),
    price: String(product.price ?? ''),
    currency: String(product.currency ?? ''),
    stock: Number.isInteger(product.stock) ? product.stock : null,
    // Optional per-line cap (the API's per-line limit) when the API publishes one.
    maxQuantity: positiveIntOrNull(product.max_quantity),
    available: product.available !== false,
    missing: false,
  };
}

function positiveIntOrNull(value) {
  return Number.isInteger(value) && value > 0 ? value : null;
}

// How many of this product may be in the cart; null means "not known yet".
export function purchasableStock(line) {
  if (line.missing || !line.available) return 0;
  if (line.stock == null) return line.maxQuantity;
  return line.maxQuantity == null ? line.stock : Math.min(line.stock, line.maxQuantity);
}

export class Cart extends EventTarget {
  #lines = [];
  #locked = false;

  constructor() {
    super();
    this.#lines = this.#read();
    // Another tab changed the cart: adopt its version so both tabs agree.
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY && event.key !== null) return;
      this.#lines = this.#read();
      this.#emit('external');
    });
  }

  #read() {
    const stored = local.get(STORAGE_KEY);
    const lines = stored && Array.isArray(stored.lines) ? stored.lines : [];
    const seen = new Set();
    return lines.filter(isValidLine).filter((line) => {
      if (seen.has(line.sku)) return false;
      seen.add(line.sku);
      return true;
    }).map((line) => ({
      sku: line.sku,
      name: String(line.name ?? line.sku),
      price: String(line.price ?? ''),
      currency: String(line.currency ?? ''),
      stock: Number.isInteger(line.stock) ? line.stock : null,
      maxQuantity: positiveIntOrNull(line.maxQuantity),
      available: line.available !== false,
      missing: line.missing === true,
      quantity: line.quantity,
    }));
  }

  #emit(reason) {
    this.dispatchEvent(new CustomEvent('change', { detail: { reason } }));
  }

  #commit(reason) {
    local.set(STORAGE_KEY, { version: 1, lines: this.#lines });
    this.#emit(reason);
  }

  #find(sku) {
    return this.#lines.find((line) => line.sku === sku);
  }

  get lines() {
    return this.#lines.map((line) => ({ ...line }));
  }

  get count() {
    return this.#lines.reduce((sum, line) => sum + line.quantity, 0);
  }

  get isEmpty() {
    return this.#lines.length === 0;
  }

  // While an order is in flight the cart is frozen, so what gets cleared on
  // success is exactly what was ordered.
  get locked() {
    return this.#locked;
  }

  set locked(value) {
    this.#locked = Boolean(value);
    this.#emit('lock');
  }

  quantityOf(sku) {
    return this.#find(sku)?.quantity ?? 0;
  }

  add(product, amount = 1) {
    if (this.#locked) return { added: 0, reason: 'locked' };
    const fresh = snapshot(product);
    const limit = purchasableStock(fresh) ?? Infinity;
    const line = this.#find(product.sku);
    const current = line?.quantity ?? 0;
    if (limit <= 0) return { added: 0, reason: 'sold_out' };
    const quantity = Math.min(current + amount, limit);
    if (quantity <= current) return { added: 0, reason: 'stock_limit' };
    if (line) Object.assign(line, fresh, { quantity });
    else this.#lines.push({ ...fresh, quantity });
    this.#commit('add');
    return { added: quantity - current, quantity };
  }

  // Sets a line's quantity, capped at the known stock. Returns the quantity kept.
  setQuantity(sku, requested) {
    const line = this.#find(sku);
    if (!line || this.#locked) return { quantity: line?.quantity ?? 0, capped: false };
    const wanted = Math.max(1, Math.floor(Number(requested)) || 1);
    const limit = purchasableStock(line);
    const quantity = limit == null || limit <= 0 ? wanted : Math.min(wanted, limit);
    const capped = quantity < wanted;
    if (quantity !== line.quantity) {
      line.quantity = quantity;
      this.#commit('quantity');
    }
    return { quantity, capped };
  }

  remove(sku) {
    if (this.#locked) return;
    const before = this.#lines.length;
    this.#lines = this.#lines.filter((line) => line.sku !== sku);
    if (this.#lines.length !== before) this.#commit('remove');
  }

  clear() {
    this.#lines = [];
    this.#commit('clear');
  }

  // Brings a line up to date with the latest product data. A line above the new
  // stock is reduced to it; a sold-out line stays (marked) so the buyer sees why.
  sync(product) {
    const line = this.#find(product.sku);
    if (!line) return null;
    const fresh = snapshot(product);
    const before = JSON.stringify(line);
    const previousQuantity = line.quantity;
    Object.assign(line, fresh);
    const limit = purchasableStock(line);
    if (limit != null && limit > 0 && line.quantity > limit) line.quantity = limit;
    if (JSON.stringify(line) !== before) this.#commit('sync');
    return {
      soldOut: limit === 0,
      reducedFrom: line.quantity < previousQuantity ? previousQuantity : null,
      quantity: line.quantity,
    };
  }

  // The product no longer exists (404) or was deactivated.
  markMissing(sku) {
    const line = this.#find(sku);
    if (!line || line.missing) return;
    line.missing = true;
    this.#commit('sync');
  }
}
