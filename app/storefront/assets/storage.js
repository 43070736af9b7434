// JSON wrappers around Web Storage. Storage can be missing or throw (private
// browsing, quota, disabled cookies); the shop then keeps working for the
// current page view from memory instead of failing.

class JsonStore {
  #backend;
  #memory = new Map();
  // Keys whose last write only reached memory; reads must not see the stale stored copy.
  #memoryOnly = new Set();

  constructor(getBackend) {
    try {
      const backend = getBackend();
      const probe = '__lambda-shop-probe__';
      backend.setItem(probe, probe);
      backend.removeItem(probe);
      this.#backend = backend;
    } catch {
      this.#backend = null;
    }
  }

  get(key) {
    let raw;
    try {
      raw =
        this.#backend && !this.#memoryOnly.has(key)
          ? this.#backend.getItem(key)
          : this.#memory.get(key);
    } catch {
      raw = this.#memory.get(key);
    }
    if (raw == null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      // A corrupt entry must not break the page; drop it.
      this.remove(key);
      return null;
    }
  }

  set(key, value) {
    const raw = JSON.stringify(value);
    this.#memory.set(key, raw);
    if (!this.#backend) return;
    try {
      this.#backend.setItem(key, raw);
      this.#memoryOnly.delete(key);
    } catch {
      // Quota exceeded or storage revoked: the memory copy still serves this page.
      this.#memoryOnly.add(key);
    }
  }

  remove(key) {
    this.#memory.delete(key);
    this.#memoryOnly.delete(key);
    if (!this.#backend) return;
    try {
      this.#backend.removeItem(key);
    } catch {
      // Nothing to recover: the entry is gone from memory already.
    }
  }
}

export const local = new JsonStore(() => window.localStorage);
export const session = new JsonStore(() => window.sessionStorage);
