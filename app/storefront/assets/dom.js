// Page elements and small DOM helpers shared by the storefront modules.

export const $ = (selector) => document.querySelector(selector);

export const els = {
  main: $('#main'),
  shopView: $('#shop-view'),
  orderView: $('#order-view'),
  accountView: $('#account-view'),
  accountViewTitle: $('#account-view-title'),
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


export const prefersReducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function announce(message) {
  // Clearing first makes screen readers repeat an identical message.
  els.cartAnnouncer.textContent = '';
  window.setTimeout(() => {
    els.cartAnnouncer.textContent = message;
  }, 50);
}

export function pluralItems(n) {
  return `${n} ${n === 1 ? 'item' : 'items'}`;
}
