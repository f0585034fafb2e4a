package io.processdeploy.core.crash;

import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.core.Catalog;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@link SampleReleases#expensesRequest(String)} must be stored as. */
final class SampleDescriptor {
  private SampleDescriptor() {}

  static DeploymentDescriptor of(String name) {
    return new DeploymentDescriptor(name, SampleReleases.EXPENSES,
        new Security(Members.users("alice"), Members.groups("accounting")),
        List.of(
            new ConnectorConfig("email-connector",
                Catalog.defaults().connector("email-connector").orElseThrow(),
                ConnectorKind.OUT_OF_THE_BOX, Map.of("EMAIL_HOST", "smtp.example.com",
                    "EMAIL_PORT", "587", "EMAIL_USERNAME", "expenses@example.com",
                    "EMAIL_PASSWORD", "mail-pa55word", "EMAIL_SSL", "true")),
            new ConnectorConfig("invoice-scanner",
                ImageReference.parse(SampleReleases.INVOICE_SCANNER_IMAGE), ConnectorKind.CUSTOM,
                Map.of("SCANNER_API_KEY", "scan-k3y-0042", "SCANNER_DPI", "300"))),
        Infrastructure.NONE, Instant.EPOCH, "dana");
  }
}
