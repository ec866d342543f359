import { describe, expect, test } from "bun:test";
import { decodeEntities, htmlTitle, htmlToText, htmlToTextInSlices } from "./html-text";

describe("HTML to text", () => {
  test("headings become # lines, blocks paragraphs, list items - lines", () => {
    const html = `<html><head><title>Ignored here</title></head><body>
      <h1>Clinic</h1><p>We are   open
      at <b>nine</b>.</p><ul><li>Check-ups</li><li>Cleaning</li></ul>
      <h2 class="x">Contact</h2><p>Call us<br>any day.</p></body></html>`;
    expect(htmlToText(html)).toBe(
      "# Clinic\n\nWe are open at nine.\n\n- Check-ups\n- Cleaning\n\n## Contact\n\nCall us\nany day.",
    );
  });

  test("scripts, styles, comments and markup go; attributes holding > do not leak", () => {
    const html = `<style>p{color:red}</style><script>if (a > b) alert("x")</script>
      <!-- a comment --><p title="a > b" data-x='c>d'>Visible</p><noscript>Enable JS</noscript>`;
    expect(htmlToText(html)).toBe("Visible");
  });

  test("character references are decoded; unknown ones stay as written", () => {
    expect(decodeEntities("Fish &amp; chips &#233;&#xE9; &nbsp;&unknown; &#0;")).toBe(
      "Fish & chips éé  &unknown; \uFFFD",
    );
  });

  test("the page title is read from <title>", () => {
    expect(htmlTitle("<head><title> Prices &amp; plans </title></head>")).toBe("Prices & plans");
    expect(htmlTitle("<p>No title</p>")).toBeNull();
  });

  test("a large page is converted in slices, as a whole would be, pausing between them", async () => {
    const part =
      '<div class="x"><h2>Section</h2><p>Some <b>bold</b> text &amp; more, spread ' +
      "over</p><ul><li>One</li><li>Two</li></ul><script>var x = '<p>';</script></div>\n";
    const page = part.repeat(2000);
    let pauses = 0;
    const sliced = await htmlToTextInSlices(page, async () => {
      pauses++;
    });
    expect(sliced).toBe(htmlToText(page));
    expect(sliced).not.toContain("var x");
    expect(pauses).toBeGreaterThanOrEqual(3);
  });
});
