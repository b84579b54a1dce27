// The console's rules: sign-in, the event stream, answering and placing calls, wrap-up, history.
// Signalling (signalling.js), media (media.js) and the page (views.js) are each their own module.

import { apiClient, describe } from './api.js';
import { openEvents } from './signalling.js';
import { MediaCall, Ringtone, describeMediaError, microphone } from './media.js';
import * as view from './views.js';

const TOKEN_KEY = 'wacall.console.token';
const TOKEN_MESSAGE = 'wacall-agent-token';

const s = {
  token: null, agentId: null, api: null, events: null, numbers: [],
  ringing: new Map(), history: new Map(), current: null, wrapUp: null, outboundPair: null,
  ringtone: new Ringtone(), timer: null, busy: false,
};

// For tests and for a CRM that wants to show the call's health: read-only looks at the call's media.
window.wacallConsole = {
  connectionState: () => (s.current ? s.current.media.connectionState : 'none'),
  bytesReceived: () => (s.current ? s.current.media.bytesReceived() : Promise.resolve(0)),
  currentCallId: () => (s.current ? s.current.id : null),
};

function agentIdOf(token) {
  const payload = token.split('.')[1] || '';
  try {
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))).sub;
  } catch {
    return null;
  }
}

// ---- sign-in ----

async function signIn(token) {
  view.showError('');
  const agentId = agentIdOf(token.trim());
  if (!agentId) { view.showError('That is not an agent token.'); return; }
  const api = apiClient(token.trim());
  let agent;
  try {
    agent = await api.get(`/api/v1/agents/${agentId}`);
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    view.showError(describe(e));
    return;
  }
  Object.assign(s, { token: token.trim(), agentId, api });
  sessionStorage.setItem(TOKEN_KEY, s.token); // this tab only; gone when the tab closes
  view.showDesk(agent);
  if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
  try {
    s.numbers = await api.get(`/api/v1/agents/${agentId}/phone-numbers`);
    view.renderNumbers(s.numbers);
    const page = await api.get(`/api/v1/calls?agentId=${encodeURIComponent(agentId)}&size=20`);
    page.items.forEach((c) => s.history.set(c.id, c));
    renderHistory();
  } catch (e) {
    view.showError(describe(e));
  }
  s.events = openEvents({ agentId, token: s.token, onEvent, onState });
}

function onState(state) {
  view.showStreamState(state);
  if (state === 'signed-out') view.showError('Your sign-in has expired: sign in again to receive calls.');
}

async function showSignIn() {
  let devAgents = null;
  try {
    const response = await fetch('/sandbox/dev/agents');
    if (response.ok) devAgents = await response.json();
  } catch { /* not the embedded mode */ }
  // a token handed over by message while the list was asked for has signed the agent in: keep the desk
  if (s.token) return;
  view.showSignIn(devAgents, async (agentId) => {
    const response = await fetch(`/sandbox/dev/agents/${encodeURIComponent(agentId)}/token`, { method: 'POST' });
    if (!response.ok) { view.showError(`Development sign-in failed (${response.status})`); return; }
    signIn((await response.json()).token);
  });
}

// ---- events ----

function onEvent(name, data) {
  switch (name) {
    case 'hello':
      s.ringing = new Map(data.ringing.map((r) => [r.callId, r]));
      renderRinging();
      break;
    case 'ringing':
      s.ringing.set(data.callId, data);
      renderRinging();
      notify(data);
      break;
    case 'ringing-stopped':
      s.ringing.delete(data.callId);
      renderRinging();
      break;
    case 'call':
      s.history.set(data.id, data);
      renderHistory();
      if (s.current && s.current.id === data.id) onCallUpdate(data);
      break;
    case 'permission':
      if (s.current && s.current.phoneNumberId === data.phoneNumberId && s.current.customer === data.waId) {
        view.showPermission('active-permission', data);
      }
      if (s.outboundPair && s.outboundPair.phoneNumberId === data.phoneNumberId && s.outboundPair.waId === data.waId) {
        view.showPermission('out-permission', data);
      }
      break;
    default:
  }
}

function renderRinging() {
  const calls = [...s.ringing.values()];
  view.renderRinging(calls, { onAnswer: answer, onDecline: decline, busy: s.busy || !!s.current });
  if (calls.length && !s.current) s.ringtone.start(); else s.ringtone.stop();
}

function renderHistory() {
  const calls = [...s.history.values()].sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
  view.renderHistory(calls.slice(0, 20), (c) => {
    view.el('out-number').value = c.phoneNumberId;
    view.el('out-customer').value = `+${c.customer}`;
    placeCall();
  });
}

