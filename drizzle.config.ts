import { defineConfig } from "drizzle-kit";

// Only used to generate SQL migrations from workers/db/schema.ts (offline).
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/db/schema.ts",
  out: "./migrations",
});
