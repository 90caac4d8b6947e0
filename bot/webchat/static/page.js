// The website chat's page: what the person writes goes to /chat/messages, replies come
// live from /chat/events (each confirmed to /chat/seen once shown and kept). The browser
// id and what was said stay in localStorage, so a reload or a return continues the
// conversation. Opened as /chat?lang=en (from an English site), it starts in English.
"use strict";

(() => {
  const data = JSON.parse(document.body.dataset.chat);
  const ID = "beneficiary-chat:id";
  const LOG = "beneficiary-chat:log";
  const KEPT = 200;
  const AGAIN = 5000;
  const root = new URL(".", location.href);
  const base = new URL("chat/", root);
  const asked = new URLSearchParams(location.search).get("lang") || "";
  const log = document.getElementById("log");
  const input = document.getElementById("text");
  const picker = document.getElementById("file");
  const status = document.getElementById("status");
  let lang = "ar";
  let token = localStorage.getItem(ID);
  let said = JSON.parse(localStorage.getItem(LOG) || "[]");
  let sending = Promise.resolve();
  let stream = null;
  let started = said.length > 0;

  const t = (key) => (data.strings[lang] || data.strings.ar)[key];

  function speak(next) {
    lang = next in data.strings ? next : "ar";
    const html = document.documentElement;
    html.lang = lang;
    html.dir = lang === "ar" ? "rtl" : "ltr";
    document.title = document.getElementById("name").textContent = data.name[lang];
    input.placeholder = t("placeholder");
    input.setAttribute("aria-label", t("placeholder"));
    picker.setAttribute("aria-label", t("attach"));
    document.getElementById("attach").title = t("attach");
    document.getElementById("send").textContent = t("send");
  }

  function show(entry) {
    const bubble = document.createElement("div");
    bubble.className = "bubble " + entry.who;
    const words = document.createElement("div");
    words.className = "text";
    words.textContent = entry.text || "";
    bubble.append(words);
    for (const file of entry.files || []) {
      const link = document.createElement("a");
      link.href = new URL(file.url, root);
      link.target = "_blank";
      link.rel = "noopener";
      if (file.kind === "photo") {
        const image = document.createElement("img");
        image.src = link.href;
        image.alt = file.name;
        link.append(image);
      } else {
        link.textContent = "📎 " + file.name;
      }
      bubble.append(link);
    }
    if ((entry.options || []).length) {
      const row = document.createElement("div");
      row.className = "options";
      for (const option of entry.options) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = option.label;
        button.dataset.code = option.code;
        button.disabled = Boolean(entry.answered);
        button.addEventListener("click", () => {
          send({ option: option.code, text: option.label }, option.label);
          button.classList.add("chosen");
        });
        row.append(button);
      }
      bubble.append(row);
    }
    log.append(bubble);
    log.scrollTop = log.scrollHeight;
  }

  function keep() {
    said = said.slice(-KEPT);
    localStorage.setItem(LOG, JSON.stringify(said));
  }

  function answered() {
    for (const entry of said) entry.answered = true;
    for (const button of log.querySelectorAll(".options button")) button.disabled = true;
  }

  function add(entry) {
    if (entry.options && entry.options.length) answered();
    if (entry.who !== "note") {
      said.push(entry);
      keep();
    }
    show(entry);
  }

  function newId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function post(path, fields) {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    return fetch(new URL(path, base), { method: "POST", headers: { "X-Chat-Id": token }, body });
  }

  async function deliver(fields) {
    const message = { message: newId(), ...fields };
    try {
      const answer = await post("messages", message);
      if (answer.status === 403) return begin(true);
      if (!answer.ok) {
        const refusal = await answer.json().catch(() => ({}));
        add({ who: "note", text: refusal.text || t("failed") });
      }
    } catch {
      add({ who: "note", text: t("failed") });
    }
  }

  function send(fields, echo) {
    answered();
    if (echo) add({ who: "me", text: echo });
    sending = sending.then(() => deliver(fields));
    return sending;
  }

  function listen() {
    if (stream) stream.close();
    status.textContent = t("connecting");
    stream = new EventSource(new URL("events?id=" + encodeURIComponent(token), base));
    stream.addEventListener("hello", (message) => {
      speak(JSON.parse(message.data).lang);
      status.textContent = "";
      if (!started) {
        started = true;
        send({ start: "1", language: asked });
      }
    });
    stream.addEventListener("reply", (message) => {
      const reply = JSON.parse(message.data);
      speak(reply.lang);
      const { text, options, files } = reply;
      add({ who: "bot", text, options, files, lang: reply.lang });
      post("seen", { n: message.lastEventId }).catch(() => {});
    });
    stream.addEventListener("error", () => {
      status.textContent = t("offline");
      if (stream.readyState === EventSource.CLOSED) setTimeout(listen, AGAIN);
    });
  }

  async function begin(forget) {
    if (forget) {
      token = null;
      said = [];
      started = false;
      localStorage.removeItem(LOG);
      log.replaceChildren();
    }
    const headers = token ? { "X-Chat-Id": token } : {};
    const answer = await fetch(new URL("visitor", base), { method: "POST", headers });
    if (answer.status === 403) return begin(true);
    token = (await answer.json()).id;
    localStorage.setItem(ID, token);
    listen();
  }

  document.getElementById("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text }, text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      document.getElementById("composer").requestSubmit();
    }
  });
  picker.addEventListener("change", () => {
    for (const file of picker.files) {
      if (file.size > data.limits.file) add({ who: "note", text: t("too_large") });
      else send({ file }, "📎 " + file.name);
    }
    picker.value = "";
  });

  speak(said.length ? said[said.length - 1].lang || "ar" : "ar");
  for (const entry of said) show(entry);
  begin(false).catch(() => {
    status.textContent = t("offline");
    setTimeout(() => begin(false), AGAIN);
  });
})();
