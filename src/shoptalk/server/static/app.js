// ShopTalk's page: talks to the HTTP API of docs/api.md. Plain JavaScript, no build step.
//
// Read top-down: the API client (with retries), the session, a turn, what a turn shows,
// the microphone, push-to-talk, hands-free listening, then the wiring of the controls.

const $ = (id) => document.getElementById(id);

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
const RECONNECT_MAX_MS = 15000;
const HOLD_MS = 350; // a press longer than this is "hold to talk"; shorter toggles
const VAD = {
  pollMs: 50,
  minThreshold: 0.012, // RMS of a quiet room after the browser's noise suppression
  overNoise: 3, // speech is this many times the running noise floor
  bargeInFactor: 2.5, // while the reply plays, the shopper must be this much louder
  bargeInMs: 200,
  trailingSilenceMs: 600,
  minSpeechMs: 250,
  maxUtteranceMs: 15000,
  armedMs: 4000, // how much leading silence a hands-free recording may carry
  armedWhilePlayingMs: 1500,
};

const page = {
  sessionId: null,
  token: new URLSearchParams(location.search).get("token"),
  busy: false,
  turns: 0,
  fromReply: { cart: null, orders: null }, // shown when the summary does not carry them
};

// ---------------------------------------------------------------- API client

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function authHeaders() {
  return page.token ? { Authorization: `Bearer ${page.token}` } : {};
}

async function errorOf(response) {
  const payload = await response.json().catch(() => null);
  const error = payload && payload.error;
  if (error && error.message) return new ApiError(response.status, error.code, error.message);
  return new ApiError(response.status, "http_" + response.status, `The server answered ${response.status}.`);
}

/** One request; throws TypeError when the server cannot be reached, ApiError on a 4xx/5xx. */
async function request(method, path, body) {
  const init = { method, headers: authHeaders() };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorOf(response);
  return response.status === 204 ? null : response.json();
}

function isTransient(error) {
  return error instanceof TypeError || (error instanceof ApiError && [502, 503, 504].includes(error.status));
}

/** A request retried with backoff while the connection is down; the banner says so. */
async function api(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await request(method, path, body);
      connectionBack();
      return result;
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= RETRY_DELAYS_MS.length) {
        connectionLost(null);
        watchForReconnect();
        throw error;
      }
      connectionLost(RETRY_DELAYS_MS[attempt]);
      await sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
}

// ---------------------------------------------------------------- connection banner

let connectionDown = false;
let reconnectWatch = null;

function showBanner(text, { retry = false, ok = false } = {}) {
  $("banner-text").textContent = text;
  $("banner-retry").hidden = !retry;
  $("banner").classList.toggle("ok", ok);
  $("banner").hidden = false;
}

function connectionLost(retryInMs) {
  connectionDown = true;
  document.body.dataset.connection = "down";
  if (retryInMs === null) {
    showBanner("The store cannot be reached. Reconnecting in the background…", { retry: true });
  } else {
    showBanner(`Connection lost. Retrying in ${Math.round(retryInMs / 1000)} s…`);
  }
}

function connectionBack() {
  if (!connectionDown) return;
  connectionDown = false;
  document.body.dataset.connection = "up";
  showBanner("Reconnected.", { ok: true });
  setTimeout(() => { if (!connectionDown) $("banner").hidden = true; }, 3000);
}

/** After the retries gave up: poll /healthz with growing waits until the server answers. */
function watchForReconnect() {
  if (reconnectWatch) return;
  reconnectWatch = (async () => {
    for (let wait = 2000; connectionDown; wait = Math.min(wait * 2, RECONNECT_MAX_MS)) {
      await sleep(wait);
      try {
        await request("GET", "/healthz");
        if (!page.sessionId) await startSession();
        connectionBack();
      } catch (_error) { /* still down */ }
    }
    reconnectWatch = null;
  })();
}

window.addEventListener("offline", () => connectionLost(null));
window.addEventListener("online", () => watchForReconnect());

// ---------------------------------------------------------------- messages

