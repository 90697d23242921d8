#!/usr/bin/env node
// npm test's browser step: makes sure a Chromium is there (scripts/chromium.mjs decides which one and says so).
// Usage: node scripts/ensure-chromium.mjs [--dry-run]
import { ensureChromium } from './chromium.mjs';

process.exit(ensureChromium({ dryRun: process.argv.includes('--dry-run') }));
