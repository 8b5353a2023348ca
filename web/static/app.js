// The Mini App's only script of its own: find Telegram's initData, send it with every
// request (Authorization: tma <initData>), apply the theme, load the first view.
(function () {
  "use strict";
  var hash = new URLSearchParams(location.hash.slice(1));
  var webApp = window.Telegram && window.Telegram.WebApp;
  var initData = (webApp && webApp.initData) || hash.get("tgWebAppData") || "";
  // Links inside the app drop the hash: keep the initData for this tab only.
  if (initData) { sessionStorage.setItem("sinergi.initData", initData); }
  else { initData = sessionStorage.getItem("sinergi.initData") || ""; }

  function applyTheme(params) {
    if (!params) { return; }
    var root = document.documentElement.style;
    Object.keys(params).forEach(function (key) {
      if (/^[a-z_]+$/.test(key) && /^#[0-9a-fA-F]{3,8}$/.test(params[key])) {
        root.setProperty("--tg-theme-" + key.replace(/_/g, "-"), params[key]);
      }
    });
  }
  try { applyTheme(JSON.parse(hash.get("tgWebAppThemeParams") || "null")); } catch (e) { /* no theme */ }
  if (webApp) {
    applyTheme(webApp.themeParams);
    webApp.onEvent("themeChanged", function () { applyTheme(webApp.themeParams); });
    webApp.ready();
  }

  // Telegram's mobile webviews do not download from a link: since Bot API 8.0 the Mini App
  // asks the client to (WebApp.downloadFile), with the same signed, short-lived URL.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[download]");
    if (!link || !webApp || typeof webApp.downloadFile !== "function") { return; }
    event.preventDefault();
    var name = link.dataset.fileName || "download";
    webApp.downloadFile({ url: new URL(link.getAttribute("href"), location.href).href, file_name: name });
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["Authorization"] = "tma " + initData;
  });
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    window.htmx.ajax("GET", main.dataset.start, { target: "#main" });
  });
})();
