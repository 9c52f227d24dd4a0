/** Seeded IP address groups. */
import { stableId } from './seed-ids';
import type { IpGroupRec } from './records';
import type { ProjectState } from './state';

/** Builds an IP address group in `ps` from [address, description] pairs. */
export function addSeedIpGroup(ps: ProjectState, name: string, description: string, list: [string, string][], time: string): IpGroupRec {
  const rec: IpGroupRec = {
    id: stableId(ps.region, 'ipgroup', name),
    name,
    description,
    ip_list: list.map(([ip, d]) => ({ ip, description: d })),
    created_at: time,
    updated_at: time,
  };
  ps.addIpGroup(rec);
  return rec;
}
