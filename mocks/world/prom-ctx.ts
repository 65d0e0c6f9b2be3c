// What the Prometheus series builders share: the request world, the clock, the models.
import type { ServiceKey } from "./containers";
import { type ContainerModel, makeContainerModel } from "./metrics-model";
import type { RequestWorld } from "./requests";

export interface PromCtx {
  w: RequestWorld;
  now: () => number;
  model(key: ServiceKey): ContainerModel;
}

export function makePromCtx(w: RequestWorld, now: () => number): PromCtx {
  const models = new Map<ServiceKey, ContainerModel>();
  return {
    w,
    now,
    model(key) {
      let m = models.get(key);
      if (!m) {
        m = makeContainerModel(w, key);
        models.set(key, m);
      }
      return m;
    },
  };
}
