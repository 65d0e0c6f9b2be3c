// Hostile data and heavy load (issue #13) on their own, against the production build (`next
// start`) and the demo world's mock backends on loopback (load-env.ts):
//
//   node --import tsx scripts/bench/load.ts --ci      ≤ 30 s; asserts what does not depend on the
//                                                     machine's speed (exit 1 on failure)
//   node --import tsx scripts/bench/load.ts           the rows with budgets (Markdown table); the
//                                                     same rows are `npm run bench -- hostile load`
//
// The figures are s6-hostile.ts and s7-load.ts. Needs `next build` first (run it under
// `flock /tmp/heavy.lock`).
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type LoadRow, startLoadEnv, tableOf } from "./load-env";
import { runHostile } from "./s6-hostile";
import { BENCH_LOAD, runLoad } from "./s7-load";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values: args } = parseArgs({
  options: {
    ci: { type: "boolean", default: false },
    seconds: { type: "string" },
    clients: { type: "string" },
    tails: { type: "string" },
    "skip-hostile": { type: "boolean", default: false },
  },
});
const CI = Boolean(args.ci);

async function main(): Promise<number> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    process.stderr.write("load: no production build; run `flock /tmp/heavy.lock npx next build` first\n");
    return 2;
  }
  const rows: LoadRow[] = [];
  const failures: string[] = [];
  const env = await startLoadEnv(root, path.join(os.tmpdir(), `sightline-load-${process.pid}.log`));
  try {
    if (!args["skip-hostile"]) {
      const r = await runHostile(env, CI ? 3 : 7);
      rows.push(...r.rows);
      failures.push(...r.failures);
    }
    const r = await runLoad(env, {
      seconds: Number(args.seconds ?? (CI ? 20 : BENCH_LOAD.seconds)),
      clients: Number(args.clients ?? (CI ? 40 : BENCH_LOAD.clients)),
      tails: Number(args.tails ?? (CI ? 16 : BENCH_LOAD.tails)),
    });
    rows.push(...r.rows);
    failures.push(...r.failures);
  } finally {
    await env.close();
  }
  process.stdout.write(
    `\n${tableOf(rows)}\n\n${os.availableParallelism()} cores, load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}\n`,
  );
  if (failures.length) process.stderr.write(`\n✗ ${failures.length} failures:\n  ${failures.join("\n  ")}\n`);
  // CI asserts only what does not depend on the machine's speed; timings are bench figures.
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✗ load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
