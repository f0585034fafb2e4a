package io.processdeploy.testkit;

import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.tck.release.SampleReleases;
import java.util.List;
import java.util.Objects;

/**
 * Descriptor requests for the sample released projects of {@link SampleReleases}, ready for one
 * {@link DeploymentEnvironment}: the custom connector's image is in that environment's registry.
 *
 * <ul>
 *   <li>{@link #expenses(String)} — a process that scans invoices with a custom connector and mails
 *       through the out-of-the-box email connector, a form, a decision table, both UIs;
 *   <li>{@link #timesheets(String)} — the REST connector and no UI;
 *   <li>{@link #onboarding(String)} — a process calling a connector nobody defines: refused;
 *   <li>{@link #expensesWithMissingImage(String)} — expenses whose custom connector image was never
 *       published: deploys, then ends {@code Unknown} with {@code ImagePullBackOff}.
 * </ul>
 */
public final class SampleProjects {
  /** The expenses release (both UIs, an out-of-the-box and a custom connector). */
  public static final ReleaseRef EXPENSES = SampleReleases.EXPENSES;
  /** The timesheets release (no UI). */
  public static final ReleaseRef TIMESHEETS = SampleReleases.TIMESHEETS;
  /** The onboarding release (a connector nobody defines). */
  public static final ReleaseRef ONBOARDING = SampleReleases.ONBOARDING;

  private final String invoiceScannerImage;
  private final String missingImage;

  SampleProjects(String invoiceScannerImage, String missingImage) {
    this.invoiceScannerImage = Objects.requireNonNull(invoiceScannerImage, "invoiceScannerImage");
    this.missingImage = Objects.requireNonNull(missingImage, "missingImage");
  }

  /** Every sample project version, as {@link SampleReleases#all()} gives them. */
  public static List<ReleasedProject> releases() {
    return SampleReleases.all();
  }

  /** A complete request for the expenses release, as {@link SampleReleases#expensesRequest}. */
  public DescriptorRequest expenses(String name) {
    return SampleReleases.expensesRequest(name, invoiceScannerImage).build();
  }

  /**
   * The expenses request with the custom connector's image pointing at an image the registry does
   * not hold: the deployment reaches the cluster, whose pod cannot pull it.
   */
  public DescriptorRequest expensesWithMissingImage(String name) {
    return SampleReleases.expensesRequest(name, missingImage).build();
  }

  /** A complete request for the timesheets release: REST connector, no UI. */
  public DescriptorRequest timesheets(String name) {
    return SampleReleases.timesheetsRequest(name).build();
  }

  /**
   * A request for the onboarding release as a user would first write it: its process calls
   * {@value SampleReleases#MISSING_CONNECTOR}, which it does not configure and no catalog knows,
   * so creating it is refused with a validation error naming that connector.
   */
  public DescriptorRequest onboarding(String name) {
    return DescriptorRequest.builder(name, ONBOARDING)
        .withAdmins(io.processdeploy.api.Members.users("alice"))
        .addConnector(io.processdeploy.api.ConnectorRequest.outOfTheBox(
            SampleReleases.EMAIL_CONNECTOR, "{\"EMAIL_HOST\":\"smtp.example.com\"}"))
        .build();
  }

  /**
   * The image {@link #expensesWithMissingImage(String)} names for the custom connector: not in the
   * registry until {@link DeploymentEnvironment#publish(String)} puts it there.
   */
  public String missingImage() {
    return missingImage;
  }

  /** The image the custom invoice scanner connector is published as in this environment. */
  public String invoiceScannerImage() {
    return invoiceScannerImage;
  }
}
