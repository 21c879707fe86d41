// Which of the page's papers are already in the library.
import { callJson } from "./api.js";

export async function handleStatus({ ids }) {
  const query = new URLSearchParams({ ids: ids.join(",") });
  const reply = await callJson(`/api/library/status?${query}`);
  return { items: Array.isArray(reply.items) ? reply.items : [] };
}
