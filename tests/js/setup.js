// Loaded before every unit test file (`node --import ./tests/js/setup.js --test tests/js/`): the
// module hooks of site-loader.js and the few browser globals the portal's modules read when they
// load (no DOM: the tests cover pure logic only). A test sets location and fetch as it needs them.
import { register } from "node:module";

register("./site-loader.js", import.meta.url);

const storage = () => {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
};

// Just enough of the DOM for ui.js's h(): elements with attributes, children and text.
class FakeNode {
  constructor(text = "") {
    this.text = text;
    this.childNodes = [];
  }
  get textContent() {
    return this.text + this.childNodes.map((child) => child.textContent).join("");
  }
}
class FakeElement extends FakeNode {
  constructor(tagName) {
    super();
    this.tagName = tagName.toUpperCase();
    this.attributes = new Map();
  }
  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }
  addEventListener() {}
  append(...children) {
    this.childNodes.push(...children.map((child) => (child instanceof FakeNode ? child : new FakeNode(String(child)))));
  }
}

globalThis.window ??= globalThis;
globalThis.Node ??= FakeNode;
globalThis.document ??= {
  querySelector: () => null,
  querySelectorAll: () => [],
  getElementById: () => null,
  addEventListener: () => {},
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => new FakeNode(text),
};
globalThis.sessionStorage ??= storage();
globalThis.localStorage ??= storage();
globalThis.location ??= new URL("http://kc.test/kundencenter/");
