package io.processdeploy.k8s;

import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.SampleReleases;
import java.nio.file.Path;
import java.util.Map;

/**
 * Deployment services whose every image really runs: the catalog's services and connectors are
 * busybox stand-ins ({@link RunnableImages}) in a loopback registry, and application images are
 * built with Jib on a base that serves the release files.
 */
public final class StandInServices {
  private StandInServices() {}

  /**
   * A service deploying the sample releases to {@code target}, pushing to {@code registry}; the
   * query service runs {@code queryImage}.
   */
  public static DeploymentService create(String registry, ClusterTarget target, Path work,
      String queryImage) {
    return create(registry, OciRegistry.builder(registry)
        .withRepositoryPrefix("processdeploy-e2e/").allowInsecure().build(), target, work,
        queryImage);
  }

  /**
   * A service whose stand-ins come from {@code registry} and whose application images go
   * to {@code applications}, e.g. a registry that needs credentials.
   */
  public static DeploymentService create(String registry, ImageRegistry applications,
      ClusterTarget target, Path work, String queryImage) {
    return builder(registry, applications, target, work, queryImage).build();
  }

  /** The builder of {@link #create(String, ImageRegistry, ClusterTarget, Path, String)}. */
  public static DeploymentService.Builder builder(String registry, ImageRegistry applications,
      ClusterTarget target, Path work, String queryImage) {
    String service = RunnableImages.push(registry, Kind.SERVICE);
    Catalog catalog = Catalog.builder()
        .withImage(Catalog.QUERY, queryImage)
        .withImage(Catalog.PROCESS_WORKSPACE, service)
        .withImage(Catalog.CONTENT_APP, service)
        .withImage(Catalog.POSTGRESQL, RunnableImages.push(registry, Kind.DATABASE))
        .withConnector(SampleReleases.EMAIL_CONNECTOR, service)
        .withRuntimeBundleBase(RunnableImages.push(registry, Kind.RELEASE_SERVER))
        .build();
    return DeploymentService.builder().withReleaseSource(SampleReleases.source())
        .withImageBuilder(new JibImageBuilder())
        .withImageRegistry(applications)
        .withCatalog(catalog)
        .withClusterTarget(target).withWorkDirectory(work);
  }

  /**
   * {@code request} moved to release {@code version} of its project and, unless
   * {@code runtimeBase} is {@code null}, with the runtime bundle built on that base image: what an
   * update to a new release asks for.
   */
  public static DescriptorRequest updateRequest(DescriptorRequest request, String version,
      String runtimeBase) {
    Infrastructure infrastructure = runtimeBase == null ? request.infrastructure()
        : new Infrastructure(request.infrastructure().global(), Map.of(Catalog.RUNTIME_BUNDLE,
            new ServiceSettings(ImageReference.parse(runtimeBase), Map.of())));
    return new DescriptorRequest(request.name(),
        ReleaseRef.of(request.release().projectId(), version), request.security(),
        request.connectors(), infrastructure);
  }
}