function notify(text, kind = "error") {
  const notice = $("notice");
  notice.textContent = text;
  notice.className = kind === "info" ? "notice info" : "notice";
  notice.hidden = false;
}

function clearNotice() {
  $("notice").hidden = true;
}

function setMicStatus(text) {
  $("mic-status").textContent = text;
}

function showApiError(error) {
  if (error instanceof ApiError) notify(error.message);
  else if (isTransient(error)) notify("Not sent: the store cannot be reached. Try again once it is back.");
  else notify(`Something went wrong: ${error.message}`);
}

// ---------------------------------------------------------------- session

async function createSession() {
  try {
    return await api("POST", "/v1/sessions");
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "bad_token" || !page.token) throw error;
    notify(`${error.message} Continuing without signing in: say who you are instead.`);
    page.token = null;
    return api("POST", "/v1/sessions");
  }
}

async function startSession() {
  const created = await createSession();
  page.sessionId = created.session_id;
  document.body.dataset.session = created.session_id;
  document.body.dataset.state = "ready";
  renderShopper(created.shopper);
  return created;
}

/** Keeps trying until a session exists: the page is useless without one. */
async function connect() {
  for (let wait = 2000; ; wait = Math.min(wait * 2, RECONNECT_MAX_MS)) {
    try {
      await startSession();
      $("reply").textContent = "Hi! Ask me about products, your cart or your orders.";
      await refreshSummary();
      return;
    } catch (error) {
      if (!isTransient(error)) {
        showApiError(error);
        return;
      }
      showBanner(`The store cannot be reached. Trying again in ${Math.round(wait / 1000)} s…`, { retry: true });
      await sleep(wait);
    }
  }
}

/** Runs `call` in the current session; if the server forgot the session, starts a new one. */
async function inSession(call) {
  try {
    return await call(page.sessionId);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "session_not_found") throw error;
    await startSession();
    notify("Your session had ended, so a new one was started: the conversation starts over.", "info");
    return call(page.sessionId);
  }
}

async function refreshSummary() {
  const summary = await inSession((id) => api("GET", `/v1/sessions/${id}`));
  renderSummary(summary);
}

async function endSession() {
  if (!page.sessionId) return;
  const id = page.sessionId;
  page.sessionId = null;
  await request("DELETE", `/v1/sessions/${id}`).catch(() => null);
}

// ---------------------------------------------------------------- a turn

function setBusy(busy) {
  page.busy = busy;
  document.body.dataset.busy = String(busy);
  $("send").disabled = busy;
  for (const id of ["confirm-yes", "confirm-no"]) $(id).disabled = busy;
  if (busy) setMicStatus("Thinking…");
  else if (!handsFree.on) setMicStatus("");
}

/** Sends one turn (JSON for text, FormData for a recording) and shows the answer. */
async function takeTurn(body) {
  if (page.busy) return false;
  if (!page.sessionId) {
    notify("Still connecting to the store: try again in a moment.", "info");
    return false;
  }
  setBusy(true);
  clearNotice();
  try {
    const result = await inSession((id) => api("POST", `/v1/sessions/${id}/turns`, body));
    showTurn(result);
    await refreshSummary().catch(showApiError);
    return true;
  } catch (error) {
    showApiError(error);
    return false;
  } finally {
    setBusy(false);
    if (handsFree.on) setMicStatus("Listening — just start speaking.");
  }
}

function sayText(text) {
  return takeTurn({ text, speak: true });
}

function sendRecording(blob) {
  const form = new FormData();
  form.append("audio", blob, `speech.${extensionOf(blob.type)}`);
  form.append("speak", "true");
  return takeTurn(form);
}

function extensionOf(mimeType) {
  if (mimeType.includes("ogg")) return "ogg";
  if (mimeType.includes("mp4")) return "m4a";
  return "webm";
}

// ---------------------------------------------------------------- what a turn shows

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const price = (value) => (typeof value === "number" ? money.format(value) : "");

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function optionsText(options) {
  return Object.entries(options || {}).map(([name, value]) => `${name}: ${value}`).join(", ");
}

