// What every scenario gets: the running Sightline, the mock servers, Chromium, the clock, and
// where to put figures, notes and CPU profiles.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, CDPSession } from "@playwright/test";
import type { MockServers } from "../../mocks/server/start";
import { profilePage } from "./browser";
import { type CpuProfile, type ProfileSummary, type SamplingHeapProfile, summarize, summarizeHeap } from "./profile";
import type { StandIn } from "./jaeger-standin";
import type { NodeInspector, SightlineServer } from "./server";
import { recordBackend } from "./backend-log";
import type { Figure } from "./stats";

export interface ProfileEntry {
  figureIds: string[];
  summary: ProfileSummary;
  file: string;
  /** The mock backends' request log during a server profile (Markdown). */
  backend?: string;
}

/** Re-runs one instance of a figure with the CPU profilers on (browser and/or server). */
export type Profiler = (p: ProfileTools) => Promise<void>;

export interface ProfileTools {
  /** Profile the page behind `cdp` while `fn` runs. */
  browser(title: string, cdp: CDPSession, fn: () => Promise<void>): Promise<void>;
  /** Profile the Sightline server process while `fn` runs. */
  server(title: string, fn: () => Promise<void>): Promise<void>;
  /** Both at once. */
  both(title: string, cdp: CDPSession, fn: () => Promise<void>): Promise<void>;
  /** Sampling heap profile of the page while `fn` runs, read after a forced GC. */
  heap(title: string, cdp: CDPSession, fn: () => Promise<void>): Promise<void>;
}

export class Ctx {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  readonly profiles: ProfileEntry[] = [];
  readonly profilers = new Map<string, Profiler>();
  /** The Jaeger stand-in Sightline reads traces from; it also serves Jaeger UI's build. */
  standIn?: StandIn;

  constructor(
    readonly root: string,
    readonly outDir: string,
    readonly server: SightlineServer,
    readonly inspector: NodeInspector | undefined,
    readonly mocks: MockServers,
    readonly browser: Browser,
    readonly runs: number,
    readonly deadline: number,
    /** One absolute hour ending at the start of the bench: the deep-link range. */
    readonly range: { from: number; to: number },
  ) {
    mkdirSync(path.join(outDir, "profiles"), { recursive: true });
  }

  get origin(): string {
    return this.server.origin;
  }

  remainingMs(): number {
    return this.deadline - Date.now();
  }

  log(msg: string): void {
    const left = Math.round(this.remainingMs() / 1000);
    process.stderr.write(`  · ${msg} (${left} s left)\n`);
  }

  /** Figures that share one profiler function are profiled together, once. */
  add(f: Figure, profiler?: Profiler): void {
    this.figures.push(f);
    if (profiler) this.profilers.set(f.id, profiler);
  }

  note(msg: string): void {
    this.notes.push(msg);
    process.stderr.write(`  ! ${msg}\n`);
  }

  private save(figureIds: string[], title: string, profile: CpuProfile, kind: string, backend?: string): void {
    const n = this.profiles.length + 1;
    const slug = `${String(n).padStart(2, "0")}-${figureIds[0]}-${kind}`.replace(/[^a-z0-9_.-]+/gi, "-");
    const file = path.join(this.outDir, "profiles", `${slug}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    this.profiles.push({
      figureIds,
      summary: summarize(title, profile),
      file: path.relative(this.outDir, file),
      backend,
    });
  }

  private saveHeap(figureIds: string[], title: string, profile: SamplingHeapProfile): void {
    const n = this.profiles.length + 1;
    const slug = `${String(n).padStart(2, "0")}-${figureIds[0]}-heap`.replace(/[^a-z0-9_.-]+/gi, "-");
    const file = path.join(this.outDir, "profiles", `${slug}.heapprofile`);
    writeFileSync(file, JSON.stringify(profile));
    this.profiles.push({ figureIds, summary: summarizeHeap(title, profile), file: path.relative(this.outDir, file) });
  }

  tools(figureIds: string[]): ProfileTools {
    const server = async (title: string, fn: () => Promise<void>) => {
      if (!this.inspector) {
        await fn();
        return;
      }
      const { result: p, summary } = await recordBackend(() => this.inspector!.profile(fn));
      this.save(figureIds, `${title} — Sightline server (Node)`, p, "server", summary);
    };
    const browser = async (title: string, cdp: CDPSession, fn: () => Promise<void>) => {
      const p = await profilePage(cdp, fn);
      this.save(figureIds, `${title} — browser main thread`, p, "browser");
    };
    return {
      server,
      browser,
      both: async (title, cdp, fn) => {
        let browserProfile: CpuProfile | undefined;
        await server(title, async () => {
          browserProfile = await profilePage(cdp, fn);
        });
        if (browserProfile) this.save(figureIds, `${title} — browser main thread`, browserProfile, "browser");
      },
      heap: async (title, cdp, fn) => {
        await cdp.send("HeapProfiler.enable");
        await cdp.send("HeapProfiler.startSampling", { samplingInterval: 16_384 });
        let failure: unknown;
        try {
          await fn();
        } catch (err) {
          failure = err;
        }
        await cdp.send("HeapProfiler.collectGarbage");
        const { profile } = (await cdp.send("HeapProfiler.stopSampling")) as { profile: SamplingHeapProfile };
        if (failure) throw failure;
        this.saveHeap(figureIds, `${title} — JS heap of the page`, profile);
      },
    };
  }
}
