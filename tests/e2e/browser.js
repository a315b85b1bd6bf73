// Debian's Chromium, driven by Playwright, with the flags this closed network needs.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// WCAG 2.2 AA rules; returns the violations, each with its first target.
export async function accessibilityProblems(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`);
}