function showTurn(result) {
  const data = result.reply.data || {};
  $("transcript").textContent = result.transcript || "—";
  $("reply").textContent = result.reply.text;
  addLogLine("shopper", result.transcript);
  addLogLine("assistant", result.reply.text);
  if (data.products) renderProducts(data.products);
  renderChoices(data.choices || []);
  renderConfirmation(data.confirmation || null);
  if (data.cart) page.fromReply.cart = data.cart;
  if (data.orders) page.fromReply.orders = data.orders;
  if (result.reply_audio) playReply(result.reply_audio);
  page.turns += 1;
  document.body.dataset.turns = String(page.turns);
}

function addLogLine(who, text) {
  if (!text) return;
  const line = element("li", `${who}-line`);
  line.append(element("span", "who", who === "shopper" ? "You:" : "ShopTalk:"), text);
  $("log").append(line);
  line.scrollIntoView({ block: "nearest" });
}

function productCard(product) {
  const card = element("li", "card");
  card.dataset.testid = "product-card";
  card.dataset.productId = product.product_id;
  if (product.image_url) card.append(productImage(product));
  card.append(element("h3", "name", product.name));
  const options = optionsText(product.options);
  if (options) card.append(element("p", "options", options));
  card.append(element("span", "price", price(product.price)));
  const available = product.available !== false; // the API leaves out the default, true
  card.append(element("span", `availability ${available ? "in" : "out"}`, available ? "In stock" : "Out of stock"));
  return card;
}

// The store's own image of the product (the variant's when it has one): loaded only when
// scrolled into view, in a square box reserved before it arrives, gone if it fails to load.
function productImage(product) {
  const image = element("img", "image");
  image.src = product.image_url;
  image.alt = product.name;
  image.loading = "lazy";
  image.decoding = "async";
  image.dataset.testid = "product-image";
  image.addEventListener("error", () => image.remove(), { once: true });
  return image;
}

function renderProducts(products) {
  $("products").replaceChildren(...products.map(productCard));
  $("products-empty").hidden = products.length > 0;
  if (!products.length) $("products-empty").textContent = "Nothing to show for that.";
}

function renderChoices(choices) {
  const buttons = choices.map((choice) => {
    const button = element("button", null, choice);
    button.type = "button";
    button.addEventListener("click", () => sayText(choice));
    return button;
  });
  $("choices").replaceChildren(...buttons);
  $("choices").hidden = buttons.length === 0;
}

function renderConfirmation(text) {
  $("confirm").hidden = !text;
  const asks = text && text.trim().endsWith("?");
  $("confirm-text").textContent = text ? (asks ? text : `${text} Shall I go ahead?`) : "";
}

function renderShopper(shopper) {
  const known = Boolean(shopper);
  $("shopper").textContent = known ? `Signed in as ${shopper.name || shopper.user_id}` : "Not signed in";
  $("shopper").classList.toggle("known", known);
}

function renderSummary(summary) {
  renderShopper(summary.shopper);
  renderCart(summary.cart || page.fromReply.cart);
  renderOrders(summary.orders || page.fromReply.orders);
  if ("pending_confirmation" in summary) renderConfirmation(summary.pending_confirmation);
}

function cartLine(item) {
  const line = element("li");
  line.append(element("div", "name", item.name));
  const details = [optionsText(item.options), `${item.quantity || 1} × ${price(item.price)}`];
  if (item.available === false) details.push("out of stock");
  line.append(element("div", "meta", details.filter(Boolean).join(" · ")));
  return line;
}

function renderCart(cart) {
  const box = $("cart");
  if (!cart) return;
  if (!cart.items || !cart.items.length) {
    box.replaceChildren(element("p", "empty", "Your cart is empty."));
    return;
  }
  const list = element("ul", "lines");
  list.append(...cart.items.map(cartLine));
  box.replaceChildren(list, element("p", "total", `Total ${price(cart.total)}`));
}

