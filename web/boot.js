// Loads the explainer's WebAssembly, then forbids every further connection: the page's
// Content-Security-Policy gains connect-src 'none', so nothing pasted here can leave the
// browser, whatever the page does next.
import init from './etcdtls-web.js';

await init({ module_or_path: new URL('./etcdtls-web_bg.wasm', import.meta.url) });
const csp = document.createElement('meta');
csp.httpEquiv = 'Content-Security-Policy';
csp.content = "connect-src 'none'";
document.head.appendChild(csp);
document.documentElement.dataset.ready = 'true';
