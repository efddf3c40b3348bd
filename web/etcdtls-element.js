// <etcdtls-explain> for documentation sites: write PEM, a kubeconfig, a Secret or an etcd
// manifest inside the element and it shows the explanation, the same cards as the etcdtls page,
// in its own light DOM (the site's CSS styles it). Attributes:
//   compact                      short cards, no status line, no inventory
//   hide="tree findings recipes" leave parts out (also: status, inventory, cards)
//   name="pki/etcd/server.crt"   a file-name hint, as on the command line
// Every element on a page shares one WebAssembly instance, fetched once: this module is loaded
// once per page, whatever the number of elements, and it starts the module once.
import init, { renderExplain } from './etcdtls-web.js';

const wasm = init({ module_or_path: new URL('./etcdtls-web_bg.wasm', import.meta.url) });
const parsed = document.readyState === 'loading'
  ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
  : Promise.resolve();

class EtcdtlsExplain extends HTMLElement {
  static observedAttributes = ['compact', 'hide', 'name'];

  #source = null;
  #view = null;
  #generation = 0;

  // The text explained: the element's original text content, or what a script set.
  get source() {
    return this.#source ?? this.textContent;
  }

  set source(text) {
    this.#source = String(text);
    if (this.isConnected) this.#render();
  }

  async connectedCallback() {
    // The text is complete once the document is parsed (a classic script could define the
    // element before its contents arrive).
    await parsed;
    if (this.#source === null) this.#source = this.textContent;
    this.#render();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#view?.destroy();
    this.#view = null;
  }

  attributeChangedCallback() {
    if (this.#source !== null && this.isConnected) this.#render();
  }

  async #render() {
    const generation = ++this.#generation;
    await wasm;
    // A newer render (or removal) started while the module was loading: it wins.
    if (generation !== this.#generation) return;
    this.#view?.destroy();
    this.replaceChildren();
    // The explanation sets data-ready="true" once shown (the browser's WebCrypto checks its
    // signatures first).
    delete this.dataset.ready;
    this.#view = renderExplain(
      this,
      this.#source,
      this.hasAttribute('compact'),
      this.getAttribute('hide') ?? '',
      this.getAttribute('name') ?? undefined,
    );
  }
}

if (!customElements.get('etcdtls-explain')) {
  customElements.define('etcdtls-explain', EtcdtlsExplain);
}
