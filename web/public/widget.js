/* farol chat widget (docs/CHAT.md). Paste into a web page:
 *   <script src="https://desk.example.com/widget.js" data-farol-chat="fwid_…" async></script>
 * It adds a "Chat" button at the bottom right; the button opens farol's chat page in a frame.
 * Nothing of the host page is read; the conversation lives in the frame (farol's own origin). */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-farol-chat]');
  if (!script) return;
  var key = script.getAttribute('data-farol-chat');
  if (!key) return;
  var origin = new URL(script.src, window.location.href).origin;
  var pt = /^pt/i.test(document.documentElement.lang || navigator.language || '');
  var labels = pt ? { open: 'Converse conosco', close: 'Fechar o chat' } : { open: 'Chat with us', close: 'Close the chat' };

  var frame = null;
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels.open;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('data-farol-chat-button', '');
  button.style.cssText =
    'position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;' +
    'background:#0b57a4;color:#fff;font:600 15px/1.2 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer';

  button.addEventListener('click', function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/widget?key=' + encodeURIComponent(key);
      frame.title = labels.open;
      frame.setAttribute('data-farol-chat-frame', '');
      frame.style.cssText =
        'position:fixed;right:16px;bottom:72px;z-index:2147483000;width:min(380px,calc(100vw - 32px));' +
        'height:min(560px,calc(100vh - 96px));border:1px solid #c9ced6;border-radius:8px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)';
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    var open = !frame.hidden;
    button.textContent = open ? labels.close : labels.open;
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  document.body.appendChild(button);
})();
