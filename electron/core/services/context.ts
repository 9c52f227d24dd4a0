/** What every service receives: the store, the vault, the ports, and the cloud client factory. */
import type { Store } from '../state/store';
import type { Vault } from '../vault/vault';
import type { Clock, EventSink, Logger, Ports } from '../ports';
import type { CloudAccess } from './cloud-access';

export interface ServiceContext {
  ports: Ports;
  store: Store;
  vault: Vault;
  logger: Logger;
  clock: Clock;
  events: EventSink;
  cloud: CloudAccess;
}
