import { defineConfig } from 'prisma/config';

// Used only when authoring migrations (`prisma migrate diff`, see README "Database"): Prisma 6.19's
// WASM schema engine talks to PostgreSQL through this driver adapter, offline.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    return new PrismaPg({ connectionString: url });
  },
});
