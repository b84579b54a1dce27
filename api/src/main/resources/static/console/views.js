// What the console shows. Pure rendering: these functions take data and callbacks, and touch only
// the page; the rules of a call live in app.js.

const $ = (id) => document.getElementById(id);

export const el = $;

export function showError(message) {
  const box = $('error');
  box.textContent = message || '';
  box.hidden = !message;
}

export function showSignIn(devAgents, onDevSignIn) {
  $('sign-in').hidden = false;
  $('desk').hidden = true;
  $('who').hidden = true;
  const dev = $('dev-form');
  dev.hidden = !devAgents || devAgents.length === 0;
  if (!dev.hidden) {
    const select = $('dev-agent');
    select.replaceChildren(...devAgents.map((a) => option(a.agentId, `${a.name || a.agentId} (${a.agentId})`)));
    dev.onsubmit = (event) => { event.preventDefault(); onDevSignIn(select.value); };
  }
  $('token').focus();
}

export function showDesk(agent) {
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  $('who').hidden = false;
  $('agent-name').textContent = `${agent.name || agent.agentId} (${agent.agentId})`;
  $('presence').value = agent.available ? 'available' : 'away';
}

export function showStreamState(state) {
  $('stream-state').textContent = { open: 'Live', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' }[state] || state;
}

/** The calls ringing for the agent, each with Answer and Decline. */
export function renderRinging(calls, { onAnswer, onDecline, busy }) {
  const list = $('ringing-list');
  list.replaceChildren(...calls.map((call) => {
    const item = document.createElement('li');
    item.dataset.callId = call.callId;
    const label = document.createElement('span');
    label.className = 'ringing-from';
    label.textContent = `+${call.from} calling ${call.phoneNumberId}`;
    const answer = button('Answer', 'primary', () => onAnswer(call.callId));
    answer.className = 'primary answer';
    answer.setAttribute('aria-label', `Answer the call from +${call.from}`);
    answer.disabled = busy;
    const decline = button('Decline', '', () => onDecline(call.callId));
    decline.className = 'decline';
    decline.setAttribute('aria-label', `Decline the call from +${call.from}`);
    item.append(label, answer, decline);
    return item;
  }));
  $('ringing-empty').hidden = calls.length > 0;
}

export function showActive(call) {
  $('active').hidden = !call;
  if (!call) return;
  $('active-customer').textContent = `+${call.customer}`;
  $('active-number').textContent = call.phoneNumberId;
  $('mute').setAttribute('aria-pressed', 'false');
  $('mute').textContent = 'Mute';
}

export function showActiveState(text) {
  $('active-state').textContent = text;
}

export function showPermission(target, permission) {
  $(target).textContent = permissionText(permission);
}

export function permissionText(p) {
  if (!p) return '-';
  const parts = [p.status];
  if (p.callable) parts.push(p.expiresAt ? `callable until ${new Date(p.expiresAt).toLocaleString()}` : 'callable');
  else parts.push('not callable');
  if (p.pendingRequest || p.status === 'PENDING') parts.push('a request is waiting for the customer');
  if (!p.callable) parts.push(p.canRequestNow ? 'a request may be sent now'
    : p.nextRequestAllowedAt ? `next request allowed at ${new Date(p.nextRequestAllowedAt).toLocaleString()}` : '');
  return parts.filter(Boolean).join(' · ');
}

export function showTimer(seconds) {
  $('active-timer').textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function showMuted(muted) {
  $('mute').setAttribute('aria-pressed', String(muted));
  $('mute').textContent = muted ? 'Unmute' : 'Mute';
}

/** The wrap-up form of an ended call, with its business number's tags. */
export function showWrapUp(call, tags, onSave) {
  const section = $('wrap-up');
  section.hidden = !call;
  if (!call) return;
  $('wrap-up-call').textContent = `Call with +${call.customer} (${call.id})`;
  $('disposition-tag').replaceChildren(...tags.map((t) => option(t, t)));
  $('disposition-note').value = '';
  $('disposition-saved').textContent = '';
  $('disposition-form').onsubmit = (event) => {
    event.preventDefault();
    onSave($('disposition-tag').value, $('disposition-note').value);
  };
}

export function showDispositionSaved(text) {
  $('disposition-saved').textContent = text;
}

export function renderNumbers(numbers) {
  $('out-number').replaceChildren(...numbers.map((n) => option(n.phoneNumberId, `${n.displayNumber} (${n.phoneNumberId})`)));
}

/** The agent's recent calls; a missed call offers a callback. */
export function renderHistory(calls, onCallBack) {
  $('history-rows').replaceChildren(...calls.map((c) => {
    const row = document.createElement('tr');
    row.dataset.callId = c.id;
    const cells = [
      c.startedAt ? new Date(c.startedAt).toLocaleString() : '',
      `+${c.customer}`,
      c.direction === 'USER_INITIATED' ? 'in' : 'out',
      c.outcome || c.status,
      c.durationSeconds != null ? `${c.durationSeconds} s` : '',
      c.disposition ? c.disposition.tag : '',
      c.charge ? `${c.charge.amount} ${c.charge.currency || ''}` : '',
    ];
    cells.forEach((text) => { const td = document.createElement('td'); td.textContent = text; row.append(td); });
    const action = document.createElement('td');
    if (c.outcome === 'MISSED' || c.outcome === 'ABANDONED' || c.outcome === 'NOT_ANSWERED') {
      const back = button('Call back', '', () => onCallBack(c));
      back.setAttribute('aria-label', `Call +${c.customer} back`);
      action.append(back);
    }
    row.append(action);
    return row;
  }));
}

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function button(text, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}
