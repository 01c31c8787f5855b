// End-to-end journeys of the built SPA against a running server with the demo agency (onboarding and
// setup: a second, fresh non-demo server at $E2E_FRESH_URL; skipped without it):
//
//   BASE_URL=http://127.0.0.1:8080 node e2e/run.mjs [leader|staff|frontline|public|admin|people|orgadmin|responsibility|tour|onboarding|setup …]
//
// Drives Debian's Chromium (/usr/bin/chromium) with playwright-core, one journey per persona
// (e2e/<persona>.mjs). Each fails on any console error, page error, failed request or HTTP error.
// Screenshots go to $SCREENSHOT_DIR (scripts/e2e.sh: a temporary folder; `make screenshots`:
// docs/screenshots/). Ends with "N passed, N failed".
import { results } from './lib.mjs';
import { leader } from './leader.mjs';
import { staff } from './staff.mjs';
import { frontline } from './frontline.mjs';
import { publicComplaint } from './public.mjs';
import { admin } from './admin.mjs';
import { orgadmin } from './orgadmin.mjs';
import { tour } from './tour.mjs';
import { setup } from './setup.mjs';
import { responsibility } from './responsibility.mjs';
import { onboarding } from './onboarding.mjs';
import { people } from './people.mjs';

// onboarding and setup run on a second, fresh server (E2E_FRESH_URL); onboarding first: it starts from an empty agency.
const JOURNEYS = { leader, staff, frontline, public: publicComplaint, admin, people, orgadmin, responsibility, tour, onboarding, setup };
const only = process.argv.slice(2);
for (const [name, run] of Object.entries(JOURNEYS)) {
  if (only.length && !only.includes(name)) continue;
  try {
    await run();
  } catch (err) {
    results.failed++;
    console.log(`FAIL [${name}] crashed: ${err?.stack ?? err}`);
  }
}

console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
