import type { RouteObject } from 'react-router';

/** Comparing selected runs. */
export const compareRoutes: RouteObject[] = [];
