/**
 * The few DOM helpers every part of the lab page uses. Server data only ever reaches the page
 * through textContent (el's props), never as HTML.
 */
export const byId = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** 14:03:07, the same on every learner's machine. */
export const clock = (date) => date.toLocaleTimeString('en-GB', { hour12: false });
