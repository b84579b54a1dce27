// The agent's event stream (server-sent events) read with fetch, so that the token travels in the
// Authorization header: the browser's EventSource cannot set headers, and a token in the URL would
// be written to access logs. No maintained library for this is published as a WebJar on Maven
// Central, and the console has no Node build, so the text/event-stream rules (WHATWG HTML 9.2) are
// applied here: lines, "event:", "data:", "id:", a blank line ends an event, ":" is a comment.
//
// The stream is state, not a log: every (re)connection starts with "hello", which lists every call
// ringing for the agent now, so nothing ringing is missed while the stream was down.

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * Opens the stream and keeps it open: on a drop it reconnects, waiting longer each time (up to 10 s).
 * onEvent(name, data); onState('open' | 'reconnecting' | 'signed-out').
 */
export function openEvents({ agentId, token, onEvent, onState }) {
  const abort = new AbortController();
  let lastEventId = null;
  let wait = RETRY_MIN_MS;

  async function readOnce() {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const response = await fetch(`/api/v1/agents/${encodeURIComponent(agentId)}/events`,
      { headers, signal: abort.signal, cache: 'no-store' });
    if (response.status === 401 || response.status === 403) return 'signed-out';
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    onState('open');
    wait = RETRY_MIN_MS;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { name: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'ended';
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (event.data.length) {
            let data = event.data.join('\n');
            try { data = JSON.parse(data); } catch { /* not JSON: handed over as text */ }
            onEvent(event.name, data);
          }
          event = { name: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.name = value;
        else if (field === 'data') event.data.push(value);
        else if (field === 'id') lastEventId = value;
      }
    }
  }

  (async () => {
    while (!abort.signal.aborted) {
      let outcome;
      try {
        outcome = await readOnce();
      } catch (e) {
        if (abort.signal.aborted) return;
        outcome = 'dropped';
      }
      if (outcome === 'signed-out') { onState('signed-out'); return; }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, RETRY_MAX_MS);
    }
  })();

  return { close: () => abort.abort() };
}
