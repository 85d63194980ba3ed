// Pagemill's review page: a client of the public API (/v1) like any other. Document text
// is untrusted, so the DOM is built with textContent and DOM calls; only markdown-it's
// output (html: false, links filtered, then sanitized below) is parsed as HTML.

const KEY = "pagemill.key";
const TERMINAL = new Set(["succeeded", "partially_succeeded", "failed", "cancelled"]);
const LOW = 0.8; // below this confidence a line or block is marked for review
const EAGER_PAGES = 10; // pages loaded at once; later ones when scrolled near
const EXTENSIONS = { markdown: "md", json: "json", text: "txt", doctags: "doctags", html: "html",
  fields: "fields.json", tables: "tables.json", xlsx: "xlsx" };

const $ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (document.querySelector(sel));

/** @typedef {{status: number, title: string, detail: string}} Problem */
class ApiError extends Error {
  /** @param {Problem} p */
  constructor(p) { super(`${p.title}: ${p.detail}`); this.status = p.status; this.title = p.title; this.detail = p.detail; }
}

// --- the key and the API ---------------------------------------------------------------

const getKey = () => sessionStorage.getItem(KEY);

/**
 * Calls the API with the tab's key. Throws ApiError with the problem's title and detail.
 * @param {string} path
 * @param {{method?: string, body?: BodyInit}} [opts]
 * @returns {Promise<Response>}
 */
async function call(path, { method = "GET", body } = {}) {
  const res = await fetch(path, { method, body, headers: { Authorization: `Bearer ${getKey()}` } });
  if (res.ok) return res;
  let p = { status: res.status, title: res.statusText || "Error", detail: `HTTP ${res.status}` };
  try {
    const j = await res.json();
    p = { status: res.status, title: String(j.title ?? p.title), detail: String(j.detail ?? p.detail) };
  } catch { /* not problem JSON */ }
  throw new ApiError(p);
}
const getJson = async (/** @type {string} */ path) => (await call(path)).json();

/** @param {unknown} err */
function showError(err) {
  const box = $("[data-testid=error]");
  box.textContent = err instanceof ApiError ? err.message : String(err instanceof Error ? err.message : err);
  box.hidden = false;
  if (!(err instanceof ApiError)) console.error(err);
}
function clearError() { const box = $("[data-testid=error]"); box.textContent = ""; box.hidden = true; }

// --- DOM helpers -----------------------------------------------------------------------

/**
 * An element: attributes (strings; "class", "data-*" and the like), event handlers under
 * `on`, children as nodes or text (set as text, never parsed).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|number|null|undefined|false)} children
 * @returns {HTMLElement}
 */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "on") for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (value === true) el.setAttribute(name, "");
    else if (value !== false && value != null) el.setAttribute(name, String(value));
  }
  for (const c of children) if (c != null && c !== false) el.append(typeof c === "number" ? String(c) : c);
  return el;
}
const pct = (/** @type {number} */ c) => `${Math.round(c * 100)} %`;
const when = (/** @type {string|null} */ s) => (s ? new Date(s).toLocaleString() : "");
const badge = (/** @type {string} */ status, testid = "") =>
  h("span", { class: `status status-${status}`, "data-testid": testid || null }, status);

// --- Markdown --------------------------------------------------------------------------

