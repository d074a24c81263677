import { applyD1Migrations, env } from "cloudflare:test";

// Storage is shared by the tests of one file, so applying is idempotent per file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
