package io.processdeploy.store.postgresql;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.store.postgresql.PostgresStore;

/** Code the README shows (ReadmeTest keeps them equal); compiled, not run. */
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  static DeploymentStore postgresqlStore() {
    // tag::postgresql-store[]
    DeploymentStore store = PostgresStore.builder()
        .withJdbcUrl("jdbc:postgresql://db.example.com:5432/processdeploy")
        .withUsername("processdeploy")
        .withPassword(System.getenv("PROCESSDEPLOY_DB_PASSWORD"))
        .build();  // connects, creates or upgrades its tables
    // end::postgresql-store[]
    return store;
  }
}
