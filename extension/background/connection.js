// "Test connection" on the options page: is the server up, and does it accept our token?
import { callJson } from "./api.js";

export async function handleTestConnection() {
  const health = await callJson("/api/health");
  const target = await callJson("/api/library/target"); // needs the token
  return { version: health.version, papers: health.papers, target };
}
