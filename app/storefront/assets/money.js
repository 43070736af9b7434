// Money arrives from the API as decimal strings ("12.50") with an ISO currency.
// Totals are summed in integer minor units so 0.1 + 0.2 never shows up in a cart.

const formatters = new Map();

function formatter(currency) {
  let cached = formatters.get(currency);
  if (!cached) {
    // An unknown currency code throws RangeError; callers fall back to plain text.
    cached = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    formatters.set(currency, cached);
  }
  return cached;
}

function fractionDigits(currency) {
  try {
    return formatter(currency).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

export function formatMoney(amount, currency) {
  const value = Number(amount);
  if (amount === null || amount === '' || !Number.isFinite(value)) return '—';
  try {
    return formatter(currency).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function toMinorUnits(amount, currency) {
  const value = Number(amount);
  if (!Number.isFinite(value)) return 0;
  return Math.round(value * 10 ** fractionDigits(currency));
}

function fromMinorUnits(minor, currency) {
  return minor / 10 ** fractionDigits(currency);
}

// Sums {price, currency, quantity} lines into one formatted string per currency
// ("€12.50" or "€12.50 + $3.00" for a mixed cart).
export function formatTotal(lines) {
  const byCurrency = new Map();
  for (const { price, currency, quantity } of lines) {
    const minor = toMinorUnits(price, currency) * quantity;
    byCurrency.set(currency, (byCurrency.get(currency) || 0) + minor);
  }
  return [...byCurrency]
    .map(([currency, minor]) => formatMoney(fromMinorUnits(minor, currency), currency))
    .join(' + ');
}

export function formatLineTotal(price, currency, quantity) {
  return formatMoney(fromMinorUnits(toMinorUnits(price, currency) * quantity, currency), currency);
}
