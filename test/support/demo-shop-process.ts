/**
 * One demo shop in a process of its own, for the workers tests' global setup
 * (test/support/demo-shop-global-setup.ts). Started in vitest's own process, the shops
 * shared its one thread with the pool's work for every test file: with files running
 * side by side their answers slowed down until a crawl took minutes and a connection
 * was dropped. Options come as JSON in the first argument; the addresses go out as one
 * `DEMO_SHOP_READY {json}` line; SIGTERM closes the shop.
 */
import { startDemoShop, type StartDemoShopOptions } from "../../workers/demo-shop/server";

const options = JSON.parse(process.argv[2] ?? "{}") as StartDemoShopOptions;
const running = await startDemoShop(options);
console.log(`DEMO_SHOP_READY ${JSON.stringify({ url: running.url, partnerUrl: running.partnerUrl })}`);
process.once("SIGTERM", () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
