// Client for the shop's same-origin JSON API (contract: GET /api/products,
// GET /api/products/<sku>, POST /api/orders, GET /api/orders/<id>; accounts:
// /api/auth/* and, with an access token, /api/me/orders).

// Statuses where the request may or may not have been applied, or the service
// asks us to come back: safe to repeat only because orders carry an Idempotency-Key.
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export class ApiError extends Error {
  constructor({ status, code, message, fields = {} }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  get isNetworkError() {
    return this.status === 0;
  }

  // True when the outcome is unknown or transient, so the same request may be sent again.
  get retryable() {
    return this.status === 0 || RETRYABLE_STATUSES.has(this.status);
  }
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fallbackMessage(status) {
  if (status === 404) return 'Not found.';
  if (status === 413) return 'The request is too large.';
  if (status === 429) return 'The shop is busy right now. Please try again in a moment.';
  if (status >= 500) return 'The shop is having trouble right now. Please try again.';
  return `The request failed (HTTP ${status}).`;
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function request(path, { method = 'GET', headers = {}, body } = {}) {
  const init = {
    method,
    headers: { Accept: 'application/json', ...headers },
    credentials: 'same-origin',
    // Stock changes with every order; never show a cached count.
    cache: 'no-store',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Could not reach the shop. Check your connection and try again.',
    });
  }

  if (response.status === 204) return {};
  const data = await readJson(response);
  if (response.ok) {
    if (!isPlainObject(data)) {
      throw new ApiError({
        status: response.status,
        code: 'bad_response',
        message: 'The shop sent a response this page does not understand.',
      });
    }
    return data;
  }

  const error = isPlainObject(data) && isPlainObject(data.error) ? data.error : {};
  throw new ApiError({
    status: response.status,
    code: typeof error.code === 'string' && error.code ? error.code : `http_${response.status}`,
    message:
      typeof error.message === 'string' && error.message
        ? error.message
        : fallbackMessage(response.status),
    fields: isPlainObject(error.fields) ? error.fields : {},
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function listProducts({ page = 1, pageSize = 24 } = {}) {
  const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  return request(`/api/products?${query}`).then((data) => {
    if (!Array.isArray(data.results)) {
      throw new ApiError({
        status: 200,
        code: 'bad_response',
        message: 'The product list came back in an unexpected shape.',
      });
    }
    return data;
  });
}

export function getProduct(sku) {
  return request(`/api/products/${encodeURIComponent(sku)}`);
}

// Places an order. Transient failures are retried with the SAME Idempotency-Key,
// so the server returns the original order if an earlier attempt did land.
// A signed-in shopper's order goes to /api/me/orders with the access token
// (`authorize` gives the header), so API Gateway verifies it and the order is
// linked to the account.
export async function createOrder(
  payload,
  idempotencyKey,
  { retries = 2, onRetry, path = '/api/orders', authorize = async () => ({}) } = {},
) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const order = await request(path, {
        method: 'POST',
        headers: { 'Idempotency-Key': idempotencyKey, ...(await authorize()) },
        body: payload,
      });
      if (order.id == null || typeof order.token !== 'string') {
        // A 2xx without an id: the order probably exists, so this must not look final.
        throw new ApiError({
          status: 200,
          code: 'bad_response',
          message: 'The shop confirmed the order in a form this page does not understand.',
        });
      }
      return order;
    } catch (error) {
      if (!(error instanceof ApiError) || !error.retryable || attempt >= retries) throw error;
      onRetry?.(attempt + 1, error);
      await sleep(600 * 2 ** attempt);
    }
  }
}

export function getOrder(id, token) {
  return request(`/api/orders/${encodeURIComponent(id)}`, {
    headers: { 'X-Order-Token': token },
  });
}
