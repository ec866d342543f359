import { expect, test } from "bun:test";
import { dataUrl, solidPng } from "../../test/png";
import { LOGO_MAX_BYTES, readLogo } from "./brand";

/** The start of a JPEG: its marker, a JFIF segment, then a frame header of the given size. */
function jpegHead(width: number, height: number): Uint8Array {
  const jfif = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const frame = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3];
  return Uint8Array.from([0xff, 0xd8, ...jfif, ...frame, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
}

const problem = (url: string) => {
  const read = readLogo(url);
  return "problem" in read ? read.problem : null;
};

test("a PNG or JPEG logo is read with its type, size and a hash of its bytes", () => {
  const png = readLogo(dataUrl("image/png", solidPng(120, 40, [10, 20, 30])));
  expect(png).toMatchObject({ contentType: "image/png", width: 120, height: 40 });
  expect("sha256" in png && png.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(readLogo(dataUrl("image/jpeg", jpegHead(300, 90)))).toMatchObject({
    contentType: "image/jpeg",
    width: 300,
    height: 90,
  });
});

test("SVG, links, other types and bytes that are not what they claim are refused, saying why", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
  expect(problem(dataUrl("image/svg+xml", svg))).toContain("SVG is refused");
  expect(problem("https://cdn.example.com/logo.png")).toContain("not a link");
  expect(problem(dataUrl("text/html", "<script>alert(1)</script>"))).toBe(
    "must be a PNG or JPEG image",
  );
  // HTML sent as a PNG: its bytes give it away.
  expect(problem(dataUrl("image/png", "<html><script>alert(1)</script></html>"))).toContain(
    "is not a PNG image",
  );
  expect(problem(dataUrl("image/jpeg", solidPng(4, 4, [0, 0, 0])))).toContain("is not a JPEG");
  expect(problem("data:image/png;base64,@@@")).toContain("base64");
  expect(problem("data:image/png;base64,")).toBe("must not be empty");
});

test("a logo too heavy or too large is refused with its measure", () => {
  const noise = new Uint8Array(LOGO_MAX_BYTES + 1).map((_, i) => (i * 7919) & 255);
  noise.set(solidPng(1, 1, [0, 0, 0]).subarray(0, 33));
  expect(problem(dataUrl("image/png", noise))).toBe("must be at most 64 KB (this one is 65 KB)");
  expect(problem(dataUrl("image/png", solidPng(2000, 10, [0, 0, 0])))).toBe(
    "must be at most 1024×1024 pixels (this one is 2000×10)",
  );
  expect(problem(dataUrl("image/jpeg", jpegHead(10, 4000)))).toContain("10×4000");
});