// @ts-ignore: markdown-it's UMD build (vendor/) defines the global.
const md = window.markdownit({ html: false, linkify: false, typographer: false });
const SAFE_LINK = /^(https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** http(s), mailto or relative: anything else (javascript:, data:, vbscript:) is no link. */
md.validateLink = (/** @type {string} */ url) => SAFE_LINK.test(url.trim()) || !HAS_SCHEME.test(url.trim());

/**
 * Renders untrusted Markdown into `into`. markdown-it escapes all HTML in the text; the
 * result is parsed inert (DOMParser runs nothing), then links are checked again and images
 * replaced by their alt text (a page's picture is on the left; no request leaves for it).
 * @param {string} source @param {HTMLElement} into
 */
function renderMarkdown(source, into) {
  const doc = new DOMParser().parseFromString(md.render(source), "text/html");
  for (const img of [...doc.body.querySelectorAll("img")]) img.replaceWith(img.getAttribute("alt") || "");
  for (const a of [...doc.body.querySelectorAll("a")]) {
    const href = a.getAttribute("href") || "";
    if (!md.validateLink(href)) a.replaceWith(...a.childNodes);
    else { a.setAttribute("rel", "noopener noreferrer nofollow"); a.setAttribute("target", "_blank"); }
  }
  into.append(...[...doc.body.childNodes].map((n) => document.adoptNode(n)));
}

/** The Markdown of one block, as the markdown output writes it. @param {any} b */
function blockMarkdown(b) {
  const text = String(b.text ?? "");
  switch (b.kind) {
    case "title": return `# ${text}`;
    case "section_header": return `${"#".repeat(Math.min(6, Math.max(2, (b.level ?? 0) + 1)))} ${text}`;
    case "code": return "```\n" + text + "\n```";
    case "list_item":
      if (b.checked != null) return `- ${b.checked ? "☑" : "☐"} ${text}`;
      // "1." and "- " are the item's own enumerator or bullet; anything else gets a bullet.
      return /^(\d{1,9}[.)]|[-*+])(\s|$)/.test(text) ? text : `- ${text.replace(/^•\s/, "")}`;
    default: return text;
  }
}

/** A table from rows of cells, first row the header; cells set as text. @param {string[][]} rows */
function tableOf(rows, headerRows = 1) {
  const head = h("thead"), body = h("tbody");
  rows.forEach((row, i) => {
    const cell = i < headerRows ? "th" : "td";
    (i < headerRows ? head : body).append(h("tr", {}, ...row.map((c) => h(cell, {}, String(c ?? "")))));
  });
  return h("table", { class: "grid" }, head, body);
}

// --- list view -------------------------------------------------------------------------

/** @type {{cursor: string|null}} */
const list = { cursor: null };

async function loadList(append = false) {
  const filter = /** @type {HTMLSelectElement} */ ($("[data-testid=status-filter]")).value;
  const q = new URLSearchParams({ limit: "50" });
  if (filter) q.set("status", filter);
  if (append && list.cursor) q.set("cursor", list.cursor);
  const page = await getJson(`/v1/documents?${q}`);
  const tbody = $("[data-testid=documents] tbody");
  if (!append) tbody.replaceChildren();
  for (const d of page.data) tbody.append(documentRow(d));
  list.cursor = page.next_cursor;
  $("[data-testid=more]").hidden = !page.next_cursor;
  $("#empty").hidden = tbody.children.length > 0;
}

/** @param {any} d a DocumentOut */
function documentRow(d) {
  const open = () => { location.hash = `#/documents/${d.id}`; };
  return h("tr", { "data-testid": "document-row", "data-id": d.id, on: { click: open } },
    h("td", {}, h("a", { href: `#/documents/${d.id}` }, d.filename || d.id)),
    h("td", {}, badge(d.status, "row-status")),
    h("td", { class: "num" }, `${d.pages.done}/${d.pages.failed}/${d.pages.total}`),
    h("td", {}, d.engine),
    h("td", {}, when(d.created_at)));
}

async function upload(/** @type {SubmitEvent} */ ev) {
  ev.preventDefault();
  const form = /** @type {HTMLFormElement} */ (ev.target);
  const file = /** @type {HTMLInputElement} */ ($("[data-testid=upload-file]")).files?.[0];
  if (!file) return;
  const body = new FormData();
  body.set("file", file);
  body.set("engine", /** @type {HTMLSelectElement} */ ($("[data-testid=upload-engine]")).value);
  const formats = /** @type {HTMLInputElement} */ ($("[data-testid=upload-formats]")).value.trim();
  const pages = /** @type {HTMLInputElement} */ ($("[data-testid=upload-pages]")).value.trim();
  if (formats) body.set("output_formats", formats);
  if (pages) body.set("pages", pages);
  const button = /** @type {HTMLButtonElement} */ ($("[data-testid=upload-submit]"));
  button.disabled = true;
  try {
    const doc = await (await call("/v1/documents", { method: "POST", body })).json();
    form.reset();
    location.hash = `#/documents/${doc.id}`;
  } catch (err) { showError(err); } finally { button.disabled = false; }
}

