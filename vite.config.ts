import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

// Builds the Remix site for Cloudflare Pages: build/client (static assets + the
// Pages Function's bundle input) and build/server (the server build the Pages
// Function in app/functions imports).
export default defineConfig({
  publicDir: "app/public",
  plugins: [
    remix({
      appDirectory: "app",
      buildDirectory: "build",
      ignoredRouteFiles: ["**/*.test.*", "**/*.server.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  ssr: {
    resolve: {
      conditions: ["workerd", "worker", "browser"],
      externalConditions: ["workerd", "worker"],
    },
  },
  resolve: {
    mainFields: ["browser", "module", "main"],
  },
  build: {
    minify: true,
  },
});
