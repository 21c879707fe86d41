// One paper's BibTeX entry, as the server exports it. The paper is ingested first so the
// server holds it even when the user never saved it.
import { paperBibPath } from "../lib/urls.js";
import { call, callJson } from "./api.js";

export async function handleBibtex({ paper }) {
  const reply = await callJson("/api/ingest", { method: "POST", json: { items: [paper] } });
  const id = Array.isArray(reply.ids) ? reply.ids[0] : null;
  if (typeof id !== "string" || !id) {
    const problem = reply.problems && reply.problems[0] && reply.problems[0].message;
    throw new Error(problem || "papershelf could not store this paper");
  }
  const response = await call(paperBibPath(id), { accept: "application/x-bibtex, text/plain" });
  return { id, bibtex: await response.text() };
}
