// The sandbox's customer phone: a WhatsApp customer in a browser tab. It reads its calls and
// permission requests from the sandbox every half second (a test fixture on loopback, so plain
// polling), and carries real media with the console's own media module.

import { MediaCall, describeMediaError, microphone } from '/console/media.js';

const POLL_MS = 500;
const waId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop());
const $ = (id) => document.getElementById(id);
const phone = { callId: null, media: null, remoteSet: false, busy: false, shown: null };

window.wacallPhone = {
  connectionState: () => (phone.media ? phone.media.connectionState : 'none'),
  bytesReceived: () => (phone.media ? phone.media.bytesReceived() : Promise.resolve(0)),
  callId: () => phone.callId,
};

async function send(method, path, body) {
  const response = await fetch(path, {
    method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

function showError(message) {
  $('error').textContent = message || '';
  $('error').hidden = !message;
}

async function withMedia(work) {
  let stream;
  try {
    stream = await microphone();
  } catch (e) {
    showError(describeMediaError(e));
    return;
  }
  const media = new MediaCall(stream, $('remote-audio'));
  try {
    await work(media);
  } catch (e) {
    media.close();
    showError(e.message);
  }
}

async function dial() {
  if (phone.callId || phone.busy) return;
  phone.busy = true;
  showError('');
  await withMedia(async (media) => {
    const sdpOffer = await media.offer();
    const placed = await send('POST', `/sandbox/phones/${waId}/calls`, { phoneNumberId: $('business').value.trim(), sdpOffer });
    Object.assign(phone, { callId: placed.callId, media, remoteSet: false });
  });
  phone.busy = false;
}

async function answer(call) {
  if (phone.callId || phone.busy) return;
  phone.busy = true;
  showError('');
  await withMedia(async (media) => {
    const sdpAnswer = await media.answer(call.businessSdp);
    await send('POST', `/sandbox/phones/${waId}/calls/${call.callId}/answer`, { sdpAnswer });
    Object.assign(phone, { callId: call.callId, media, remoteSet: true });
  });
  phone.busy = false;
}

async function hangUp(callId) {
  try {
    await send('POST', `/sandbox/phones/${waId}/calls/${callId}/hangup`);
  } catch (e) {
    showError(e.message);
  }
  if (callId === phone.callId) ended();
}

function ended() {
  if (phone.media) phone.media.close();
  Object.assign(phone, { callId: null, media: null, remoteSet: false });
  $('hang-up').hidden = true;
}

async function reply(request, accept) {
  try {
    await send('POST', `/sandbox/phones/${waId}/permission-requests/${request.requestId}`, { accept });
  } catch (e) {
    showError(e.message);
  }
}

function button(text, className, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.className = className;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** Redraws only what changed, so a button keeps its focus between two polls. */
function render(state) {
  const shown = JSON.stringify([state, phone.callId]);
  if (shown === phone.shown) return;
  phone.shown = shown;
  const mine = state.calls.find((c) => c.callId === phone.callId);
  $('calls').replaceChildren(...state.calls.map((call) => {
    const item = document.createElement('li');
    item.dataset.callId = call.callId;
    const business = call.phoneNumberId;
    const inbound = call.direction === 'BUSINESS_INITIATED';
    item.append(`${inbound ? 'From' : 'To'} ${business}: ${call.state.toLowerCase().replace('_', '-')}`);
    if (inbound && call.state === 'RINGING' && !phone.callId) {
      item.append(' ', button('Answer', 'primary answer', `Answer the call from ${business}`, () => answer(call)),
        ' ', button('Decline', 'decline', `Decline the call from ${business}`, () => hangUp(call.callId)));
    }
    return item;
  }));
  $('phone-state').textContent = mine ? (mine.state === 'CONNECTED' ? 'Connected' : 'Ringing…') : 'No call.';
  $('hang-up').hidden = !phone.callId;
  $('requests').replaceChildren(...state.permissionRequests.map((request) => {
    const item = document.createElement('li');
    item.dataset.requestId = request.requestId;
    item.append(`${request.phoneNumberId} asks to call you `,
      button('Accept', 'primary accept', `Allow ${request.phoneNumberId} to call`, () => reply(request, true)), ' ',
      button('Decline', 'decline', `Do not allow ${request.phoneNumberId} to call`, () => reply(request, false)));
    return item;
  }));
  $('requests-empty').hidden = state.permissionRequests.length > 0;
}

async function refresh() {
  let state;
  try {
    state = await send('GET', `/sandbox/phones/${waId}`);
  } catch (e) {
    showError(`The sandbox is not answering: ${e.message}`);
    return;
  }
  const mine = phone.callId && state.calls.find((c) => c.callId === phone.callId);
  if (phone.callId && !mine && !phone.busy) {
    ended();
  } else if (mine && mine.direction === 'USER_INITIATED' && mine.businessSdp && !phone.remoteSet) {
    phone.remoteSet = true; // the agent's answer, relayed from pre_accept / accept
    try { await phone.media.accept(mine.businessSdp); } catch (e) { showError(`The business's answer was not usable: ${e.message}`); }
  }
  render(state);
}

$('title').textContent = `Sandbox customer phone +${waId}`;
$('dial-form').addEventListener('submit', (event) => { event.preventDefault(); dial(); });
$('hang-up').addEventListener('click', () => phone.callId && hangUp(phone.callId));
send('POST', `/sandbox/phones/${waId}/open`).then(render).catch((e) => showError(e.message));
setInterval(refresh, POLL_MS);
