// Save papers to the library: the server ingests the card data, then saves to Zotero.
import { callJson } from "./api.js";

export async function handleSave({ papers }) {
  const reply = await callJson("/api/library/items", { method: "POST", json: { papers } });
  return { items: Array.isArray(reply.items) ? reply.items : [] };
}
