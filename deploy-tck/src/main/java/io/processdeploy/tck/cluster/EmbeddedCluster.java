package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Vertx;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes API server in this JVM that behaves, for this library's objects, like a real
 * cluster: the fabric8 mock server in CRUD mode plus small controllers.
 *
 * <ul>
 *   <li>A namespace is Active; once deleted it is Terminating while its contents are deleted, and
 *       it disappears when it is empty and no other finalizer holds it.
 *   <li>A Deployment gets one pod per replica. If every image of the pod exists (see
 *       {@link ImageAvailability}), the pod becomes Ready and the Deployment available
 *       ({@code availableReplicas}, {@code readyReplicas}, condition {@code Available=True});
 *       otherwise the pod waits in {@code ImagePullBackOff} and is pulled again every half second.
 *   <li>Faults can be injected per service: a crash loop, a slow start, an exceeded progress
 *       deadline, a replica failure; and per API path: the next requests answer an error.
 *   <li>Pod logs are served from what the controllers wrote (start lines, crash lines).
 *   <li>Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}) merges the
 *       applied fields into the stored object: fields, list items, labels and annotations others
 *       set are kept, status is never touched, the fields the manager applied before and applies
 *       no more are removed, and an apply that changes nothing writes nothing (no new resource
 *       version, no watch event). The manager's fields are recorded in
 *       {@code metadata.managedFields}; other writers' are not tracked, so every apply is forced.
 * </ul>
 *
 * <p>What the mock server itself does not do (no strategic merge patch, no {@code stringData}
 * conversion, no clusterIP allocation, no defaulting such as a Deployment's {@code replicas}, a
 * PUT with no status wipes the status) still applies: code under test must not rely on those.
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
 *   KubernetesClient client = cluster.client();
 *   // create a Deployment: it becomes available within a few hundred milliseconds
 *   cluster.crashLoop("invoices", "runtime-bundle"); // its pod now crash-loops
 *   cluster.heal("invoices", "runtime-bundle");      // and recovers
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing stops the controllers, the clients and the server.
 */
public final class EmbeddedCluster implements AutoCloseable {
  /**
   * The finalizer the namespace controller holds terminating namespaces with until they are empty
   * (a real cluster keeps it in {@code spec.finalizers}).
   */
  public static final String NAMESPACE_FINALIZER = "kubernetes";

  /** The mock web server logs every request at INFO through java.util.logging: too much here. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final Vertx clientTransport = Vertx.vertx();
  private final HttpClient.Factory clientFactory = new Vertx5HttpClientFactory(clientTransport);
  private final EmbeddedDispatcher dispatcher;
  private final KubernetesClient client;
  private final KubernetesClient controllerClient;
  private final ScheduledExecutorService loop;
  private final WorkloadController workloads;
  private final NamespaceController namespaces;

  private EmbeddedCluster(Builder builder) {
    dispatcher = new EmbeddedDispatcher();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    server.init();
    client = newClient();
    controllerClient = newClient();
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "embedded-cluster-controllers");
      t.setDaemon(true);
      return t;
    });
    workloads = new WorkloadController(controllerClient, dispatcher, loop, builder.images);
    namespaces = new NamespaceController(controllerClient, loop);
    if (builder.controllers) {
      namespaces.start();
      workloads.start();
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** Starts a cluster where every image exists. */
  public static EmbeddedCluster start() {
    return builder().start();
  }

  /** Starts a cluster where the images that {@code images} accepts exist. */
  public static EmbeddedCluster start(ImageAvailability images) {
    return builder().withImageAvailability(images).start();
  }

  /** A builder for the less common options. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client of this cluster, shared and closed with it. Its own request retries are turned off,
   * so that injected API errors reach the code under test.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new client of this cluster (retries off, as {@link #client()}); the caller closes it, before
   * closing the cluster (every client of the cluster shares its transport, which closing the
   * cluster stops).
   */
  public KubernetesClient newClient() {
    return server.createClient(b -> b.withHttpClientFactory(clientFactory).editOrNewConfig()
        .withRequestRetryBackoffLimit(0).endConfig());
  }

  /** The API server's URL, e.g. {@code http://localhost:41235/}. */
  public String url() {
    return server.url("/");
  }

  /** Replaces the image check; Deployments are reconciled again at once. */
  public void imageAvailability(ImageAvailability images) {
    workloads.images(images);
  }

  /**
   * Makes the next {@code times} requests whose method and path match answer {@code status}
   * (with a Kubernetes {@code Status} body), e.g.
   * {@code failNext("POST", "/apis/apps/v1/namespaces/invoices/deployments", 409, 1)}.
   *
   * @param method the HTTP method, or {@code null} for any
   * @param pathFragment a fragment the request path (with its query) must contain
   * @param status the HTTP status to answer, e.g. 409 or 500
   * @param times how many matching requests fail
   */
  public void failNext(String method, String pathFragment, int status, int times) {
    Objects.requireNonNull(pathFragment, "pathFragment was not specified");
    dispatcher.failNext(method, pathFragment, status, times);
  }

