import type { AccessService } from '../access/access-service.js';
import type { Authenticator } from '../access/authenticator.js';
import type { UserService } from '../access/user-service.js';
import type { AuditService } from '../audit/audit-service.js';
import type { DriftService } from '../monitoring/drift/drift-service.js';
import type { MonitorService } from '../monitoring/monitors/monitor-service.js';
import type { AlertService } from '../monitoring/alerts/alert-service.js';
import type { ValidationService } from '../monitoring/validation-service.js';
import type { AbAnalysisService } from '../prediction-log/ab-analysis/ab-analysis-service.js';
import type { PredictionLogService } from '../prediction-log/prediction-log-service.js';
import type { ArtifactService } from '../services/artifact-service.js';
import type { DatasetService } from '../services/dataset-service.js';
import type { ExperimentService } from '../services/experiment-service.js';
import type { PipelineService } from '../pipelines/pipeline-service.js';
import type { PipelineStepFiles } from '../pipelines/pipeline-step-files.js';
import type { PipelineStepService } from '../pipelines/pipeline-step-service.js';
import type { LineageService } from '../lineage/lineage-service.js';
import type { LoggedModelService } from '../services/logged-model-service.js';
import type { RegistryService } from '../services/registry-service.js';
import type { RunService } from '../services/run-service.js';
import type { DeploymentService } from '../serving/deployments/deployment-service.js';
import type { DeploymentStatsService } from '../serving/deployments/deployment-stats-service.js';
import type { ServingMetrics } from '../serving/metrics/serving-metrics.js';
import type { InferenceTargetResolver } from '../serving/protocol/inference-target.js';
import type { WebhookService } from '../webhooks/webhook-service.js';

/** The services each API family's routes are built from (the composition root provides them). */
export interface TrackingServices {
  experiments: ExperimentService;
  runs: RunService;
  artifacts: ArtifactService;
  loggedModels: LoggedModelService;
}

export interface RegistryServices {
  registry: RegistryService;
}

export interface AccessServices {
  authenticator: Authenticator;
  users: UserService;
  access: AccessService;
  audit: AuditService;
}

export interface ServingServices {
  deployments: DeploymentService;
  /** Live per-version statistics of deployments (GET .../stats and its event stream). */
  deploymentStats: DeploymentStatsService;
  predictionLog: PredictionLogService;
  /** A/B analysis of a deployment's versions (GET .../analysis). */
  abAnalysis: AbAnalysisService;
}

/** Data quality and drift (monitors come with the monitoring module). */
export interface MonitoringServices {
  drift: DriftService;
  validation: ValidationService;
  /** Monitors of deployments: specs, schedules and stored results. */
  monitors: MonitorService;
  /** Monitor alerts and retraining triggers. */
  alerts: AlertService;
}

/** Webhooks of registry events (MLflow's webhooks API) and their delivery log. */
export interface WebhookServices {
  webhooks: WebhookService;
}

/** Versioned datasets: content-addressed files, immutable versions, links to runs. */
export interface DatasetServices {
  datasets: DatasetService;
}

/** Pipeline runs (and cache lookups), their steps' transitions, outputs and logs. */
export interface PipelineServices {
  pipelines: PipelineService;
  pipelineSteps: PipelineStepService;
  pipelineFiles: PipelineStepFiles;
}

/** Lineage across datasets, pipelines, runs, model versions and deployments (read-only). */
export interface LineageServices {
  lineage: LineageService;
}

/** Everything the HTTP surface needs; the Platform is one. */
export interface HttpServices
  extends
    TrackingServices,
    RegistryServices,
    AccessServices,
    ServingServices,
    MonitoringServices,
    WebhookServices,
    DatasetServices,
    PipelineServices,
    LineageServices {
  metrics: ServingMetrics;
  inference: InferenceTargetResolver;
}
