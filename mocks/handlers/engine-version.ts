// GET /version of Podman 4.3.1 on Debian 12 (fixtures/podman-4.3/version.json) or Debian's
// docker.io 20.10.24.
import type { EngineSource } from "../sources";
import { API_VERSION, DOCKER_VERSION, type EngineFlavor, PODMAN_VERSION } from "./engine-http";

export function versionBody(flavor: EngineFlavor, src: EngineSource) {
  const kernel = src.host().kernelVersion;
  if (flavor === "podman")
    return {
      Platform: { Name: "linux/amd64/debian-12" },
      Components: [
        {
          Name: "Podman Engine",
          Version: PODMAN_VERSION,
          Details: {
            APIVersion: PODMAN_VERSION,
            Arch: "amd64",
            BuildTime: "1970-01-01T00:00:00Z",
            Experimental: "false",
            GitCommit: "",
            GoVersion: "go1.19.8",
            KernelVersion: kernel,
            MinAPIVersion: "4.0.0",
            Os: "linux",
          },
        },
        {
          Name: "Conmon",
          Version: "conmon version 2.1.6, commit: unknown",
          Details: { Package: "conmon_2.1.6+ds1-1_amd64" },
        },
        {
          Name: "OCI Runtime (runc)",
          Version:
            "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4",
          Details: { Package: "runc_1.1.5+ds1-1+deb12u1_amd64" },
        },
      ],
      Version: PODMAN_VERSION,
      ApiVersion: API_VERSION,
      MinAPIVersion: "1.24",
      GitCommit: "",
      GoVersion: "go1.19.8",
      Os: "linux",
      Arch: "amd64",
      KernelVersion: kernel,
      BuildTime: "1970-01-01T00:00:00Z",
    };
  const build = "2023-05-18T08:38:34.000000000+00:00";
  return {
    Platform: { Name: "" },
    Components: [
      {
        Name: "Engine",
        Version: DOCKER_VERSION,
        Details: {
          ApiVersion: API_VERSION,
          Arch: "amd64",
          BuildTime: build,
          Experimental: "false",
          GitCommit: "5d6db84",
          GoVersion: "go1.19.8",
          KernelVersion: kernel,
          MinAPIVersion: "1.12",
          Os: "linux",
        },
      },
      { Name: "containerd", Version: "1.6.20~ds1", Details: { GitCommit: "1.6.20~ds1-1+b1" } },
      { Name: "runc", Version: "1.1.5+ds1", Details: { GitCommit: "1.1.5+ds1-1+deb12u1" } },
      { Name: "docker-init", Version: "0.19.0", Details: { GitCommit: "" } },
    ],
    Version: DOCKER_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: "1.12",
    GitCommit: "5d6db84",
    GoVersion: "go1.19.8",
    Os: "linux",
    Arch: "amd64",
    KernelVersion: kernel,
    BuildTime: build,
  };
}
