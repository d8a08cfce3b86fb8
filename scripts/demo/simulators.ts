import { DEFAULT_SIM_TOKEN, HubSpotSimulator } from '@ml/hubspot-simulator';
import { PeopleSoftSimulator, SIMULATOR_DEFAULTS } from '@ml/peoplesoft-simulator';
import type { DemoOptions } from './options';

/** Fixed, recognisable demo credentials of the simulators; never real ones. */
export const DEMO_CREDENTIALS = {
  hubspotToken: DEFAULT_SIM_TOKEN,
  oprid: SIMULATOR_DEFAULTS.user,
  password: SIMULATOR_DEFAULTS.password,
  node: SIMULATOR_DEFAULTS.node,
} as const;

/** Professional/Enterprise private-app limit; the writers share it through Postgres. */
export const DEMO_REQUESTS_PER_10S = 190;

export interface Simulators {
  readonly peoplesoft: PeopleSoftSimulator;
  readonly hubspot: HubSpotSimulator;
  readonly peoplesoftUrl: string;
  readonly hubspotUrl: string;
  stop(): Promise<void>;
}

/** Both simulators in this process; the same seed gives the same PeopleSoft data every run. */
export async function startSimulators(options: DemoOptions): Promise<Simulators> {
  const peoplesoft = new PeopleSoftSimulator({
    employees: options.employees,
    vendors: options.vendors,
    customers: options.customers,
    seed: options.seed,
    user: DEMO_CREDENTIALS.oprid,
    password: DEMO_CREDENTIALS.password,
  });
  const hubspot = new HubSpotSimulator({
    tokens: [DEMO_CREDENTIALS.hubspotToken],
    requestsPer10s: DEMO_REQUESTS_PER_10S,
  });
  const peoplesoftUrl = await peoplesoft.start(options.peoplesoftPort);
  let hubspotUrl: string;
  try {
    hubspotUrl = await hubspot.start(options.hubspotPort);
  } catch (error) {
    await peoplesoft.stop();
    throw error;
  }
  return {
    peoplesoft,
    hubspot,
    peoplesoftUrl,
    hubspotUrl,
    stop: async () => {
      await Promise.allSettled([peoplesoft.stop(), hubspot.stop()]);
    },
  };
}
