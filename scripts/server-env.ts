// Imported first by scripts/server.ts, before Next.js and React load: `next start` forces a
// production NODE_ENV, and so does the production server that replaces it.
Object.assign(process.env, { NODE_ENV: 'production' });
