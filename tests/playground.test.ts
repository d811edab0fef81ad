import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSpecFragment } from "../packages/playground/src/share/url-codec.js";
import { root, runVaec, vaecBin } from "./vaec-cli.js";

/*
 * The playground in a real browser (Debian's chromium, driven by playwright-core), served by
 * `vaec playground --rebuild` on a loopback port: the user's path through the page, from a typo
 * to an attack panel and a shared link. Screenshots are kept in out/playground-e2e/ (gitignored)
 * to look at.
 */

const CHROMIUM = process.env.VAEC_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(root, "out/playground-e2e");

const SPEC = `model Tiny {
  data   x : binary[16, 16]
  latent z : 4

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])

  q(z | x) = Normal(mlp[64])

  penalize tc(z) with beta = 2, estimator = mss
}

train { data = sprites, batch = 16, steps = 40, optimizer = adam(lr = 3e-3) }
attack {
  kinds = [kl, w2, output]
  pairs = 1
  lambda = grid(-2, 2, 3)
  optimizer = lbfgsb(steps = 10)
}
`;
const TYPO = SPEC.replace("Bernoulli(", "Bernouli(");

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let baseUrl = "";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function replaceSpec(page: Page, text: string): Promise<void> {
  await page.click(".cm-content");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

describe.skipIf(!fs.existsSync(CHROMIUM))("the playground in a browser", () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = spawn(process.execPath, [vaecBin, "playground", "--port", "0", "--rebuild"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    server.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    baseUrl = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      server!.stdout!.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
        if (url) resolve(url[0]);
      });
      server!.once("exit", (code) =>
        reject(new Error(`vaec playground exited ${code}: ${stderr}`)),
      );
    });
    // playwright starts chromium with a fresh, empty profile of its own (a new --user-data-dir).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
  });

  it("checks, draws, trains, attacks and shares a spec", async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // wasm: the backend every machine has; the choice order itself is the page's business.
    await page.goto(`${baseUrl}?backend=wasm`);
    await page.waitForSelector("#diagram svg", { timeout: 60_000 });

    // a typo: the inline diagnostic appears, with its code on hover
    await replaceSpec(page, TYPO);
    const underline = page.locator(".cm-lintRange-error").first();
    await underline.waitFor({ timeout: 30_000 });
    await underline.hover();
    const tooltip = page.locator(".cm-tooltip-lint .vae-diagnostic").first();
    await tooltip.waitFor({ timeout: 10_000 });
    const hover = await tooltip.innerText();
    expect(hover).toMatch(/VAE\d{3}/);
    expect(hover).toContain("Bernoulli");
    await expect.poll(() => tooltip.locator(".vae-explanation").innerText()).not.toBe("");
    expect(await page.locator("#diagram").getAttribute("class")).toContain("stale");
    await shot(page, "1-typo");

    // fixed: no diagnostic; the diagram and maths are of this spec
    await replaceSpec(page, SPEC);
    await expect
      .poll(() => page.locator("#model .family").innerText(), { timeout: 30_000 })
      .toContain("Tiny");
    expect(await page.locator(".cm-lintRange-error").count()).toBe(0);
    expect(await page.locator("#diagram").getAttribute("class")).not.toContain("stale");
    expect(await page.locator("#diagram svg").count()).toBe(1);
    expect(await page.locator("#maths math").count()).toBeGreaterThan(3);
    await shot(page, "2-fixed");

    // train 40 steps: the ELBO rises (the loss falls)
    await page.fill("#train-steps", "40");
    await page.fill("#train-batch", "16");
    await page.click("#train-start");
    await page.waitForSelector("#train-status:has-text('Done at step 40')", { timeout: 120_000 });
    const elbo = JSON.parse(
      (await page.locator("#train").getAttribute("data-elbo")) ?? "[]",
    ) as number[];
    expect(elbo).toHaveLength(40);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(elbo.slice(-5))).toBeGreaterThan(mean(elbo.slice(0, 5)) + 5);
    expect(await page.locator("#pictures canvas").count()).toBe(24);
    expect(await page.locator("#backend").innerText()).toContain("wasm");
    await shot(page, "3-trained");

    // attack one pair at lambda = 1: the three panels with Delta and log p(x_t | z*)
    await page.fill("#attack-lambda", "1");
    await page.fill("#attack-steps", "10");
    await page.click("#attack-run");
    await page.waitForSelector("#attack-status:has-text('Done')", { timeout: 120_000 });
    const panels = page.locator(".attack-panel");
    expect(await panels.count()).toBe(3);
    for (const title of await panels.locator("h3").allInnerTexts()) {
      expect(title).toMatch(/λ = 1, Δ = -?\d+\.\d+, log p\(x_t \| z\*\) = -?\d+\.\d/);
    }
    expect(await panels.locator("canvas").count()).toBe(18);
    await shot(page, "4-attacked");

    // compare: pin, then train and attack the spec with a heavier TC penalty on the same pair
    await page.click("#attack-pin");
    await page.click("#train-reset");
    await replaceSpec(page, SPEC.replace("beta = 2", "beta = 8"));
    await expect
      .poll(() => page.locator("#model .family").innerText(), { timeout: 30_000 })
      .toContain("beta = 8");
    await page.click("#train-start");
    await page.waitForSelector("#train-status:has-text('Done at step 40')", { timeout: 120_000 });
    await page.click("#attack-run");
    await page.waitForSelector("#attack-status:has-text('Done')", { timeout: 120_000 });
    expect(await page.locator("#attack-pinned .attack-panel").count()).toBe(3);
    expect(await page.locator("#attack-panels .attack-panel").count()).toBe(3);
    const pinnedDelta = await page.locator("#attack-pinned .attack-panel h3").first().innerText();
    const liveDelta = await page.locator("#attack-panels .attack-panel h3").first().innerText();
    expect(liveDelta).not.toBe(pinnedDelta);
    await shot(page, "5-compared");

    // format: prettier with the plugin aligns the factors; the examples menu loads a spec
    await replaceSpec(page, SPEC.replace("p(z)     = Normal(0, 1)", "p(z) = Normal(0,1)"));
    await page.click("#format");
    await expect
      .poll(() => page.locator(".cm-content").innerText())
      .toContain("p(z)     = Normal(0, 1)");
    await page.selectOption("#examples", { label: "seatbelt.vae" });
    await expect
      .poll(() => page.locator("#model .family").innerText(), { timeout: 30_000 })
      .toContain("Seatbelt-VAE");

    // share: the link opens the same spec in a fresh page
    await page.click("#share");
    const link = page.url();
    expect(link).toContain("#spec=");
    const second = await browser!.newPage();
    await second.goto(link);
    await second.waitForSelector(".cm-content");
    await expect
      .poll(() => second.evaluate(() => document.querySelector(".cm-content")?.textContent ?? ""))
      .toContain("model Seatbelt {");
    await second.waitForSelector("#diagram svg", { timeout: 60_000 });
    // The link carries the whole spec; the new page shows it from the top (CodeMirror draws
    // only the lines in view, so compare those).
    const seatbelt = fs.readFileSync(path.join(root, "examples/seatbelt.vae"), "utf8");
    expect(decodeSpecFragment(new URL(link).hash)).toBe(seatbelt);
    const shown = await second.locator(".cm-line").allInnerTexts();
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.slice(0, 10).join("\n")).toBe(seatbelt.split("\n").slice(0, 10).join("\n"));
    expect(await second.locator("#model .family").innerText()).toContain("Seatbelt-VAE");
    await shot(second, "6-shared");
    expect(errors).toEqual([]);
  }, 300_000);
});

describe("vaec playground", () => {
  it("refuses a port that cannot be, with the flag's range", async () => {
    const ran = await runVaec(root, "playground", "--port", "70000");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("`--port` needs a whole number from 0 to 65535");
    expect(ran.stdout).toBe("");
  });
});
