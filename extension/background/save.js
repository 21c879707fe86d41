// Save papers to the library: the server ingests the card data, then saves to Zotero.
// `force` is "Save anyway": write papers whose earlier save was left uncertain.
import { callJson } from "./api.js";

export async function handleSave({ papers, force }) {
  const json = force ? { papers, force: true } : { papers };
  const reply = await callJson("/api/library/items", { method: "POST", json });
  return { items: Array.isArray(reply.items) ? reply.items : [] };
}
