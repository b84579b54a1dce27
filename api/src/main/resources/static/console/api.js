// The API as the agent calls it: every request carries the agent's token as a bearer token.
// Errors are RFC 9457 problem details; describe() puts their codes into plain words.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status === 401 ? 'UNAUTHORIZED' : `HTTP_${status}`);
    this.retryAt = problem.retryAt || problem.nextAllowedAt || null;
  }
}

export function apiClient(token) {
  async function call(method, path, body) {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    if (!response.ok) throw new ApiError(response.status, data || {});
    return data;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

const at = (iso) => (iso ? new Date(iso).toLocaleString() : 'later');

/** A refusal or failure in words an agent can act on. */
export function describe(error) {
  if (!(error instanceof ApiError)) return error && error.message ? error.message : String(error);
  switch (error.code) {
    case 'UNAUTHORIZED': return 'Your sign-in has expired or is not valid: sign in again.';
    case 'FORBIDDEN': return `Not allowed for your agent: ${error.message}`;
    case 'PERMISSION_REQUIRED': return 'The customer has not allowed calls from this number: ask for permission first.';
    case 'RATE_LIMITED': return `Meta's call limit for this customer is reached: try again at ${at(error.retryAt)}.`;
    case 'REQUEST_THROTTLED': return `A permission request was sent recently: the next is allowed at ${at(error.retryAt)}.`;
    case 'PERMISSION_ALREADY_GRANTED': return 'The customer has already allowed calls: no request is needed.';
    case 'CALLING_NOT_AVAILABLE': return 'This business number may not place calls (its country is not supported).';
    case 'DESTINATION_NOT_CALLABLE': return "The customer's country cannot be called.";
    case 'CLOUD_API_CALL_IN_PROGRESS': return 'The customer is already on a call with this number.';
    case 'NOT_RINGING_FOR_AGENT':
    case 'CALL_NOT_TAKEN': return 'This call is no longer ringing for you: it was taken by someone else or ended.';
    case 'NOT_IN_CALL': return 'You are not on this call any more.';
    case 'DISPOSITION_NOT_OPEN': return 'The wrap-up window of this call has closed.';
    case 'INVALID_DISPOSITION_TAG': return 'That tag is not one of the business number\'s tags.';
    case 'INVALID_PHONE_NUMBER': return 'That is not a valid phone number: use the international form, e.g. +55 21 98765-0001.';
    case 'WORKER_UNAVAILABLE':
    case 'WORKFLOW_ENGINE_UNAVAILABLE': return 'The call service is busy or restarting: try again in a few seconds.';
    case 'CALL_NOT_FOUND': return 'The call has ended.';
    default: return `${error.message} (${error.code})`;
  }
}
