// Account view (#/account): sign-up, confirmation, sign-in and password reset
// forms with the API's field errors, then "My orders" and sign-out.

import { ApiError, request } from './api.js';
import { $, setText } from './dom.js';
import { formatMoney } from './money.js';
import { accountRequest, onSessionChange, signedIn, signIn, signOut } from './session.js';

const view = {
  status: $('#account-status'),
  forms: $('#account-forms'),
  home: $('#account-home'),
  email: $('#account-email'),
  orders: $('#my-orders'),
  ordersEmpty: $('#my-orders-empty'),
  link: $('#account-link'),
};
const formNames = ['sign-in', 'sign-up', 'confirm', 'forgot', 'reset'];
// The password just chosen at sign-up, kept in memory only until the
// confirmation signs the shopper in.
let pendingPassword = null;

const formEl = (name) => $(`#${name}-form`);
const input = (form, field) => $(`#${form}-${field}`);

function values(form) {
  const data = {};
  for (const el of formEl(form).querySelectorAll('input[name]')) data[el.name] = el.value;
  if ('email' in data) data.email = data.email.trim();
  if ('code' in data) data.code = data.code.trim();
  return data;
}

function clearErrors(form) {
  const box = $(`#${form}-error`);
  box.hidden = true;
  box.replaceChildren();
  for (const el of formEl(form).querySelectorAll('.field__error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of formEl(form).querySelectorAll('input')) el.removeAttribute('aria-invalid');
}

function showErrors(form, error) {
  const box = $(`#${form}-error`);
  const lead = document.createElement('p');
  lead.textContent = error.message;
  box.replaceChildren(lead);
  box.hidden = false;
  for (const [field, message] of Object.entries(error.fields || {})) {
    const slot = $(`#${form}-${field}-error`);
    if (!slot) continue;
    slot.textContent = String(message).charAt(0).toUpperCase() + String(message).slice(1) + '.';
    slot.hidden = false;
    input(form, field)?.setAttribute('aria-invalid', 'true');
  }
}

export function showForm(name, { email, status } = {}) {
  for (const other of formNames) formEl(other).hidden = other !== name;
  if (email && input(name, 'email')) input(name, 'email').value = email;
  setText(view.status, status || '');
  clearErrors(name);
}

const post = (path, body) => request(path, { method: 'POST', body });

const actions = {
  async 'sign-in'({ email, password }) {
    try {
      await signIn(email, password);
    } catch (error) {
      if (error.code !== 'account_unconfirmed') throw error;
      pendingPassword = password;
      showForm('confirm', { email, status: 'Enter the code we emailed you to confirm your address.' });
    }
  },
  async 'sign-up'({ email, password }) {
    await post('/api/auth/sign-up', { email, password });
    pendingPassword = password;
    showForm('confirm', { email, status: `We emailed a 6-digit code to ${email}.` });
  },
  async confirm({ email, code }) {
    await post('/api/auth/confirm', { email, code });
    if (pendingPassword) {
      const password = pendingPassword;
      pendingPassword = null;
      await signIn(email, password);
    } else {
      showForm('sign-in', { email, status: 'Your address is confirmed. Sign in.' });
    }
  },
  async forgot({ email }) {
    await post('/api/auth/forgot-password', { email });
    showForm('reset', { email, status: `If ${email} has an account, we emailed it a code.` });
  },
  async reset({ email, code, password }) {
    await post('/api/auth/confirm-forgot-password', { email, code, password });
    showForm('sign-in', { email, status: 'Your password is changed. Sign in with it.' });
  },
};

async function submit(name) {
  clearErrors(name);
  const button = formEl(name).querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await actions[name](values(name));
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(`${name} failed`, error);
    showErrors(name, error instanceof ApiError ? error : { message: 'Something went wrong.' });
  } finally {
    button.disabled = false;
  }
}

function orderItem(order) {
  const item = document.createElement('li');
  item.className = 'my-order';
  item.dataset.testid = 'my-order';
  item.dataset.orderId = String(order.id);
  const head = document.createElement('p');
  head.className = 'my-order__head';
  const placed = new Date(order.created_at).toLocaleString();
  head.textContent = `Order ${order.id} · ${placed} · ${formatMoney(order.total, order.currency)}`;
  const status = document.createElement('span');
  status.className = 'my-order__status';
  status.dataset.testid = 'my-order-status';
  status.textContent = String(order.status_label ?? order.status);
  const lines = document.createElement('p');
  lines.className = 'my-order__lines';
  lines.textContent = order.lines.map((line) => `${line.quantity} × ${line.name}`).join(', ');
  item.append(head, status, lines);
  return item;
}

async function loadOrders() {
  try {
    const { results } = await accountRequest('/api/me/orders');
    view.orders.replaceChildren(...results.map(orderItem));
    view.ordersEmpty.hidden = results.length > 0;
  } catch (error) {
    setText(view.status, error.message || 'Your orders could not be loaded.');
  }
}

function render(session) {
  setText(view.link, session ? 'My account' : 'Sign in');
  view.forms.hidden = Boolean(session);
  view.home.hidden = !session;
  if (session) {
    setText(view.email, session.email);
    setText(view.status, '');
  } else {
    view.orders.replaceChildren();
  }
}

export function showAccount() {
  const session = signedIn();
  render(session);
  if (session) loadOrders();
  else if (formNames.every((name) => formEl(name).hidden)) showForm('sign-in');
}

onSessionChange((session) => {
  render(session);
  if (session && window.location.hash === '#/account') loadOrders();
});

for (const name of formNames) {
  formEl(name).addEventListener('submit', (event) => {
    event.preventDefault();
    submit(name);
  });
}
for (const button of document.querySelectorAll('[data-show]')) {
  button.addEventListener('click', () => {
    const email = document.querySelector('.account-form:not([hidden]) input[name="email"]')?.value;
    showForm(button.dataset.show, { email });
  });
}
$('#resend-code').addEventListener('click', async () => {
  clearErrors('confirm');
  try {
    await post('/api/auth/resend-code', { email: values('confirm').email });
    setText(view.status, 'We emailed you a new code.');
  } catch (error) {
    showErrors('confirm', error);
  }
});
$('#sign-out').addEventListener('click', async () => {
  try {
    await signOut();
  } finally {
    showForm('sign-in', { status: 'You are signed out.' });
  }
});