function orderLine(order) {
  const line = element("li");
  line.dataset.orderId = order.order_id || order.id;
  const head = element("div", "name", `${order.order_id || order.id} `);
  head.append(element("span", "status", order.status));
  const items = (order.items || []).map((item) => (typeof item === "string" ? item : item.name));
  line.append(head, element("div", "meta", `${items.join(", ")} · ${price(order.total)}`));
  return line;
}

function renderOrders(orders) {
  const box = $("orders");
  if (!orders) return;
  if (!orders.length) {
    box.replaceChildren(element("p", "empty", "No orders yet."));
    return;
  }
  const list = element("ul", "lines");
  list.append(...orders.map(orderLine));
  box.replaceChildren(list);
}

// ---------------------------------------------------------------- reply audio

function playReply(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const audio = $("reply-audio");
  if (audio.dataset.url) URL.revokeObjectURL(audio.dataset.url);
  audio.dataset.url = URL.createObjectURL(new Blob([bytes], { type: "audio/wav" }));
  audio.src = audio.dataset.url;
  audio.play().catch(() => setMicStatus("Press play to hear the reply."));
}

function replyIsPlaying() {
  const audio = $("reply-audio");
  return !audio.paused && !audio.ended;
}

function stopReply() {
  if (replyIsPlaying()) $("reply-audio").pause();
}

// ---------------------------------------------------------------- microphone

function micMessage(error) {
  if (error.name === "NotAllowedError" || error.name === "SecurityError") {
    return "Microphone blocked: type instead, or allow the microphone for this page in the browser's settings.";
  }
  if (error.name === "NotFoundError" || error.name === "OverconstrainedError") {
    return "No microphone found: type instead, or connect one and try again.";
  }
  return `Microphone unavailable (${error.message}): type instead.`;
}

async function openMicrophone() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
    const secure = window.isSecureContext ? "" : " (the page must be opened over https or on localhost)";
    throw Object.assign(new Error(`this browser cannot record here${secure}`), { name: "Unavailable" });
  }
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
}

function closeMicrophone(stream) {
  if (stream) for (const track of stream.getTracks()) track.stop();
}

function recordingType() {
  const wanted = "audio/webm;codecs=opus";
  return MediaRecorder.isTypeSupported(wanted) ? wanted : "";
}

