import { fileURLToPath } from 'node:url';

/**
 * Where `vite build` writes the web UI: index.html and the hashed files under assets/. This is the
 * package's only Node entry, all the server imports from it. It works from the source
 * (src/node/) and from the compiled file (dist/node/): both sit two levels below the package root.
 */
export const webDistDir: string = fileURLToPath(new URL('../../dist/app/', import.meta.url));
