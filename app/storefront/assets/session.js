// The signed-in session. The access and ID tokens live only in this module's
// memory, never in Web Storage; the refresh token is an HttpOnly cookie scoped
// to /api/auth/ that no script can read. A reload therefore starts with no
// token and asks /api/auth/refresh for one: the cookie is what survives.

import { ApiError, request } from './api.js';
import { local } from './storage.js';

// Refresh a little before expiry, so a request never leaves with a dying token.
const EARLY_MS = 30_000;
// Only a flag, never a token: whether this browser signed in, so a guest's page
// load does not ask for a refresh that can only fail.
const HINT_KEY = 'lambda-shop.signed-in.v1';

let current = null; // { accessToken, email, sub, expiresAt }
let restoring = null;
const listeners = new Set();

function claimsOf(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return {};
  }
}

function adopt(tokens) {
  const id = claimsOf(tokens.id_token);
  current = {
    accessToken: tokens.access_token,
    email: typeof id.email === 'string' ? id.email : '',
    sub: typeof id.sub === 'string' ? id.sub : '',
    expiresAt: Date.now() + Number(tokens.expires_in || 0) * 1000,
  };
  local.set(HINT_KEY, true);
  notify();
}

function notify() {
  for (const listener of listeners) listener(current);
}

export function onSessionChange(listener) {
  listeners.add(listener);
}

export function signedIn() {
  return current;
}

export async function signIn(email, password) {
  adopt(await request('/api/auth/sign-in', { method: 'POST', body: { email, password } }));
}

// A new access token from the refresh cookie; null (and signed out) when the
// cookie is missing, expired or revoked.
export function refresh() {
  restoring ??= request('/api/auth/refresh', { method: 'POST' })
    .then((tokens) => {
      adopt(tokens);
      return current;
    })
    .catch((error) => {
      if (error.status === 401) {
        current = null;
        local.remove(HINT_KEY);
        notify();
        return null;
      }
      throw error;
    })
    .finally(() => {
      restoring = null;
    });
  return restoring;
}

// The access token to send now, refreshed first when it is about to expire.
export async function accessToken() {
  if (current && Date.now() < current.expiresAt - EARLY_MS) return current.accessToken;
  if (!current) return null;
  const session = await refresh();
  return session ? session.accessToken : null;
}

// On page load: the session back from the refresh cookie, if this browser has one.
export function restore() {
  return local.get(HINT_KEY) ? refresh() : Promise.resolve(null);
}

export async function signOut() {
  current = null;
  local.remove(HINT_KEY);
  notify();
  await request('/api/auth/sign-out', { method: 'POST' });
}

// The Authorization header of a signed-in request, or none for a guest.
export async function authorization() {
  const token = await accessToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// A request to the account API (/api/me/*): API Gateway answers 401 to a
// missing or expired token, so one refresh and a retry follow a 401.
export async function accountRequest(path, options = {}) {
  for (let attempt = 0; ; attempt += 1) {
    const headers = await authorization();
    if (!headers.Authorization) {
      throw new ApiError({ status: 401, code: 'not_signed_in', message: 'Sign in to see your account.' });
    }
    try {
      return await request(path, { ...options, headers: { ...(options.headers || {}), ...headers } });
    } catch (error) {
      if (error.status !== 401 || attempt > 0 || !(await refresh())) throw error;
    }
  }
}
