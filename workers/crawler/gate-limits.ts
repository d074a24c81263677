/**
 * Requests in flight to one host when its crawl delay (source setting and robots.txt) is 0 and
 * it is not backed off (HostGate). A delay of 0 is the operator's explicit choice; still a small
 * number, so even then one crawler never floods a host. A module of its own so Node code (the
 * benchmarks) can read it without the Workers runtime.
 */
export const ZERO_DELAY_IN_FLIGHT = 4;
