// The playground's page shell: the canvas on the left, the plugin window on the right, a toolbar above.
// Everything else is drawn by app.js (src/playground/page/main.ts).
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Keyframe playground</title>
<link rel="icon" href="data:,">
<style>
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; font: 12px/1.4 Inter, system-ui, sans-serif; color: #1e1e1e; }
  body { display: flex; flex-direction: column; background: #f5f5f5; }
  header { display: flex; align-items: center; gap: 8px; padding: 8px 12px; background: #2c2c2c; color: #fff; }
  header h1 { font-size: 13px; margin: 0 12px 0 0; font-weight: 600; }
  header button { font: inherit; padding: 4px 10px; border-radius: 5px; border: 1px solid #555; background: #3a3a3a; color: #fff; cursor: pointer; }
  header button:disabled { opacity: 0.4; cursor: default; }
  header .hint { color: #aaa; margin-left: auto; }
  main { flex: 1; display: flex; min-height: 0; }
  #canvas { position: relative; flex: 1; overflow: hidden; background: #e5e5e5; }
  #canvas svg { position: absolute; left: 0; top: 0; }
  #toasts { position: absolute; left: 50%; bottom: 16px; transform: translateX(-50%); display: flex; flex-direction: column; gap: 6px; align-items: center; pointer-events: none; }
  .toast { background: #2c2c2c; color: #fff; padding: 8px 14px; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
  .toast.error { background: #dc3412; }
  #plugin { display: flex; flex-direction: column; margin: 12px; align-self: flex-start; background: #fff; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); overflow: hidden; }
  #plugin[hidden] { display: none; }
  #plugin .titlebar { display: flex; align-items: center; justify-content: space-between; height: 40px; padding: 0 8px 0 14px; border-bottom: 1px solid #e6e6e6; font-weight: 600; }
  #plugin .titlebar button { border: 0; background: none; font-size: 16px; cursor: pointer; width: 28px; height: 28px; border-radius: 4px; }
  #plugin .titlebar button:hover { background: #f0f0f0; }
  #plugin iframe { border: 0; display: block; }
  #plugin[data-theme="dark"] { background: #2c2c2c; color: #fff; }
  #plugin[data-theme="dark"] .titlebar { border-bottom-color: #444; }
  #plugin[data-theme="dark"] .titlebar button { color: #fff; }
  #plugin[data-theme="dark"] .titlebar button:hover { background: #383838; }
  header button[aria-pressed="true"] { background: #0c8ce9; border-color: #0c8ce9; }
</style>
</head>
<body>
<header>
  <h1>Keyframe playground</h1>
  <button id="open-plugin" type="button">Open plugin</button>
  <button id="close-plugin" type="button">Close plugin</button>
  <button id="reset-document" type="button">Starter document</button>
  <button id="theme" type="button" aria-pressed="false" title="Figma's dark theme in the plugin window (also ?theme=dark)">Dark theme</button>
  <span class="hint">Click to select, Shift-click to add. Offline proxy: images are placeholders.</span>
</header>
<main>
  <div id="canvas" aria-label="Canvas"><div id="toasts" role="log" aria-label="Notifications"></div></div>
  <aside id="plugin" hidden aria-label="Plugin window">
    <div class="titlebar"><span id="plugin-title">Plugin</span><button id="plugin-x" type="button" aria-label="Close plugin window">×</button></div>
  </aside>
</main>
<script src="/playground/app.js"></script>
</body>
</html>
`