// --- document view ---------------------------------------------------------------------

/**
 * What one open document view holds. `alive` turns false when the view is left, which
 * stops its polling and its pending renders.
 * `wanted` holds the pages to draw once done: the first few, and those scrolled near.
 * @typedef {{id: string, alive: boolean, doc: any, urls: string[], rendered: Map<number, string>,
 *   wanted: Set<number>, pages: Map<number, HTMLElement>, fieldBoxes: Map<number, any[]>, sizes: Map<number, number[]>,
 *   observer: IntersectionObserver|null, finished: boolean}} View
 */
/** @type {View|null} */
let view = null;

function leaveDocument() {
  if (!view) return;
  view.alive = false;
  view.observer?.disconnect();
  for (const url of view.urls) URL.revokeObjectURL(url);
  view = null;
}

/** @param {string} id */
async function openDocument(id) {
  const root = $("#doc-view");
  /** @type {View} */
  const v = view = { id, alive: true, doc: null, urls: [], rendered: new Map(), wanted: new Set(), pages: new Map(),
    fieldBoxes: new Map(), sizes: new Map(), observer: null, finished: false };
  root.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  v.observer = new IntersectionObserver((entries) => {
    for (const e of entries.filter((x) => x.isIntersecting)) {
      const n = Number(/** @type {HTMLElement} */ (e.target).dataset.page);
      v.observer?.unobserve(e.target);
      v.wanted.add(n);
      loadPage(v, n);
    }
  }, { rootMargin: "800px 0px" });
  while (v.alive) {
    try {
      const doc = await getJson(`/v1/documents/${id}`);
      if (!v.alive) return;
      if (!v.doc) buildDocument(v, doc);
      updateDocument(v, doc);
      if (TERMINAL.has(doc.status)) return;
    } catch (err) {
      if (!v.alive) return;
      showError(err);
      if (err instanceof ApiError && err.status < 500 && err.status !== 429) {
        // Not retried (404: no such document for this key): nothing is loading any more.
        if (!v.doc) root.replaceChildren();
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The view's fixed frame, made once per document. @param {View} v @param {any} doc */
function buildDocument(v, doc) {
  v.doc = doc;
  const actions = h("div", { class: "actions" },
    h("button", { type: "button", "data-testid": "cancel", class: "secondary", on: { click: () => cancel(v) } }, "Cancel"),
    h("button", { type: "button", "data-testid": "delete", class: "danger", on: { click: () => { confirmBox.hidden = false; } } }, "Delete"));
  const confirmBox = h("span", { class: "confirm", hidden: true }, "Delete this document and every stored output? ",
    h("button", { type: "button", "data-testid": "delete-confirm", class: "danger", on: { click: () => remove(v) } }, "Delete for good"),
    h("button", { type: "button", class: "secondary", on: { click: () => { confirmBox.hidden = true; } } }, "Keep"));
  actions.append(confirmBox);
  const formats = [...doc.output_formats, ...(doc.output_formats.includes("tables") ? ["xlsx"] : [])];
  const downloads = h("div", { class: "downloads", id: "downloads" }, h("span", { class: "label" }, "Download"),
    ...formats.map((f) => h("button", { type: "button", class: "secondary", "data-testid": "download", "data-format": f, disabled: true,
      on: { click: () => download(`/v1/documents/${v.id}/result?format=${encodeURIComponent(f)}`, `${v.id}.${EXTENSIONS[f] || f}`) } }, f)));
  $("#doc-view").replaceChildren(
    h("div", { class: "doc-head card" },
      h("a", { href: "#/", class: "back" }, "← Documents"),
      h("h1", {}, doc.filename || doc.id),
      h("div", { class: "facts" },
        h("span", { class: `status`, "data-testid": "doc-status" }, doc.status),
        h("span", {}, "pages ", h("span", { "data-testid": "doc-progress" }, "")),
        h("span", {}, `engine ${doc.engine}`), h("span", { class: "muted" }, when(doc.created_at)),
        h("code", { class: "muted" }, doc.id)),
      h("p", { class: "doc-error", id: "doc-error", hidden: true }),
      actions, downloads, h("div", { class: "downloads", id: "csv" })),
    h("section", { class: "card", "data-testid": "fields", id: "fields", hidden: true }),
    h("section", { class: "card", id: "webhook" }, h("h2", {}, "Webhook"),
      h("div", { "data-testid": "deliveries" }, h("p", { class: "muted" }, "no webhook event yet")),
      h("button", { type: "button", class: "secondary", "data-testid": "redeliver", disabled: true, on: { click: () => redeliver(v) } }, "Redeliver")),
    h("div", { class: "pages", id: "pages" }));
}

/** A section per page the document lists (none before its pages are prepared). @param {View} v @param {any} doc */
function addPages(v, doc) {
  for (const p of doc.page_details || []) {
    if (v.pages.has(p.page_no)) continue;
    const section = h("section", { class: "page", "data-testid": "page", "data-page": p.page_no },
      h("h3", {}, `Page ${p.page_no} `, h("span", { class: "page-status" })),
      h("p", { class: "muted placeholder" }, "Waiting for this page…"));
    if (v.pages.size < EAGER_PAGES) v.wanted.add(p.page_no);
    else v.observer?.observe(section);
    v.pages.set(p.page_no, section);
    $("#pages").append(section);
  }
}

/** Status, progress and pages from a fresh GET; the outputs once finished. @param {View} v @param {any} doc */
function updateDocument(v, doc) {
  v.doc = doc;
  const status = $("[data-testid=doc-status]");
  status.textContent = doc.status;
  status.className = `status status-${doc.status}`;
  $("[data-testid=doc-progress]").textContent = `${doc.pages.done}/${doc.pages.failed}/${doc.pages.total}`;
  const terminal = TERMINAL.has(doc.status);
  $("[data-testid=cancel]").hidden = terminal;
  const error = $("#doc-error");
  error.hidden = !doc.error;
  error.textContent = doc.error ? `${doc.error.title ?? doc.error.code ?? "Error"}: ${doc.error.detail ?? doc.error.message ?? ""}` : "";
  addPages(v, doc);
  for (const p of doc.page_details || []) {
    const section = /** @type {HTMLElement} */ (v.pages.get(p.page_no));
    const label = /** @type {HTMLElement} */ (section.querySelector(".page-status"));
    label.replaceChildren(badge(p.status));
    if (p.status === "failed" && p.error) label.append(` ${p.error.code}: ${p.error.message}`);
    if (v.wanted.has(p.page_no)) loadPage(v, p.page_no);
  }
  if (terminal && !v.finished) {
    v.finished = true;
    const outputs = doc.status === "succeeded" || doc.status === "partially_succeeded";
    for (const b of document.querySelectorAll("[data-testid=download]")) /** @type {HTMLButtonElement} */ (b).disabled = !outputs;
    if (outputs && doc.output_formats.includes("fields")) loadFields(v).catch(showError);
    if (outputs && doc.output_formats.includes("tables")) loadTables(v).catch(showError);
    loadDeliveries(v).catch(showError);
  }
}

/**
 * Fetches and draws a page once it is done (or says why not), at most once per status.
 * @param {View} v @param {number} n
 */
async function loadPage(v, n) {
  const p = (v.doc.page_details || []).find((/** @type {any} */ x) => x.page_no === n);
  if (!p || v.rendered.get(n) === p.status || (p.status !== "done" && p.status !== "failed")) return;
  v.rendered.set(n, p.status);
  const section = /** @type {HTMLElement} */ (v.pages.get(n));
  if (p.status === "failed") { section.querySelector(".placeholder")?.replaceChildren("Not converted."); return; }
  try {
    const page = await getJson(`/v1/documents/${v.id}/pages/${n}`);
    if (v.alive) renderPage(v, section, page);
  } catch (err) { if (v.alive) { v.rendered.delete(n); showError(err); } }
}

/** @param {View} v @param {HTMLElement} section @param {any} page a PageResultOut */
function renderPage(v, section, page) {
  const r = page.result || { blocks: [], text: "", timings: {}, warnings: [] };
  const width = r.width || page.width || 1, height = r.height || page.height || 1;
  v.sizes.set(page.page_no, [width, height]);
  const img = /** @type {HTMLImageElement} */ (h("img", { "data-testid": "page-image", alt: `Page ${page.page_no}` }));
  const canvas = h("div", { class: "page-canvas", "data-testid": "page-canvas" }, img);
  const blocks = h("div", { class: "page-blocks", "data-testid": "page-blocks" });
  /** @param {string} i @param {boolean} on */
  const light = (i, on) => section.querySelectorAll(`[data-block="${i}"]`).forEach((el) => el.classList.toggle("active", on));
  (r.blocks || []).forEach((/** @type {any} */ b, /** @type {number} */ i) => {
    const lows = (b.lines || []).filter((/** @type {any} */ l) => l.confidence != null && l.confidence < LOW);
    const low = (b.confidence != null && b.confidence < LOW) || lows.length > 0;
    const cls = low ? " low-confidence" : "";
    const hover = { mouseenter: () => light(String(i), true), mouseleave: () => light(String(i), false),
      focus: () => light(String(i), true), blur: () => light(String(i), false) };
    const box = h("div", { class: `box kind-${b.kind}${cls}`, "data-testid": "box", "data-block": i, title: `${b.kind} ${i + 1}`,
      on: { ...hover, click: () => block.scrollIntoView({ block: "nearest", behavior: "smooth" }) } });
    place(box, b.bbox, width, height);
    canvas.append(box);
    for (const l of lows) canvas.append(place(h("div", { class: "line-box low-confidence", title: `${pct(l.confidence)}: ${l.text}` }), l.bbox, width, height));
    const content = h("div", { class: "content", dir: b.rtl ? "rtl" : null });
    if (b.kind === "table" && Array.isArray(b.rows) && b.rows.length) content.append(h("div", { class: "table-wrap" }, tableOf(b.rows)));
    else renderMarkdown(blockMarkdown(b), content);
    const block = h("div", { class: `block kind-${b.kind}${cls}`, "data-testid": "block", "data-block": i, tabindex: 0, on: hover },
      h("div", { class: "block-head" }, h("span", { class: "kind" }, b.kind.replace("_", " ")),
        b.confidence != null ? h("span", { class: "conf" }, pct(b.confidence)) : null),
      content,
      lows.length ? h("ul", { class: "low-lines" }, ...lows.map((/** @type {any} */ l) =>
        h("li", {}, h("span", { class: "conf" }, pct(l.confidence)), " ", l.text))) : null);
    blocks.append(block);
  });
  if (!(r.blocks || []).length) blocks.append(h("p", { class: "muted" }, "No text was found on this page."));
  const raw = h("pre", { class: "page-text", "data-testid": "page-text", hidden: true }, r.text || "");
  const toggle = h("button", { type: "button", class: "secondary small", "data-testid": "raw-toggle", "aria-expanded": "false",
    on: { click: () => { raw.hidden = !raw.hidden; toggle.setAttribute("aria-expanded", String(!raw.hidden)); toggle.textContent = raw.hidden ? "Show raw text" : "Hide raw text"; } } },
  "Show raw text");
  section.replaceChildren(section.firstElementChild || "",
    h("div", { class: "panes" }, canvas, h("div", { class: "reading" }, pageMeta(page, r), toggle, raw, blocks)));
  for (const f of v.fieldBoxes.get(page.page_no) || []) canvas.append(fieldBox(f, width, height));
  loadImage(v, img, page.page_no, canvas);
}

/** Engine, fallbacks, warnings and timings of a page, as text. @param {any} page @param {any} r */
function pageMeta(page, r) {
  const items = [h("span", {}, "engine ", h("b", {}, r.engine || page.engine || "?"))];
  if (r.fallback_from) items.push(h("span", { class: "warn" }, `fallback from ${r.fallback_from}`));
  if (r.escalated_from) items.push(h("span", { class: "warn" }, `escalated from ${r.escalated_from}${r.escalation_reason ? ` (${r.escalation_reason})` : ""}`));
  const timings = Object.entries(r.timings || page.timings || {}).map(([k, s]) =>
    (k.endsWith("_s") ? `${k.slice(0, -2)} ${Math.round(Number(s) * 1000)} ms` : `${k} ${s}`));
  if (timings.length) items.push(h("span", { class: "muted" }, `timings: ${timings.join(", ")}`));
  for (const w of r.warnings || []) items.push(h("span", { class: "warn" }, `warning: ${w}`));
  return h("div", { class: "page-meta", "data-testid": "page-meta" }, ...items);
}

/** Positions an overlay in percent of the page, so it follows the image's size. */
function place(/** @type {HTMLElement} */ el, /** @type {number[]} */ bbox, /** @type {number} */ w, /** @type {number} */ hgt) {
  const [l, t, r, b] = bbox.map(Number);
  Object.assign(el.style, { left: `${(l / w) * 100}%`, top: `${(t / hgt) * 100}%`,
    width: `${((r - l) / w) * 100}%`, height: `${((b - t) / hgt) * 100}%` });
  return el;
}

/** The page image, fetched with the key (an <img src> could not send it). */
async function loadImage(/** @type {View} */ v, /** @type {HTMLImageElement} */ img, /** @type {number} */ n, /** @type {HTMLElement} */ canvas) {
  const px = Math.min(2400, Math.max(600, Math.ceil((canvas.clientWidth || 700) * devicePixelRatio / 200) * 200));
  try {
    const blob = await (await call(`/v1/documents/${v.id}/pages/${n}/image?width=${px}`)).blob();
    if (!v.alive) return;
    const url = URL.createObjectURL(blob);
    v.urls.push(url);
    img.src = url;
  } catch (err) { if (v.alive) { canvas.classList.add("no-image"); showError(err); } }
}

// --- outputs, fields, webhooks, actions ------------------------------------------------

/** @param {string} path @param {string} fallbackName */
async function download(path, fallbackName) {
  try {
    const res = await call(path);
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: fileName(res.headers.get("content-disposition")) || fallbackName, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) { showError(err); }
}

/** The name in a Content-Disposition header: filename* (RFC 8187) first. @param {string|null} cd */
function fileName(cd) {
  const star = cd?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* malformed */ } }
  return cd?.match(/filename="([^"]+)"/i)?.[1] || "";
}

/** @param {View} v */
async function loadTables(v) {
  const { tables } = await getJson(`/v1/documents/${v.id}/result?format=tables`);
  if (!v.alive || !tables.length) return;
  $("#csv").replaceChildren(h("span", { class: "label" }, "Tables (CSV)"), ...tables.map((/** @type {any} */ t) =>
    h("button", { type: "button", class: "secondary", "data-testid": "download-csv", "data-table": t.index,
      on: { click: () => download(`/v1/documents/${v.id}/tables/${t.index}.csv`, `${v.id}-table-${t.index}.csv`) } },
    `Table ${t.index} · p. ${t.page} · ${t.n_rows}×${t.n_cols}`)));
}

/** A value's normalized form as short text. @param {any} value */
function shown(value) {
  if (value == null) return "";
  if (typeof value !== "object") return String(value);
  if ("amount" in value) return `${value.amount}${value.currency ? ` ${value.currency}` : ""}`;
  return JSON.stringify(value);
}

/** @param {View} v */
async function loadFields(v) {
  const out = await getJson(`/v1/documents/${v.id}/result?format=fields`);
  if (!v.alive) return;
  /** @type {[string, any][]} */
  const typed = [];
  for (const group of [out.record, out.contract]) {
    for (const [name, f] of Object.entries(group || {})) if (f && typeof f === "object" && "raw" in f) typed.push([name, f]);
  }
  const seller = out.record?.seller;
  if (seller) typed.push(["seller", { raw: seller.name, value: seller.address, page: seller.page, box: seller.name_box, confidence: seller.confidence }]);
  const rows = typed.map(([name, f]) => {
    const row = h("tr", { "data-testid": "field", "data-name": name, class: f.confidence < LOW ? "low-confidence" : null },
      h("th", {}, name.replaceAll("_", " ")), h("td", {}, String(f.raw ?? "")), h("td", {}, shown(f.value)),
      h("td", { class: "num" }, f.page ?? ""), h("td", { class: "num" }, f.confidence != null ? pct(f.confidence) : ""));
    if (f.box && f.page) {
      const entry = { name, box: f.box, row };
      v.fieldBoxes.set(f.page, [...(v.fieldBoxes.get(f.page) || []), entry]);
      const size = v.sizes.get(f.page);
      const canvas = v.pages.get(f.page)?.querySelector("[data-testid=page-canvas]");
      if (size && canvas) canvas.append(fieldBox(entry, size[0], size[1]));
      row.tabIndex = 0;
      for (const [ev, on] of [["mouseenter", true], ["mouseleave", false], ["focus", true], ["blur", false]]) {
        row.addEventListener(String(ev), () => document.querySelectorAll(`[data-testid=field-box][data-name="${CSS.escape(name)}"]`)
          .forEach((el) => el.classList.toggle("active", Boolean(on))));
      }
    }
    return row;
  });
  const checks = (out.checks || []).map((/** @type {any} */ c) =>
    h("li", { "data-testid": "check", "data-status": c.status, class: `check ${c.status === "failed" ? "failed" : c.status}` },
      h("b", {}, c.name.replaceAll("_", " ")), ` ${c.status.replace("_", " ")}`, c.detail ? h("span", { class: "muted" }, ` · ${c.detail}`) : null));
  const items = out.record?.line_items || [];
  const cols = [...new Set(items.flatMap((/** @type {any} */ it) => Object.keys(it)))];
  const section = $("#fields");
  section.replaceChildren(h("h2", {}, "Fields ", h("span", { class: "muted" }, out.document_kind || "")),
    rows.length ? h("table", { class: "grid fields" }, h("thead", {}, h("tr", {}, ...["Field", "As printed", "Value", "Page", "Confidence"].map((t) => h("th", {}, t)))), h("tbody", {}, ...rows))
      : h("p", { class: "muted" }, "No typed values."),
    items.length ? h("details", {}, h("summary", {}, `Line items (${items.length})`),
      h("div", { class: "table-wrap" }, tableOf([cols, ...items.map((/** @type {any} */ it) => cols.map((c) => shown(it[c])))]))) : null,
    h("h3", {}, "Checks"), checks.length ? h("ul", { class: "checks" }, ...checks) : h("p", { class: "muted" }, "No checks apply."),
    (out.pairs || []).length ? h("details", {}, h("summary", {}, `Printed label/value pairs (${out.pairs.length})`),
      h("div", { class: "table-wrap" }, tableOf([["Label", "Value", "Page"], ...out.pairs.map((/** @type {any} */ p) => [p.key, p.value, String(p.page)])]))) : null);
  section.hidden = false;
}

/** @param {{name: string, box: number[]}} f @param {number} w @param {number} hgt */
const fieldBox = (f, w, hgt) => place(h("div", { class: "field-box", "data-testid": "field-box", "data-name": f.name, title: f.name }), f.box, w, hgt);

/** @param {View} v */
async function loadDeliveries(v) {
  const box = $("[data-testid=deliveries]");
  const button = /** @type {HTMLButtonElement} */ ($("[data-testid=redeliver]"));
  let out;
  try { out = await getJson(`/v1/documents/${v.id}/webhook-deliveries`); } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    out = { event: null, data: [] };
  }
  if (!v.alive) return;
  button.disabled = !out.event;
  if (!out.event) { box.replaceChildren(h("p", { class: "muted" }, "no webhook event")); return; }
  const e = out.event;
  box.replaceChildren(
    h("p", {}, h("b", {}, e.type), " ", badge(e.status), ` · ${e.attempts} attempt${e.attempts === 1 ? "" : "s"}`,
      e.delivered_at ? ` · delivered ${when(e.delivered_at)}` : "", e.next_attempt_at ? ` · next ${when(e.next_attempt_at)}` : "",
      e.last_error ? h("span", { class: "warn" }, ` · ${e.last_error}`) : null),
    out.data.length ? h("div", { class: "table-wrap" }, tableOf([["Attempt", "Round", "URL", "HTTP", "Outcome", "ms", "Error", "At"],
      ...out.data.map((/** @type {any} */ d) => [d.attempt, d.round, d.url, d.status_code ?? "", d.outcome ?? "", d.latency_ms ?? "", d.error ?? "", when(d.created_at)].map(String))]))
      : h("p", { class: "muted" }, "No delivery attempt yet."));
}

