// Times the search of a site written by `eventctl docs --format html`, in Debian's Chromium
// driven by npm playwright-core (as `.ci/install-renderers` installs them):
//   NODE_PATH=~/.cache/eventctl-renderers/browser/node_modules node benches/search_load.js SITE [QUERY]
// Loads SITE/index.html five times, fresh each time, and prints per run: the search index's
// size, when the page had loaded and run its scripts, the search index included
// (`domContentLoadedEventEnd`: deferred scripts run before it), and how long the first query
// took to show its results. The target is a loaded index under 1 s.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const site = path.resolve(process.argv[2] || "");
const query = process.argv[3] || "placed";
const index = path.join(site, "assets", "search-index.js");
if (!fs.existsSync(index)) {
  console.error(`usage: node search_load.js SITE [QUERY]: ${index} is missing; write a site with eventctl docs --format html`);
  process.exit(2);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.EVENTCTL_CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const bytes = fs.statSync(index).size;
  console.log(`search index: ${(bytes / 1e6).toFixed(2)} MB`);
  console.log("| run | entries | page and index loaded | first query answered |\n|---|---|---|---|");
  for (let run = 1; run <= 5; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto("file://" + path.join(site, "index.html"), { waitUntil: "domcontentloaded" });
    const loaded = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return { ms: nav.domContentLoadedEventEnd, entries: (window.EVENTCTL_SEARCH || []).length };
    });
    const answered = await page.evaluate((q) => {
      const input = document.getElementById("search");
      const start = performance.now();
      input.value = q;
      input.dispatchEvent(new Event("input"));
      const hits = document.querySelectorAll("#results li").length;
      return { ms: performance.now() - start, hits };
    }, query);
    console.log(`| ${run} | ${loaded.entries} | ${loaded.ms.toFixed(0)} ms | ${answered.ms.toFixed(0)} ms (${answered.hits} hits) |`);
    await context.close();
  }
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