  /**
   * Ends every open watch, the controllers' included, as an API server does when the resource
   * version a watch started from is too old (an {@code ERROR} event with status 410 Gone, e.g.
   * after etcd compaction): informers list again and watch anew.
   *
   * @return how many watches were ended
   */
  public int expireWatches() {
    return dispatcher.expireWatches();
  }

  /** The container of {@code service} keeps crashing: its pod goes to {@code CrashLoopBackOff}. */
  public void crashLoop(String namespace, String service) {
    workloads.inject(namespace, service, new ServiceFault.CrashLoop());
  }

  /** The pods of {@code service} become ready only {@code delay} after they start. */
  public void slowStart(String namespace, String service, Duration delay) {
    workloads.inject(namespace, service, new ServiceFault.SlowStart(delay));
  }

  /** The Deployment of {@code service} reports {@code Progressing=False ProgressDeadlineExceeded}. */
  public void progressDeadlineExceeded(String namespace, String service) {
    workloads.inject(namespace, service, new ServiceFault.ProgressDeadlineExceeded());
  }

  /** The Deployment of {@code service} reports {@code ReplicaFailure=True} with that message. */
  public void replicaFailure(String namespace, String service, String message) {
    workloads.inject(namespace, service, new ServiceFault.ReplicaFailure(message));
  }

  /**
   * Every container running {@code image} exits at once, as a real image whose program fails
   * would: its pods go to {@code CrashLoopBackOff}.
   */
  public void imageCrashes(String image) {
    workloads.imageFault(Objects.requireNonNull(image, "image was not specified"),
        new ServiceFault.CrashLoop());
  }

  /** Every container running {@code image} becomes ready only {@code delay} after it started. */
  public void imageStartsSlowly(String image, Duration delay) {
    workloads.imageFault(Objects.requireNonNull(image, "image was not specified"),
        new ServiceFault.SlowStart(delay));
  }

  /** Clears any fault injected into {@code service}: its pods restart and become ready. */
  public void heal(String namespace, String service) {
    workloads.inject(namespace, service, null);
  }

  /** How many requests the API server has answered, controllers' own included. */
  public long requestCount() {
    return dispatcher.requests();
  }

  /** How many requests matched a method ({@code null} for any) and a path fragment. */
  public long requestCount(String method, String pathFragment) {
    return dispatcher.count(method, pathFragment);
  }

  /**
   * How many watch requests were opened, controllers' own included (each informer opens one and
   * opens it again only after a disconnect).
   */
  public long watchRequestCount() {
    return dispatcher.watches();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    workloads.close();
    namespaces.close();
    controllerClient.close();
    client.close();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeHttpServer();
    server.destroy();
    closeClientTransport();
  }

  /**
   * Stops the event loops every client of this cluster shares, once their connections are closed:
   * a client that stopped its own event loops at once would let a connection's close notification
   * reach a loop already shut down (a netty {@code RejectedExecutionException} stack trace), and
   * loops left running would keep the JVM alive.
   */
  private void closeClientTransport() {
    try {
      clientTransport.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // the loops end on their own
    }
  }

  /**
   * Closes the mock server's HTTP server and waits until its connections are closed, before
   * {@link KubernetesMockServer#destroy} stops its event loops: destroying at once lets a
   * connection's close notification reach an event loop already shut down, which netty reports
   * with a {@code RejectedExecutionException} stack trace. Best effort, through reflection (the
   * mock server does not expose its HTTP server).
   */
  private void closeHttpServer() {
    try {
      Field webServer = io.fabric8.mockwebserver.DefaultMockServer.class
          .getDeclaredField("server");
      webServer.setAccessible(true);
      Object mockWebServer = webServer.get(server);
      Field http = MockWebServer.class.getDeclaredField("httpServer");
      http.setAccessible(true);
      Object httpServer = http.get(mockWebServer);
      if (httpServer == null) {
        return;
      }
      Object closing = Class.forName("io.vertx.core.http.HttpServer").getMethod("close")
          .invoke(httpServer);
      Object stage = Class.forName("io.vertx.core.Future").getMethod("toCompletionStage")
          .invoke(closing);
      ((java.util.concurrent.CompletionStage<?>) stage).toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException | RuntimeException e) {
      // another mock server version: destroy() closes it
    }
  }

  /** Options of an {@link EmbeddedCluster}. */
  public static final class Builder {
    private ImageAvailability images = ImageAvailability.ALL;
    private boolean controllers = true;

    private Builder() {}

    /** Which images exist; default {@link ImageAvailability#ALL}. */
    public Builder withImageAvailability(ImageAvailability images) {
      this.images = Objects.requireNonNull(images, "images was not specified");
      return this;
    }

    /**
     * Whether the controllers run (default true). Without them the cluster is the bare mock
     * server: nothing becomes available and nothing is garbage-collected; a test or benchmark
     * then writes statuses itself.
     */
    public Builder withControllers(boolean controllers) {
      this.controllers = controllers;
      return this;
    }

    /** Starts the cluster. */
    public EmbeddedCluster start() {
      return new EmbeddedCluster(this);
    }
  }
}
