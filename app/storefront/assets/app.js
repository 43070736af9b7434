// Storefront UI: product grid, cart, checkout, order confirmation and account.
// Views are hash routes (#/, #/order/<id> and #/account) so every deep link is the same
// index.html and CloudFront never has to route a storefront path to the API.
// No innerHTML anywhere: API text only reaches the page through textContent.
// This entry module only loads the others (each wires up its own listeners)
// and starts the page.

import './cart-actions.js';
import { renderAll } from './cart-view.js';
import { loadNextPage } from './catalog.js';
import './checkout-form.js';
import { els } from './dom.js';
import { route } from './router.js';
import { restore } from './session.js';

// The skip link would otherwise replace the route in the address bar.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  els.main.focus();
});

renderAll();
route();
loadNextPage();
// A signed-in session survives a reload through the refresh cookie alone.
restore().catch(() => {});
