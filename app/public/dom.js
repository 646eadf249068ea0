/**
 * The few DOM helpers every part of the lab page uses. Server data only ever reaches the page
 * through textContent (el's props), never as HTML.
 */
/**
 * The element with this id. index.html has every id the modules ask for, so it is not null here.
 * @param {string} id
 */
export const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * A new element with these properties and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<HTMLElementTagNameMap[K]>} [props]
 * @param {(Node | string)[]} children
 */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * 14:03:07, the same on every learner's machine.
 * @param {Date} date
 */
export const clock = (date) => date.toLocaleTimeString('en-GB', { hour12: false });
