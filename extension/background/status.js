// Which of the page's papers are already in the library.
import { statusPath } from "../lib/urls.js";
import { callJson } from "./api.js";

export async function handleStatus({ ids }) {
  const reply = await callJson(statusPath(ids));
  return { items: Array.isArray(reply.items) ? reply.items : [] };
}
