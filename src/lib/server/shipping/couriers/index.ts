// The couriers Packbench knows, by name.
import type { CourierName } from '../records';
import { manualCourier } from './manual';
import { sandboxCourier } from './sandbox';
import { sendcloudCourier } from './sendcloud';
import type { Courier } from './types';

const COURIERS: Record<CourierName, Courier> = { manual: manualCourier, sandbox: sandboxCourier, sendcloud: sendcloudCourier };

export function isCourierName(name: string): name is CourierName {
  return Object.hasOwn(COURIERS, name);
}

export function courier(name: CourierName): Courier {
  return COURIERS[name];
}

export function enabledCouriers(): CourierName[] {
  return (Object.keys(COURIERS) as CourierName[]).filter((n) => COURIERS[n].enabled());
}
