// Checkout rules that do not touch the DOM: the Idempotency-Key lifecycle,
// client-side email validation and mapping the API's field errors.

import { local, session } from './storage.js';

const ATTEMPT_KEY = 'lambda-shop.checkout-attempt.v1';
const ORDERS_KEY = 'lambda-shop.orders.v1';

function uuidV4() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not (plain-http LAN hosts).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function fingerprint(payload) {
  return JSON.stringify([payload.email, payload.lines.map((line) => [line.sku, line.quantity])]);
}

// One key per checkout attempt. The same payload (same email, same cart) keeps
// its key across double clicks, automatic retries and page reloads, so an order
// whose response was lost is returned again instead of being placed twice. Any
// change to the payload gets a new key. The key is kept in localStorage because
// the cart is: a buyer who closes the tab mid-request and comes back retries safely.
export const attempts = {
  keyFor(payload) {
    const print = fingerprint(payload);
    const stored = local.get(ATTEMPT_KEY);
    if (stored && stored.fingerprint === print && typeof stored.key === 'string') {
      return stored.key;
    }
    const key = uuidV4();
    local.set(ATTEMPT_KEY, { key, fingerprint: print });
    return key;
  },

  // After a success, or a response proving no order was made.
  forget() {
    local.remove(ATTEMPT_KEY);
  },
};

// A 4xx answer that says the order was rejected and nothing was written, so the
// next attempt may use a fresh key. Anything else (network failure, timeout,
// 5xx, a 409 that is not about stock such as "same key still in progress")
// leaves the outcome open and the key must be reused.
export function provesNoOrder(error) {
  const status = error?.status ?? 0;
  if (status < 400 || status >= 500 || error.retryable) return false;
  if (status === 409) return error.code === 'out_of_stock';
  return true;
}

// Deliberately loose: the server is the authority. This only catches typos
// early enough to save a round trip.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function validateEmail(value) {
  const email = value.trim();
  if (email === '') return 'Enter your email address.';
  if (email.length > 254) return 'That email address is too long.';
  if (!EMAIL_PATTERN.test(email)) return 'Enter an email address like name@example.com.';
  return null;
}

// The API's field messages are fragments ("not enough stock"); shown alone next
// to a field they read better as sentences.
function sentence(text) {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

const LINE_FIELD = /^lines\[(\d+)\](?:\.([\w-]+))?$/;

// Splits {"email": "...", "lines[0].quantity": "...", ...} into the form field,
// the cart lines (by the SKU that was sent at that index) and the rest.
export function splitFieldErrors(fields, sentLines) {
  const result = { email: null, lines: new Map(), general: [] };
  for (const [name, raw] of Object.entries(fields || {})) {
    const message = sentence(Array.isArray(raw) ? raw.join(' ') : String(raw));
    if (name === 'email') {
      result.email = message;
      continue;
    }
    const match = LINE_FIELD.exec(name);
    const line = match ? sentLines[Number(match[1])] : undefined;
    if (line) {
      const previous = result.lines.get(line.sku);
      result.lines.set(line.sku, previous ? `${previous} ${message}` : message);
    } else {
      result.general.push(
        name === 'lines' || name === '__all__' ? message : `${name}: ${message.toLowerCase()}`,
      );
    }
  }
  return result;
}

// Order tokens live in sessionStorage: reloading the confirmation works, but
// the token does not outlive the browser tab.
export const placedOrders = {
  remember(id, token) {
    const all = session.get(ORDERS_KEY) || {};
    all[String(id)] = token;
    session.set(ORDERS_KEY, all);
  },

  tokenFor(id) {
    const all = session.get(ORDERS_KEY) || {};
    const token = all[String(id)];
    return typeof token === 'string' ? token : null;
  },
};
