// The website chat in a corner of the association's own site, with one line there:
//   <script src="(this bot's public address)/chat.js" defer></script>
// A round button opens the chat (this bot's /chat page) in a frame above it; nothing
// else is loaded from anywhere.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.getElementById("beneficiary-chat-button")) return;
  var labels = $labels;
  var lang = (document.documentElement.lang || "ar").slice(0, 2) === "en" ? "en" : "ar";
  var said = labels[lang];
  var side = getComputedStyle(document.documentElement).direction === "rtl" ? "left" : "right";
  var frame = null;

  var button = document.createElement("button");
  button.id = "beneficiary-chat-button";
  button.type = "button";
  button.textContent = "💬";
  button.title = said.open;
  button.setAttribute("aria-label", said.open);
  button.setAttribute("aria-expanded", "false");
  Object.assign(button.style, {
    position: "fixed",
    bottom: "20px",
    width: "56px",
    height: "56px",
    border: "0",
    borderRadius: "50%",
    background: "#17695a",
    color: "#fff",
    fontSize: "26px",
    lineHeight: "56px",
    cursor: "pointer",
    boxShadow: "0 4px 14px rgba(0, 0, 0, 0.25)",
    zIndex: "2147483647"
  });
  button.style[side] = "20px";

  function toggle() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "beneficiary-chat-frame";
      frame.src = new URL(lang === "en" ? "chat?lang=en" : "chat", script.src).href;
      frame.title = said.open;
      Object.assign(frame.style, {
        position: "fixed",
        bottom: "88px",
        width: "min(380px, calc(100vw - 24px))",
        height: "min(600px, calc(100vh - 110px))",
        border: "0",
        borderRadius: "14px",
        background: "#fff",
        boxShadow: "0 8px 30px rgba(0, 0, 0, 0.3)",
        zIndex: "2147483647"
      });
      frame.style[side] = "12px";
      document.body.appendChild(frame);
    }
    var opening = frame.style.display === "none" || button.getAttribute("aria-expanded") === "false";
    frame.style.display = opening ? "block" : "none";
    button.setAttribute("aria-expanded", String(opening));
    button.textContent = opening ? "✕" : "💬";
    button.title = opening ? said.close : said.open;
    button.setAttribute("aria-label", button.title);
  }

  button.addEventListener("click", toggle);
  if (document.body) document.body.appendChild(button);
  else document.addEventListener("DOMContentLoaded", function () {
    document.body.appendChild(button);
  });
})();
