import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { PAGES } from "../../src/console/pages/registry";
import { ADMIN_KEY } from "../api-harness";
import { launchChromium } from "./chromium";
import {
  buildConsoleForTests,
  pageSettled,
  screenshot,
  seriousAxeViolations,
  signIn,
  watchedPage,
} from "./console-browser";
import { seedCalls } from "./console-seed";
import { type ServedApp, serveTestApp } from "./serve-app";

// The console in a real browser, against the whole app: sign-in, its pages, accessibility.

const workDir = mkdtempSync(join(tmpdir(), "astra-console-"));
let served: ServedApp;
let browser: BrowserContext;
let seeded: { tenantId: string; key: string };

beforeAll(async () => {
  await buildConsoleForTests();
  served = await serveTestApp();
  seeded = await served.api.tenantWithKey("Harbour Dental");
  const agent = await served.api.call("POST", "/v1/agents", {
    key: seeded.key,
    body: { name: "Front desk" },
  });
  await seedCalls(served.api, seeded.tenantId, agent.body.id);
  browser = await launchChromium({ userDataDir: join(workDir, "profile") });
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

const storedKey = (page: Page) =>
  page.evaluate(() => sessionStorage.getItem("astra-console.api-key"));

/** A tab signed in as the admin with the seeded tenant picked, showing the overview. */
async function adminTab() {
  const watched = await watchedPage(browser);
  await watched.page.goto(`${served.baseUrl}/console/overview`);
  await signIn(watched.page, ADMIN_KEY);
  await watched.page
    .getByLabel("Tenant", { exact: true })
    .selectOption({ label: "Harbour Dental" });
  await pageSettled(watched.page, "Overview");
  return watched;
}

describe("the console", () => {
  test("a wrong key is refused in words; the admin key signs in, survives a reload, signs out", async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${served.baseUrl}/`);
    await signIn(page, "av_admin_not-the-key");
    await page
      .getByText("This key was not accepted: API key is invalid, expired or revoked.")
      .waitFor();
    expect(await page.getByLabel("API key").getAttribute("aria-invalid")).toBe("true");
    expect(await storedKey(page)).toBeNull();

    // By keyboard alone: the key field follows the focused heading, Enter signs in.
    await page.getByLabel("API key").fill("");
    await page.getByRole("heading", { name: "Astra Voice console" }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("api-key");
    await page.keyboard.type(ADMIN_KEY);
    await page.keyboard.press("Enter");
    await pageSettled(page, "Overview");
    // Focus lands on the page's heading; the first Tab reaches the skip link.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await page.locator("body").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    // `/` opens the first page under its own URL; the key is in no URL, only in this tab.
    expect(new URL(page.url()).pathname).toBe("/console/overview");
    expect(page.url()).not.toContain(ADMIN_KEY);
    expect(await storedKey(page)).toBe(ADMIN_KEY);
    expect(await page.getByText("Admin", { exact: true }).isVisible()).toBe(true);

    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You are signed out.").waitFor();
    expect(await storedKey(page)).toBeNull();
    await page.close();
  }, 60_000);

  test("the admin creates a tenant, with the API's message beside a wrong field", async () => {
    const { page } = await adminTab();
    await page.getByRole("navigation").getByRole("link", { name: "Tenants" }).click();
    await pageSettled(page, "Tenants");
    await page.getByRole("link", { name: "New tenant" }).click();
    await page.getByRole("heading", { name: "New tenant" }).waitFor();
    await page.getByLabel("Monthly minutes").fill("lots");
    await page.getByRole("button", { name: "Create tenant" }).click();
    // Both refusals come from the API, each shown beside its own field.
    const name = page.getByLabel("Name");
    await page.locator(".field-error").first().waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".field-invalid").allTextContents()).toEqual([
      expect.stringContaining("must not be empty"),
      expect.stringContaining("must be a number"),
    ]);

    await name.fill("Seaside Physio");
    await page.getByLabel("Monthly minutes").fill("1200");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await page.getByText("Created tenant Seaside Physio.").waitFor();
    const row = page.getByRole("row", { name: /Seaside Physio/ });
    expect(await row.textContent()).toContain("1,200");
    // It became the tenant the other pages act on.
    expect(await page.getByLabel("Tenant", { exact: true }).inputValue()).toMatch(/^ten_/);

    // Edited: suspended, with its limit lifted.
    await row.getByRole("link", { name: "Edit Seaside Physio" }).click();
    await page.getByRole("heading", { name: /Seaside Physio/ }).waitFor();
    await page.getByLabel("Status").selectOption("suspended");
    await page.getByLabel("Monthly minutes").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved tenant Seaside Physio.").waitFor();
    const edited = await page.getByRole("row", { name: /Seaside Physio/ }).textContent();
    expect(edited).toContain("suspended");
    expect(edited).toContain("no limit");
    await page.close();
  }, 60_000);

  test("a new key is shown once, works, and can be revoked", async () => {
    const { page } = await adminTab();
    await page.getByRole("navigation").getByRole("link", { name: "API keys" }).click();
    await pageSettled(page, "API keys");
    await page.getByLabel("Name", { exact: true }).fill("CRM sync");
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByLabel("The new API key");
    await shown.waitFor();
    const key = await shown.inputValue();
    const whoami = await fetch(`${served.baseUrl}/v1/whoami`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await whoami.json()).toMatchObject({ tenantId: seeded.tenantId, keyName: "CRM sync" });

    await page.getByRole("button", { name: "I have saved it" }).click();
    await page.getByRole("row", { name: /CRM sync/ }).waitFor();
    // Once dismissed, the key is nowhere on the page.
    expect(await page.content()).not.toContain(key);

    const row = page.getByRole("row", { name: /CRM sync/ });
    await row.getByRole("button", { name: "Revoke CRM sync" }).click();
    await row.getByRole("button", { name: "Revoke CRM sync now" }).click();
    await page.getByRole("row", { name: /CRM sync.*revoked/ }).waitFor();
    const refused = await fetch(`${served.baseUrl}/v1/whoami`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(401);
    await page.close();
  }, 60_000);

  test("a tenant key sees its own tenant and not the admin's pages", async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${served.baseUrl}/console/tenants`);
    await signIn(page, seeded.key);
    await page.getByText("This page needs the operator's admin key").waitFor();
    const nav = page.getByRole("navigation");
    const everyones = PAGES.filter((p) => p.audience === "everyone").map((p) => p.title);
    expect(everyones).not.toContain("Tenants");
    expect(await nav.getByRole("link").allTextContents()).toEqual(everyones);
    expect(await page.locator(".who").textContent()).toContain("Harbour Dental");
    await page.close();
  }, 60_000);

  test("a tenant that revokes the key it is signed in with is signed out", async () => {
    const own = await served.api.call("POST", `/v1/tenants/${seeded.tenantId}/keys`, {
      key: ADMIN_KEY,
      body: { name: "Laptop" },
    });
    const { page } = await watchedPage(browser);
    await page.goto(`${served.baseUrl}/console/api-keys`);
    await signIn(page, own.body.key);
    await pageSettled(page, "API keys");
    const row = page.getByRole("row", { name: /Laptop \(this session\)/ });
    await row.getByRole("button", { name: "Revoke Laptop" }).click();
    await row.getByText("This is the key you are signed in with").waitFor();
    await row.getByRole("button", { name: "Revoke Laptop now" }).click();
    await page.getByText("You were signed out: the API no longer accepts this key").waitFor();
    expect(await storedKey(page)).toBeNull();
    await page.close();
  }, 60_000);

  test("every page loads without errors, has no serious axe findings, and is photographed", async () => {
    const watched = await adminTab();
    const { page } = watched;
    for (const consolePage of PAGES) {
      watched.clear();
      await page.goto(`${served.baseUrl}/console/${consolePage.path}`);
      await pageSettled(page, consolePage.title);
      expect({ page: consolePage.path, problems: watched.problems }).toEqual({
        page: consolePage.path,
        problems: [],
      });
      expect({ page: consolePage.path, axe: await seriousAxeViolations(page) }).toEqual({
        page: consolePage.path,
        axe: [],
      });
      await screenshot(page, consolePage.path);
    }
    await page.close();
  }, 120_000);

  test("on a phone-sized screen the navigation opens from a Menu button", async () => {
    const watched = await adminTab();
    const { page } = watched;
    await page.setViewportSize({ width: 390, height: 844 });
    const nav = page.getByRole("navigation");
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await nav.getByRole("link", { name: "API keys" }).click();
    await pageSettled(page, "API keys");
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole("navigation").getByRole("link", { name: "Overview" }).isHidden();
    await menu.click();
    await nav.getByRole("link", { name: "Overview" }).click();
    await pageSettled(page, "Overview");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "overview-phone");
    await page.close();
  }, 60_000);

  test("the page's Content-Security-Policy stops an injected inline script", async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${served.baseUrl}/console/overview`);
    await page.getByLabel("API key").waitFor();
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; blocked: string }>((resolve) => {
          let blocked = "";
          document.addEventListener("securitypolicyviolation", (event) => {
            blocked = event.violatedDirective;
          });
          const script = document.createElement("script");
          script.textContent = "window.__injected = true;";
          document.body.append(script);
          setTimeout(() => {
            resolve({ ran: "__injected" in window, blocked });
          }, 200);
        }),
    );
    expect(outcome).toEqual({ ran: false, blocked: "script-src-elem" });
    await page.close();
  }, 60_000);
});
