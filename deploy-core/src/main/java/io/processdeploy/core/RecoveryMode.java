package io.processdeploy.core;

/**
 * What a {@link DeploymentService} does, when it starts, with applications that a previous run
 * left in a transitional status (the process stopped or was killed mid-pipeline). In either mode,
 * a stored removal ({@link io.processdeploy.api.Application#removal()}) is completed instead (the
 * application is removed, its pipeline neither resumed nor failed), and a stored permission change
 * ({@link io.processdeploy.api.Application#pendingSecurity()}) is written everywhere.
 */
public enum RecoveryMode {
  /**
   * Run the pipeline again from the stored step. The steps are idempotent: images build
   * reproducibly and cluster resources are created or updated, so a resumed step is safe.
   */
  RESUME,
  /** Move each such application to the failure status of its step, with the reason "interrupted by restart". */
  FAIL
}
