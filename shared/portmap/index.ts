/** The port map: spans per protocol family, free gaps, clashes and zoom windows of one load balancer. */
export * from './spans';
export * from './view';