/** Starts a MediaRecorder; `done` resolves to the recording once it is stopped. */
function startRecording(stream) {
  const type = recordingType();
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
  const chunks = [];
  recorder.addEventListener("dataavailable", (event) => { if (event.data.size) chunks.push(event.data); });
  const done = new Promise((resolve) => {
    recorder.addEventListener("stop", () => resolve(new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" })));
  });
  recorder.start();
  return { recorder, done, startedAt: performance.now() };
}

function stopRecording(recording) {
  if (recording.recorder.state !== "inactive") recording.recorder.stop();
  return recording.done;
}

// ---------------------------------------------------------------- push-to-talk

const talk = { phase: "idle", stream: null, recording: null, pressedAt: 0, pressStarted: false, stopWanted: false };

function showTalking(on) {
  $("talk").setAttribute("aria-pressed", String(on));
  $("talk-label").textContent = on ? "Listening… release or click to send" : "Hold to talk";
  document.body.dataset.recording = String(on);
  setMicStatus(on ? "Recording…" : "");
}

async function beginTalking() {
  if (talk.phase !== "idle" || page.busy || handsFree.on) return;
  talk.phase = "starting";
  talk.stopWanted = false;
  stopReply();
  clearNotice();
  try {
    talk.stream = await openMicrophone();
  } catch (error) {
    talk.phase = "idle";
    notify(micMessage(error));
    return;
  }
  talk.recording = startRecording(talk.stream);
  talk.phase = "recording";
  showTalking(true);
  if (talk.stopWanted) await finishTalking();
}

async function finishTalking() {
  if (talk.phase === "starting") {
    talk.stopWanted = true;
    return;
  }
  if (talk.phase !== "recording") return;
  talk.phase = "sending";
  showTalking(false);
  const blob = await stopRecording(talk.recording);
  closeMicrophone(talk.stream);
  talk.stream = null;
  talk.phase = "idle";
  if (blob.size === 0) notify("Nothing was recorded: hold the button while you speak.");
  else await sendRecording(blob);
}

/** Pointer down or Space down: start; or, while a clicked recording runs, stop. */
function pressTalk() {
  if (talk.phase === "idle") {
    talk.pressedAt = performance.now();
    talk.pressStarted = true;
    beginTalking();
  } else {
    talk.pressStarted = false;
    finishTalking();
  }
}

/** Pointer up or Space up: a long press was "hold to talk", so it ends the recording. */
function releaseTalk() {
  if (talk.pressStarted && performance.now() - talk.pressedAt >= HOLD_MS) finishTalking();
  talk.pressStarted = false;
}

function isTypingTarget(target) {
  return target instanceof Element && Boolean(target.closest("input, textarea, select, button, a, audio, [contenteditable]"));
}

// ---------------------------------------------------------------- hands-free

const handsFree = {
  on: false, stream: null, context: null, analyser: null, samples: null, timer: null,
  noise: VAD.minThreshold / VAD.overNoise, loudMs: 0,
  armed: null, // a recording already running while we wait, so the first syllable is kept
  recording: null, utteranceAt: 0, speechMs: 0, silenceMs: 0,
};

function inputLevel() {
  handsFree.analyser.getFloatTimeDomainData(handsFree.samples);
  let sum = 0;
  for (const sample of handsFree.samples) sum += sample * sample;
  return Math.sqrt(sum / handsFree.samples.length);
}

function speechThreshold(replyPlaying) {
  const threshold = Math.max(VAD.minThreshold, handsFree.noise * VAD.overNoise);
  return replyPlaying ? threshold * VAD.bargeInFactor : threshold;
}

/** Keeps a fresh recording running while waiting; while the reply plays it is renewed
 * more often, so that a barge-in carries little of the reply's echo. */
function keepArmed(playing) {
  const age = handsFree.armed ? performance.now() - handsFree.armed.startedAt : 0;
  if (handsFree.armed && (page.busy || age > (playing ? VAD.armedWhilePlayingMs : VAD.armedMs))) {
    handsFree.armed.recorder.stop(); // thrown away: silence, or the reply's echo
    handsFree.armed = null;
  }
  if (!handsFree.armed && !page.busy) handsFree.armed = startRecording(handsFree.stream);
}

/** Every 50 ms: waits for speech, records it, and sends it after 0.6 s of silence. */
function listenTick() {
  if (handsFree.recording) return followUtterance(inputLevel());
  const playing = replyIsPlaying();
  keepArmed(playing);
  if (page.busy) return; // waiting for the answer: not listening
  const level = inputLevel();
  if (level <= speechThreshold(playing)) {
    if (!playing) handsFree.noise = 0.95 * handsFree.noise + 0.05 * level;
    handsFree.loudMs = 0;
    return;
  }
  handsFree.loudMs += VAD.pollMs;
  if (playing && handsFree.loudMs < VAD.bargeInMs) return;
  if (playing) stopReply(); // barge-in: the shopper talks over the reply
  beginUtterance();
}

function beginUtterance() {
  handsFree.recording = handsFree.armed || startRecording(handsFree.stream);
  handsFree.armed = null;
  handsFree.utteranceAt = performance.now();
  handsFree.speechMs = 0;
  handsFree.silenceMs = 0;
  document.body.dataset.recording = "true";
  setMicStatus("Hearing you…");
}

function followUtterance(level) {
  const loud = level > speechThreshold(false);
  handsFree.speechMs += loud ? VAD.pollMs : 0;
  handsFree.silenceMs = loud ? 0 : handsFree.silenceMs + VAD.pollMs;
  const long = performance.now() - handsFree.utteranceAt > VAD.maxUtteranceMs;
  if (handsFree.silenceMs >= VAD.trailingSilenceMs || long) endUtterance();
}

async function endUtterance() {
  const recording = handsFree.recording;
  const spoke = handsFree.speechMs >= VAD.minSpeechMs;
  handsFree.recording = null;
  document.body.dataset.recording = "false";
  const blob = await stopRecording(recording);
  if (spoke && blob.size && handsFree.on) await sendRecording(blob);
  else if (handsFree.on) setMicStatus("Listening — just start speaking.");
}

async function startHandsFree() {
  try {
    handsFree.stream = await openMicrophone();
  } catch (error) {
    $("hands-free").checked = false;
    notify(micMessage(error));
    return;
  }
  handsFree.context = new AudioContext();
  handsFree.analyser = handsFree.context.createAnalyser();
  handsFree.analyser.fftSize = 1024;
  handsFree.samples = new Float32Array(handsFree.analyser.fftSize);
  handsFree.context.createMediaStreamSource(handsFree.stream).connect(handsFree.analyser);
  handsFree.on = true;
  handsFree.timer = setInterval(listenTick, VAD.pollMs);
  $("talk").disabled = true;
  setMicStatus("Listening — just start speaking.");
}

function stopHandsFree() {
  handsFree.on = false;
  clearInterval(handsFree.timer);
  for (const running of [handsFree.recording, handsFree.armed]) if (running) stopRecording(running);
  Object.assign(handsFree, { recording: null, armed: null });
  closeMicrophone(handsFree.stream);
  if (handsFree.context) handsFree.context.close();
  Object.assign(handsFree, { stream: null, context: null, analyser: null });
  $("talk").disabled = false;
  document.body.dataset.recording = "false";
  setMicStatus("");
}

// ---------------------------------------------------------------- wiring

function wireTalkButton() {
  const button = $("talk");
  button.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    button.setPointerCapture(event.pointerId);
    pressTalk();
  });
  button.addEventListener("pointerup", releaseTalk);
  button.addEventListener("pointercancel", releaseTalk);
  button.addEventListener("contextmenu", (event) => event.preventDefault());
  // Enter or Space on the focused button arrives as a click without a pointer (detail 0).
  button.addEventListener("click", (event) => {
    if (event.detail !== 0) return;
    if (talk.phase === "idle") beginTalking();
    else finishTalking();
  });
}

