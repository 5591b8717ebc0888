import type { NativeRoutes, PredictionLogStore, RouteQuery, RouteResponse } from '@slipway/core';

// Derived from the route and the store so this module needs nothing more from core's index;
// core's DeploymentAnalysis, AbArmView, AbComparisonView and OutcomeGroup name the same types.
type AnalysisRoute = NativeRoutes['getDeploymentAnalysis'];
export type DeploymentAnalysisView = RouteResponse<AnalysisRoute>;
export type AnalysisOptions = RouteQuery<AnalysisRoute>;
export type AbArmView = DeploymentAnalysisView['arms'][number];
export type AbComparisonView = NonNullable<AbArmView['comparison']>;
export type OutcomeGroupFromStore = Awaited<
  ReturnType<PredictionLogStore['outcomeGroups']>
>[number];
