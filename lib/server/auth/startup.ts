// Start-up checks for access control: a policy file that does not parse stops the server
// (naming SIGHTLINE_POLICY_FILE), and a server open to everyone on a non-loopback address
// says so loudly.
import { isIP } from "node:net";
import type { AppConfig } from "../../config";
import { loadPolicy } from "../../auth/policy";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The address `next start` binds: HOST, else -H/--hostname, else every interface. */
export function bindAddress(env: Record<string, string | undefined>, argv: string[]): string {
  if (env.HOST) return env.HOST;
  // The standalone server (npm start, the image) binds HOSTNAME, else every interface.
  if (argv.some((a) => a.endsWith("server.js"))) return env.HOSTNAME || "0.0.0.0";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if ((a === "-H" || a === "--hostname") && argv[i + 1]) return argv[i + 1] ?? "";
    if (a.startsWith("--hostname=")) return a.slice("--hostname=".length);
  }
  return "0.0.0.0";
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith("127."));
}

export function checkAccessControl(
  cfg: AppConfig,
  bind: string,
): { errors: string[]; warnings: string[]; info: string[] } {
  const a = cfg.auth;
  const errors: string[] = [];
  const warnings: string[] = [];
  const info: string[] = [];
  if (a.policyFile) {
    try {
      const p = loadPolicy(a.policyFile);
      info.push(`policy: ${p.rules.length} rule(s) from ${a.policyFile}`);
    } catch (err) {
      errors.push(`SIGHTLINE_POLICY_FILE: ${(err as Error).message}`);
    }
  }
  if (a.mode === "none") {
    if (!isLoopback(bind)) {
      warnings.push(
        [
          "",
          "!!! ================================================================== !!!",
          `!!! Sightline listens on ${bind} with SIGHTLINE_AUTH=none: anyone who can`,
          "!!! reach this port reads every container's logs, traces and labels.",
          "!!! Set SIGHTLINE_AUTH=proxy or oidc (README: Access control), or bind",
          "!!! to 127.0.0.1.",
          "!!! ================================================================== !!!",
          "",
        ].join("\n"),
      );
    }
    if (a.policyFile) warnings.push("SIGHTLINE_POLICY_FILE is ignored while SIGHTLINE_AUTH=none");
  } else {
    info.push(`access control: SIGHTLINE_AUTH=${a.mode}`);
    if (!a.policyFile) {
      warnings.push(
        `SIGHTLINE_AUTH=${a.mode} without SIGHTLINE_POLICY_FILE: signed-in users see no container (default deny). Give them a policy, e.g. {"rules":[{"users":["*"],"allow":"*"}]}`,
      );
    }
  }
  if (a.linkKeys.length) info.push(`signed links: ${a.linkKeys.length} key(s), signing with ${a.linkKeys[0]?.kid}`);
  info.push(`allowed hosts: ${a.allowedHosts.join(", ")}`);
  return { errors, warnings, info };
}
