/*
 * Runs in the page (page.evaluate of this file's text): what makes the page hard to read or use.
 *   lowContrast  text below WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold)
 *   tooSmall     text under 12 px
 *   unlabelled   form controls and images without an accessible name
 * Disabled controls are exempt from contrast, as in WCAG. Plain JavaScript, because the tests have no
 * DOM types; tsconfig.browser.json type-checks it with the page's modules.
 */
(() => {
  const MIN_FONT_PX = 12;
  /** @typedef {{ r: number, g: number, b: number, a: number }} Rgba */
  /** @type {(css: string) => Rgba} */
  const rgba = (css) => {
    // A computed colour is always rgb() or rgba(): it has numbers.
    const [r, g, b, a = 1] = /** @type {RegExpMatchArray} */ (css.match(/[\d.]+/g)).map(Number);
    return { r, g, b, a };
  };
  /** @type {(top: Rgba, bottom: Rgba) => Rgba} */
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  /** @type {(colour: Rgba) => number} */
  const luminance = ({ r, g, b }) => {
    /** @param {number} v */
    const linear = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  /** @type {(a: Rgba, b: Rgba) => number} */
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  // The background behind an element: its own and its ancestors' colours, composed (no images here).
  /** @type {(element: Element) => Rgba} */
  const backgroundOf = (element) => {
    /** @type {Rgba[]} */
    const layers = [];
    for (let node = /** @type {Element | null} */ (element); node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a === 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  /** @type {(element: Element, text: string) => string} */
  const describe = (element, text) =>
    `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${text.trim().slice(0, 40)}"`;

  /** @type {string[]} */
  const lowContrast = [];
  /** @type {string[]} */
  const tooSmall = [];
  /** @type {Set<Element>} */
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  /** @type {[Element, string][]} */
  const texts = [];
  // Text nodes inside body: each has a parent element.
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (node.textContent?.trim()) texts.push([/** @type {Element} */ (node.parentElement), node.textContent]);
  for (const input of document.querySelectorAll('input')) texts.push([input, input.value]);
  for (const [element, text] of texts) {
    if (seen.has(element) || !element.checkVisibility() || element.closest('.visually-hidden, script, style')) continue;
    seen.add(element);
    const style = getComputedStyle(element);
    const px = parseFloat(style.fontSize);
    if (px < MIN_FONT_PX) tooSmall.push(`${describe(element, text)}: ${px.toFixed(1)} px`);
    if (element.closest(':disabled')) continue;
    const background = backgroundOf(element);
    const contrast = ratio(over(rgba(style.color), background), background);
    const large = px >= 24 || (px >= 18.66 && Number(style.fontWeight) >= 700);
    if (contrast < (large ? 3 : 4.5)) lowContrast.push(`${describe(element, text)}: ${contrast.toFixed(2)}:1`);
  }

  // labels: form controls only; alt: img only
  /** @type {NodeListOf<HTMLElement & { labels?: NodeListOf<HTMLLabelElement> | null, alt?: string }>} */
  const controls = document.querySelectorAll('input, select, textarea, button, [role="img"], img');
  const unlabelled = [...controls]
    .filter(
      (element) =>
        !(
          element.labels?.length ||
          element.getAttribute('aria-label') ||
          element.getAttribute('aria-labelledby') ||
          (element.tagName === 'BUTTON' && element.textContent.trim()) ||
          (element.tagName === 'IMG' && element.alt)
        ),
    )
    .map((element) => describe(element, element.textContent));

  return { lowContrast, tooSmall, unlabelled };
})();