function notify(ringing) {
  if (!('Notification' in window) || Notification.permission !== 'granted' || document.hasFocus()) return;
  const n = new Notification('WhatsApp call', { body: `+${ringing.from} is calling`, tag: ringing.callId });
  n.onclick = () => { window.focus(); n.close(); };
}

// ---- a call ----

async function withMicrophone() {
  try {
    return await microphone();
  } catch (e) {
    view.showError(describeMediaError(e));
    return null;
  }
}

function mediaFor(stream) {
  return new MediaCall(stream, view.el('remote-audio'), (state) => {
    if (state === 'failed') view.showError('The audio connection failed: check the network, then hang up and call again.');
  });
}

async function answer(callId) {
  if (s.current || s.busy) return;
  view.showError('');
  s.busy = true;
  renderRinging();
  try {
    const call = await s.api.get(`/api/v1/calls/${callId}`);
    if (call.status !== 'RINGING' || !call.sdpOffer) throw new Error('This call is no longer ringing for you.');
    const stream = await withMicrophone();
    if (!stream) return;
    const media = mediaFor(stream);
    try {
      const sdpAnswer = await media.answer(call.sdpOffer);
      await s.api.post(`/api/v1/calls/${callId}/answer`, { sdpAnswer });
    } catch (e) {
      media.close();
      throw e;
    }
    s.ringing.delete(callId);
    start({ id: callId, customer: call.customer, phoneNumberId: call.phoneNumberId, media, outbound: false });
    connected();
  } catch (e) {
    view.showError(describe(e));
  } finally {
    s.busy = false;
    renderRinging();
  }
}

async function decline(callId) {
  try {
    await s.api.post(`/api/v1/calls/${callId}/decline`, { reason: 'declined in the console' });
  } catch (e) {
    view.showError(describe(e));
  }
}

function start(current) {
  s.current = current;
  s.ringtone.stop();
  view.showWrapUp(null);
  view.showActive(current);
  view.showActiveState(current.outbound ? 'Calling…' : 'Connected');
  view.el('hang-up').focus();
  s.api.get(`/api/v1/permissions/${current.phoneNumberId}/${current.customer}`)
    .then((p) => view.showPermission('active-permission', p)).catch(() => view.showPermission('active-permission', null));
}

function connected() {
  if (s.timer || !s.current) return;
  s.current.connectedOnce = true;
  const since = Date.now();
  view.showTimer(0);
  s.timer = setInterval(() => view.showTimer(Math.floor((Date.now() - since) / 1000)), 1000);
}

const ENDINGS = {
  COMPLETED: 'The call has ended.', REJECTED: 'The customer declined the call.',
  NOT_ANSWERED: 'The customer did not answer.', CANCELED: 'You hung up before the customer answered.',
  ABANDONED: 'The customer hung up.', FAILED: 'The call failed.', MISSED: 'Nobody answered.',
};

async function onCallUpdate(call) {
  const current = s.current;
  if (current.outbound && call.sdpAnswer) {
    try { await current.media.accept(call.sdpAnswer); } catch (e) { view.showError(`Meta's answer was not usable: ${e.message}`); }
  }
  if (call.status === 'CONNECTED') {
    view.showActiveState('Connected');
    connected();
  } else if (call.status === 'RINGING' && current.outbound) {
    view.showActiveState('Ringing the customer…');
  } else if (call.status === 'ENDED') {
    view.showActiveState(ENDINGS[call.outcome] || call.outcome);
    if (call.outcome && call.outcome !== 'COMPLETED') view.showError(ENDINGS[call.outcome] || call.outcome);
    end();
  }
}

async function hangUp() {
  const current = s.current;
  if (!current) return;
  try {
    await s.api.post(`/api/v1/calls/${current.id}/hangup`, {});
  } catch (e) {
    if (e.code !== 'NOT_IN_CALL' && e.code !== 'CALL_NOT_FOUND') view.showError(describe(e));
  }
  end();
}

/** The call is over here: media closed; the wrap-up form when it was connected. */
function end() {
  const current = s.current;
  if (!current) return;
  current.media.close();
  clearInterval(s.timer);
  s.timer = null;
  s.current = null;
  view.showActive(null);
  if (current.connectedOnce) {
    const number = s.numbers.find((n) => n.phoneNumberId === current.phoneNumberId);
    const tags = number ? number.dispositionTags : [];
    s.wrapUp = current.id;
    view.showWrapUp({ id: current.id, customer: current.customer }, tags, saveDisposition);
    view.el('disposition-tag').focus();
  }
  renderRinging();
}