/** @param {View} v */
async function redeliver(v) {
  try { await call(`/v1/documents/${v.id}/webhook-deliveries/redeliver`, { method: "POST" }); await loadDeliveries(v); } catch (err) { showError(err); }
}

/** @param {View} v */
async function cancel(v) {
  try { updateDocument(v, await (await call(`/v1/documents/${v.id}/cancel`, { method: "POST" })).json()); } catch (err) { showError(err); }
}

/** @param {View} v */
async function remove(v) {
  try { await call(`/v1/documents/${v.id}`, { method: "DELETE" }); location.hash = "#/"; } catch (err) { showError(err); }
}

// --- routing and the key ---------------------------------------------------------------

function route() {
  clearError();
  leaveDocument();
  const key = getKey();
  $("[data-testid=key-forget]").hidden = !key;
  /** @type {HTMLInputElement} */ ($("[data-testid=key-input]")).placeholder = key ? "Use another API key" : "Paste an API key (pm_…)";
  const m = location.hash.match(/^#\/documents\/([0-9a-fA-F-]{36})$/);
  $("#list-view").hidden = Boolean(m && key);
  $("#doc-view").hidden = !(m && key);
  $("#no-key").hidden = Boolean(key);
  $("#list-body").hidden = !key;
  if (!key) return;
  if (m) openDocument(m[1]);
  else loadList().catch(showError);
}

function saveKey(/** @type {SubmitEvent} */ ev) {
  ev.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($("[data-testid=key-input]"));
  if (!input.value.trim()) return;
  sessionStorage.setItem(KEY, input.value.trim());
  input.value = "";
  route();
}

function forgetKey() {
  sessionStorage.removeItem(KEY);
  $("[data-testid=documents] tbody").replaceChildren();
  location.hash = "#/";
  route();
}

$("#key-form").addEventListener("submit", saveKey);
$("[data-testid=key-forget]").addEventListener("click", forgetKey);
$("#upload-form").addEventListener("submit", upload);
$("[data-testid=status-filter]").addEventListener("change", () => loadList().catch(showError));
$("#refresh").addEventListener("click", () => { clearError(); loadList().catch(showError); });
$("[data-testid=more]").addEventListener("click", () => loadList(true).catch(showError));
window.addEventListener("hashchange", route);
route();
