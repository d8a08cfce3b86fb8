import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';

export interface EmployeeSimulatorsOptions {
  readonly employees: number;
  readonly seed?: number;
  readonly oprid: string;
  readonly password: string;
  readonly hubspotToken: string;
  /** The HubSpot portal's limit per rolling 10 s. */
  readonly requestsPer10s: number;
}

/** A PeopleSoft holding only employees and the HubSpot portal they sync to, not started yet. */
export function employeeSimulators(options: EmployeeSimulatorsOptions): {
  peoplesoft: PeopleSoftSimulator;
  hubspot: HubSpotSimulator;
} {
  return {
    peoplesoft: new PeopleSoftSimulator({
      employees: options.employees,
      vendors: 0,
      customers: 0,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      user: options.oprid,
      password: options.password,
    }),
    hubspot: new HubSpotSimulator({
      tokens: [options.hubspotToken],
      requestsPer10s: options.requestsPer10s,
    }),
  };
}