function wireSpaceKey() {
  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || isTypingTarget(event.target) || handsFree.on) return;
    event.preventDefault();
    if (!event.repeat) pressTalk();
  });
  document.addEventListener("keyup", (event) => {
    if (event.code !== "Space" || isTypingTarget(event.target) || handsFree.on) return;
    event.preventDefault();
    releaseTalk();
  });
}

function wireTextBox() {
  $("say-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = $("say-text");
    const text = box.value.trim();
    if (!text) {
      notify("Type something first.");
      return;
    }
    stopReply();
    if (await sayText(text)) box.value = ""; // kept when it could not be sent
  });
}

function wireButtons() {
  $("confirm-yes").addEventListener("click", () => sayText("yes"));
  $("confirm-no").addEventListener("click", () => sayText("no"));
  $("hands-free").addEventListener("change", (event) => (event.target.checked ? startHandsFree() : stopHandsFree()));
  $("banner-retry").addEventListener("click", async () => {
    try {
      await request("GET", "/healthz");
      if (!page.sessionId) await startSession();
      connectionDown = true;
      connectionBack();
      await refreshSummary();
    } catch (error) {
      showApiError(error);
    }
  });
  $("new-session").addEventListener("click", async () => {
    await endSession();
    $("log").replaceChildren();
    renderProducts([]);
    $("products-empty").textContent = "Ask for something: “show me running shoes”.";
    page.fromReply = { cart: null, orders: null };
    await connect();
  });
  window.addEventListener("pagehide", () => {
    if (page.sessionId) fetch(`/v1/sessions/${page.sessionId}`, { method: "DELETE", headers: authHeaders(), keepalive: true });
  });
}

async function showStoreName() {
  try {
    const health = await request("GET", "/healthz");
    if (health.store) $("store-name").textContent = `· ${health.store}`;
  } catch (_error) { /* the session request reports the connection */ }
}

wireTalkButton();
wireSpaceKey();
wireTextBox();
wireButtons();
showStoreName();
connect();
