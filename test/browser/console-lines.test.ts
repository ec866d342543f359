import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { minimalPdf } from "../minimal-pdf";
import { launchChromium } from "./chromium";
import {
  buildConsoleForTests,
  pageSettled,
  screenshot,
  seriousAxeViolations,
  signIn,
  type WatchedPage,
  watchedPage,
} from "./console-browser";
import { until } from "./page-probes";
import { type ServedApp, serveTestApp } from "./serve-app";

// Lines, credentials, knowledge and tools in a real browser, against the whole app: a credential
// saved and read back masked, a line bound to an agent (refused first, with the API's message
// beside the address), a document uploaded with its progress and then found by a search, and an
// HTTP tool run with sample arguments.

const AUTH_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const ROTATED_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const workDir = mkdtempSync(join(tmpdir(), "astra-console-lines-"));
let served: ServedApp;
let hoursService: ReturnType<typeof Bun.serve>;
const toolRequests: string[] = [];
let browser: BrowserContext;
let tenant: { tenantId: string; key: string };
let watched: WatchedPage;
let page: Page;
let agentId = "";

beforeAll(async () => {
  await buildConsoleForTests();
  hoursService = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const url = new URL(request.url);
      toolRequests.push(url.pathname + url.search);
      return Response.json({ day: url.searchParams.get("day"), open: "09:00", close: "17:30" });
    },
  });
  served = await serveTestApp({ allowPrivateEgress: ["127.0.0.1/32"] });
  tenant = await served.api.tenantWithKey("Harbour Dental");
  const agent = await served.api.call("POST", "/v1/agents", {
    key: tenant.key,
    body: {
      name: "Front desk",
      config: {
        tools: [
          {
            type: "http",
            name: "opening_hours",
            description: "The clinic's opening hours on a day",
            url: `http://127.0.0.1:${hoursService.port}/hours`,
            method: "GET",
            parameters: {
              type: "object",
              properties: { day: { type: "string", enum: ["monday", "saturday"] } },
            },
          },
          { type: "builtin", name: "end_call" },
        ],
      },
    },
  });
  agentId = agent.body.id;
  browser = await launchChromium({ userDataDir: join(workDir, "profile") });
  watched = await watchedPage(browser);
  page = watched.page;
  await page.goto(`${served.baseUrl}/console/credentials`);
  await signIn(page, tenant.key);
  await pageSettled(page, "Credentials");
  watched.clear();
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  hoursService?.stop(true);
  rmSync(workDir, { recursive: true, force: true });
});

/** No console errors or failed requests beyond those expected, and no serious axe findings. */
async function clean(state: string, expectedRefusals: RegExp[] = []) {
  const unexpected = watched.problems.filter(
    (problem) =>
      !expectedRefusals.some((refusal) => refusal.test(problem)) &&
      !(problem.startsWith("console: Failed to load resource") && expectedRefusals.length > 0),
  );
  watched.clear();
  expect({ state, problems: unexpected }).toEqual({ state, problems: [] });
  expect({ state, axe: await seriousAxeViolations(page) }).toEqual({ state, axe: [] });
}

function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>) {
  return until(what, check, () => `page problems: ${watched.problems.join("\n")}`);
}

const fieldOf = (label: string) =>
  page.locator(".field", { has: page.getByLabel(label, { exact: true }) });

