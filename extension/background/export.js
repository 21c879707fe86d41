// The page's papers as one .bib download: ingest them (so the server holds every one, even
// cards without an arXiv id), then export exactly those ids in page order. The content
// script turns the text into a file.
import { attachmentFilename, exportPath } from "../lib/urls.js";
import { call, callJson } from "./api.js";

export async function handleExportBib({ papers }) {
  const reply = await callJson("/api/ingest", { method: "POST", json: { items: papers } });
  const ids = (Array.isArray(reply.ids) ? reply.ids : []).filter((id) => typeof id === "string" && id);
  if (ids.length === 0) throw new Error("papershelf stored none of these papers");
  const response = await call(exportPath([...new Set(ids)]), { accept: "application/x-bibtex, text/plain" });
  const filename = attachmentFilename(response.headers.get("Content-Disposition"));
  return { filename, text: await response.text(), count: ids.length };
}
