import type { RouteObject } from 'react-router';

/** A run's page (overview, artifacts, metric charts). */
export const runRoutes: RouteObject[] = [];