describe("credentials", () => {
  test("a Twilio credential is refused field by field, then saved and shown masked", async () => {
    await page.getByLabel("Kind").selectOption("twilio");
    await page.getByLabel("Name").fill("twilio");
    await page.getByLabel("Account SID").fill("AC-not-a-sid");
    await page.getByRole("button", { name: "Save credential" }).click();
    await fieldOf("Account SID").locator(".field-error").waitFor();
    expect(await fieldOf("Account SID").locator(".field-error").textContent()).toBe(
      "must be a Twilio account SID (AC…)",
    );
    expect(await page.getByLabel("Account SID").getAttribute("aria-invalid")).toBe("true");
    await clean("a credential refused", [/^400 PUT .*\/credentials\/twilio$/]);

    await page.getByLabel("Account SID").fill(`AC${"0123456789abcdef".repeat(2)}`);
    await page.getByLabel("Auth token").fill(AUTH_TOKEN);
    expect(await page.getByLabel("Auth token").getAttribute("type")).toBe("password");
    await page.getByRole("button", { name: "Save credential" }).click();
    await page.getByText("Saved credential twilio.").waitFor();
    const row = page.getByRole("row", { name: /twilio/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("••••b1a0");
    expect(await page.content()).not.toContain(AUTH_TOKEN);
    // The form no longer holds the secret either.
    expect(await page.getByLabel("Auth token").inputValue()).toBe("");
    await clean("a credential saved");
    await screenshot(page, "credentials-masked");
  }, 60_000);

  test("rotating keeps its name and kind and replaces the secret", async () => {
    await page.getByRole("button", { name: "Rotate twilio" }).click();
    await page.getByRole("heading", { name: "Rotate “twilio”" }).waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe("twilio");
    expect(await page.getByLabel("Account SID").inputValue()).toBe(
      `AC${"0123456789abcdef".repeat(2)}`,
    );
    await page.getByLabel("Auth token").fill(ROTATED_TOKEN);
    await page.getByRole("button", { name: "Save new values" }).click();
    await page.getByText("Saved credential twilio.").waitFor();
    await waitFor("the rotated token's mask", async () =>
      (await page.getByRole("row", { name: /twilio/ }).textContent())?.includes("••••e8f9"),
    );
    await clean("a credential rotated");
  }, 60_000);
});

describe("credentials per kind", () => {
  test("an HTTP authorization credential takes its scheme's fields, and is deleted", async () => {
    await page.getByLabel("Kind").selectOption("http_auth");
    await page.getByLabel("Scheme").selectOption("header");
    await page.getByLabel("Name", { exact: true }).fill("booking");
    await page.getByLabel("Header name").fill("X-Api-Key");
    await page.getByLabel("Token or header value").fill("booking-secret-value-1234");
    expect(await page.getByLabel("Password").count()).toBe(0);
    await page.getByRole("button", { name: "Save credential" }).click();
    await page.getByText("Saved credential booking.").waitFor();
    const row = page.getByRole("row", { name: /booking/ });
    expect(await row.textContent()).toContain("X-Api-Key");
    expect(await row.textContent()).toContain("••••1234");

    await row.getByRole("button", { name: "Delete booking" }).click();
    await row.getByRole("button", { name: "Delete booking now" }).click();
    await waitFor("the credential to leave the list", async () =>
      (await page.getByRole("row", { name: /booking/ }).count()) === 0 ? true : undefined,
    );
    const left = await served.api.call("GET", `/v1/tenants/${tenant.tenantId}/credentials`, {
      key: tenant.key,
    });
    expect(left.body.data.map((c: { name: string }) => c.name)).toEqual(["twilio"]);
    await clean("a credential deleted");
  }, 60_000);
});

describe("lines", () => {
  test("a line is refused with the channel's rule beside the address, then bound to the agent", async () => {
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Lines" })
      .click();
    await pageSettled(page, "Lines");
    await page.getByText("No lines yet").waitFor();
    await page.getByRole("link", { name: "New line" }).click();
    await page.getByRole("heading", { name: "New line" }).waitFor();
    await page.getByLabel("Meta phone number ID").fill("+44 20 7946 0000");
    await page.getByLabel("Agent").selectOption(agentId);
    await page.getByLabel("Label (optional)").fill("Main reception");
    await page.getByRole("button", { name: "Create line" }).click();
    const address = fieldOf("Meta phone number ID");
    await address.locator(".field-error").waitFor();
    expect(await address.locator(".field-error").textContent()).toBe(
      "must be Meta's phone_number_id (digits)",
    );
    await clean("a line refused", [/^400 POST .*\/v1\/bindings$/]);
    await screenshot(page, "line-new");

    await page.getByLabel("Meta phone number ID").fill("106540352242922");
    await page.getByRole("button", { name: "Create line" }).click();
    await page.getByText("Line Main reception now reaches its agent.").waitFor();
    const row = page.getByRole("row", { name: /106540352242922/ });
    expect(await row.textContent()).toContain("Front desk");
    expect(await row.textContent()).toContain("Main reception");
    const stored = await served.api.call("GET", "/v1/bindings", { key: tenant.key });
    expect(stored.body.data).toMatchObject([
      { channel: "whatsapp_cloud", address: "106540352242922", agentId, webhookOrigin: "platform" },
    ]);
    await clean("a line created");
  }, 60_000);

  test("a Twilio number is bound with its credential, relabelled, and deleted", async () => {
    await page.getByRole("link", { name: "New line" }).click();
    await page.getByLabel("Channel").selectOption("twilio");
    await page.getByLabel("Twilio phone number").fill("+15550001111");
    await page.getByLabel("Agent").selectOption(agentId);
    expect(await page.getByText("Twilio numbers use the credential named").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Create line" }).click();
    // The number is shown masked, as the API answers it.
    await page.getByText("Line ••••1111 now reaches its agent.").waitFor();
    expect(await page.locator("main").textContent()).not.toContain("5550001111");
    await screenshot(page, "lines-bound");

    await page.getByRole("link", { name: "Edit ••••1111" }).click();
    await page.getByLabel("Label").fill("After hours");
    await page.getByRole("button", { name: "Save line" }).click();
    await page.getByText("Line saved.").waitFor();
    await page.getByRole("row", { name: /After hours/ }).waitFor();

    await page.getByRole("link", { name: "Edit After hours" }).click();
    await page.getByRole("button", { name: "Delete line" }).click();
    await page.getByRole("button", { name: "Delete line now" }).click();
    await page.getByText("Line deleted").waitFor();
    expect(await page.getByRole("row", { name: /After hours/ }).count()).toBe(0);
    expect(
      (await served.api.call("GET", "/v1/bindings", { key: tenant.key })).body.data,
    ).toHaveLength(1);
    await clean("a line edited and deleted");
  }, 60_000);
});

describe("knowledge", () => {
  test("a document uploads with its progress to 100%, is read, and is found by a search", async () => {
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Knowledge" })
      .click();
    await pageSettled(page, "Knowledge");
    await page.getByLabel("Name").fill("Clinic facts");
    await page.getByRole("button", { name: "Create collection" }).click();
    await page.getByText("Created collection Clinic facts.").waitFor();
    await pageSettled(page, "Knowledge");

    const pdf = join(workDir, "hours.pdf");
    writeFileSync(
      pdf,
      minimalPdf([
        [
          "Opening hours",
          "The clinic is open Monday to Friday from 9 am to 5.30 pm.",
          "On Saturdays we open from 10 am to 1 pm for emergencies only.",
        ],
      ]),
    );
    const text = join(workDir, "prices.txt");
    writeFileSync(
      text,
      "Prices\n\nA check-up costs 45 euros. A cleaning costs 60 euros.\n\n" +
        "Parking\n\nFree parking is behind the building, entrance on Harbour Street.\n",
    );
    for (const [file, title] of [
      [pdf, "hours"],
      [text, "prices"],
    ] as const) {
      await page.getByLabel("File").setInputFiles(file);
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByText(/Uploaded .*: 100%/).waitFor();
      expect(await page.getByLabel("Upload progress").getAttribute("value")).toBe("100");
      await waitFor(`${title} to be searchable`, async () =>
        (await page.getByRole("row", { name: new RegExp(title) }).textContent())?.includes(
          "ready: searchable",
        ),
      );
    }
    await clean("two documents read");

    await page.getByLabel("Question").fill("when are you open on saturday");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByText(/passages for “when are you open on saturday”/).waitFor();
    const first = page.locator(".passage").first();
    expect(await first.textContent()).toContain("Saturdays we open from 10 am to 1 pm");
    expect(await first.locator(".passage-score").textContent()).toMatch(/^score 0\.\d{4}$/);
    await clean("a search");
    await screenshot(page, "knowledge-collection");

    // An empty question is refused beside the field.
    await page.getByLabel("Question").fill("");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await fieldOf("Question").locator(".field-error").waitFor();
    expect(await fieldOf("Question").locator(".field-error").textContent()).toBe(
      "must not be empty",
    );
    await clean("an empty search", [/^400 GET .*\/search\?/]);

    await page.getByRole("link", { name: "All collections" }).click();
    const row = page.getByRole("row", { name: /Clinic facts/ });
    await row.waitFor();
    // Two documents, read into passages.
    expect(await row.getByRole("cell").nth(2).textContent()).toBe("2");
    expect(Number(await row.getByRole("cell").nth(3).textContent())).toBeGreaterThan(1);
    await clean("the collections");
    await screenshot(page, "knowledge-list");
  }, 60_000);
});

describe("tools", () => {
  test("an HTTP tool runs with sample arguments and shows what the model would be given", async () => {
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Tools" })
      .click();
    await pageSettled(page, "Tools");
    await page.getByLabel("Agent").selectOption(agentId);
    await page.getByRole("heading", { name: /opening_hours/ }).waitFor();
    // Built-ins are listed, to be tried in a test call.
    await page.getByRole("heading", { name: /end_call/ }).waitFor();
    const args = page.getByLabel("Arguments for opening_hours (JSON)");
    expect(JSON.parse(await args.inputValue())).toEqual({ day: "monday" });

    await args.fill("{ day: saturday }");
    await page.getByRole("button", { name: "Run opening_hours" }).click();
    await fieldOf("Arguments for opening_hours (JSON)").locator(".field-error").waitFor();
    expect(toolRequests).toEqual([]);

    await args.fill('{ "day": "saturday" }');
    await page.getByRole("button", { name: "Run opening_hours" }).click();
    const outcome = page.locator(".tool-outcome");
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain("It worked");
    expect(await outcome.locator("pre").textContent()).toBe(
      '{"day":"saturday","open":"09:00","close":"17:30"}',
    );
    expect(toolRequests).toEqual(["/hours?day=saturday"]);
    await clean("a tool run");
    await screenshot(page, "tools-run");
  }, 60_000);

  test("the pages fit a phone-sized screen and are keyboard operable", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const [path, title] of [
      ["lines", "Lines"],
      ["credentials", "Credentials"],
      ["knowledge", "Knowledge"],
      [`tools/${agentId}`, "Tools"],
    ] as const) {
      await page.goto(`${served.baseUrl}/console/${path}`);
      await pageSettled(page, title);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await clean(`${title} on a phone`);
    }
    await screenshot(page, "tools-phone");
    // A tool runs by keyboard alone: focus the arguments, Tab to Run, Enter.
    await page.getByLabel("Arguments for opening_hours (JSON)").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(".tool-outcome").waitFor();
    expect(toolRequests.at(-1)).toBe("/hours?day=monday");
  }, 60_000);
});
