/** Reading charts back, for the tests: what a reader would see, without a DOM. */

/** The visible strings of the `<text>` elements with this class (all of them without one), unescaped. */
export function textsOf(svg: string, className?: string): string[] {
  const texts = [...svg.matchAll(/<text ([^>]*)>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/g)];
  return texts
    .filter(([, attributes]) => className === undefined || (attributes ?? '').includes(`class="${className}"`))
    .map(([, , content]) => (content ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

/** The values of one attribute on every element of a tag with this class. */
export function attributesOf(svg: string, tag: string, className: string, attribute: string): number[] {
  return [...svg.matchAll(new RegExp(`<${tag} [^>]*>`, 'g'))]
    .map(([element]) => element)
    .filter((element) => new RegExp(`class="[^"]*\\b${className}\\b`).test(element))
    .map((element) => Number(new RegExp(` ${attribute}="([^"]*)"`).exec(element)?.[1]));
}