async function saveDisposition(tag, note) {
  try {
    const call = await s.api.put(`/api/v1/calls/${s.wrapUp}/disposition`, { tag, note });
    s.history.set(call.id, call);
    renderHistory();
    view.showDispositionSaved(`Saved: ${tag}`);
  } catch (e) {
    view.showError(describe(e));
  }
}

// ---- outbound ----

function outboundPair() {
  const phoneNumberId = view.el('out-number').value;
  const waId = view.el('out-customer').value.replace(/[^0-9]/g, '');
  if (!phoneNumberId || !waId) { view.showError('Pick a business number and enter the customer\'s number.'); return null; }
  s.outboundPair = { phoneNumberId, waId };
  return s.outboundPair;
}

async function checkPermission() {
  const pair = outboundPair();
  if (!pair) return;
  try {
    view.showPermission('out-permission', await s.api.get(`/api/v1/permissions/${pair.phoneNumberId}/${pair.waId}`));
  } catch (e) {
    view.showError(describe(e));
  }
}

async function requestPermission() {
  const pair = outboundPair();
  if (!pair) return;
  view.showError('');
  try {
    const accepted = await s.api.post(`/api/v1/permissions/${pair.phoneNumberId}/${pair.waId}/requests`, {});
    view.showPermission('out-permission', accepted.state);
  } catch (e) {
    view.showError(describe(e));
  }
}

async function placeCall() {
  const pair = outboundPair();
  if (!pair || s.current || s.busy) return;
  view.showError('');
  s.busy = true;
  try {
    const stream = await withMicrophone();
    if (!stream) return;
    const media = mediaFor(stream);
    let placed;
    try {
      const sdpOffer = await media.offer();
      placed = await s.api.post('/api/v1/calls', { requestId: crypto.randomUUID(), phoneNumberId: pair.phoneNumberId, to: pair.waId, sdpOffer });
    } catch (e) {
      media.close();
      throw e;
    }
    start({ id: placed.id, customer: pair.waId, phoneNumberId: pair.phoneNumberId, media, outbound: true });
    // the stream may have told of this call before it was ours to follow: catch up once
    onCallUpdate(await s.api.get(`/api/v1/calls/${placed.id}`));
  } catch (e) {
    view.showError(describe(e));
  } finally {
    s.busy = false;
  }
}

// ---- wiring ----

function wire() {
  view.el('token-form').addEventListener('submit', (event) => { event.preventDefault(); signIn(view.el('token').value); });
  view.el('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    if (s.events) s.events.close();
    window.location.reload();
  });
  view.el('presence').addEventListener('change', async (event) => {
    try {
      await s.api.put(`/api/v1/agents/${s.agentId}/availability`, { available: event.target.value === 'available' });
    } catch (e) {
      view.showError(describe(e));
    }
  });
  view.el('hang-up').addEventListener('click', hangUp);
  view.el('mute').addEventListener('click', () => {
    if (!s.current) return;
    s.current.muted = !s.current.muted;
    s.current.media.setMuted(s.current.muted);
    view.showMuted(s.current.muted);
  });
  view.el('out-check').addEventListener('click', checkPermission);
  view.el('out-request').addEventListener('click', requestPermission);
  view.el('outbound-form').addEventListener('submit', (event) => { event.preventDefault(); placeCall(); });
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
    const first = [...s.ringing.keys()][0];
    if (event.key === 'a' && first) answer(first);
    else if (event.key === 'd' && first) decline(first);
    else if (event.key === 'h') hangUp();
  });
  // a CRM that opened or framed the console hands it the token by message, never in the URL
  window.addEventListener('message', (event) => {
    const fromOpener = event.source && (event.source === window.opener || event.source === window.parent);
    if (fromOpener && event.source !== window && event.data && event.data.type === TOKEN_MESSAGE && event.data.token) {
      signIn(event.data.token);
    }
  });
}

function tokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', window.location.pathname); // out of the address bar and history at once
  return decodeURIComponent(match[1]);
}

wire();
const token = tokenFromFragment() || sessionStorage.getItem(TOKEN_KEY);
if (token) signIn(token); else showSignIn();
// tells the CRM that opened or frames the console that it may hand over the token now (no secret in it)
if (window.opener) window.opener.postMessage({ type: 'wacall-console-ready' }, '*');
if (window.parent !== window) window.parent.postMessage({ type: 'wacall-console-ready' }, '*');
