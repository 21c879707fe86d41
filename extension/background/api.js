// Every call to the papershelf server goes through here: one place adds the token and turns
// a failure into a sentence the user understands (lib/failures.js).
import { failureMessage } from "../lib/failures.js";
import { getSettings } from "./settings.js";

export class ServerError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "ServerError";
    this.status = status;
  }
}

// `path` is relative to the server URL ("/api/papers"). Returns the Response when 2xx.
export async function call(path, { method = "GET", json, accept = "application/json" } = {}) {
  const { serverUrl, token } = await getSettings();
  const headers = { Accept: accept };
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, cache: "no-store", credentials: "omit" };
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(`${serverUrl}${path}`, init);
  } catch {
    throw new ServerError(failureMessage(0), 0);
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ServerError(failureMessage(response.status, body), response.status);
  }
  return response;
}

export async function callJson(path, options) {
  const response = await call(path, options);
  try {
    return await response.json();
  } catch {
    throw new ServerError("papershelf sent a reply that is not JSON", response.status);
  }
}

export async function serverUrl() {
  return (await getSettings()).serverUrl;
}
