package io.processdeploy.core.internal;

import io.processdeploy.api.MissingImplementationException;
import io.processdeploy.api.spi.Discoverable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds SPI implementations with {@link ServiceLoader}: the thread context class loader first,
 * then this library's own; among everything found, the highest priority wins (the first found on
 * a tie).
 */
public final class Spi {
  private static final Logger LOG = LoggerFactory.getLogger(Spi.class);

  private Spi() {}

  /** Every implementation found, highest priority first, one per implementation class. */
  public static <T extends Discoverable> List<T> all(Class<T> type) {
    Map<String, T> found = new LinkedHashMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    if (Spi.class.getClassLoader() != context) {
      loaders.add(Spi.class.getClassLoader());
    }
    for (ClassLoader loader : loaders) {
      try {
        for (T candidate : ServiceLoader.load(type, loader)) {
          found.putIfAbsent(candidate.getClass().getName(), candidate);
        }
      } catch (ServiceConfigurationError e) {
        throw new MissingImplementationException("an implementation of " + type.getSimpleName()
            + " on the class path cannot be loaded: " + e.getMessage());
      }
    }
    List<T> sorted = new ArrayList<>(found.values());
    sorted.sort(Comparator.comparingInt(Discoverable::priority).reversed());
    return sorted;
  }

  /** The implementation with the highest priority, if any. */
  public static <T extends Discoverable> Optional<T> find(Class<T> type) {
    List<T> all = all(type);
    if (all.size() > 1) {
      LOG.debug("{} implementations of {} found; using {} (priority {})", all.size(),
          type.getSimpleName(), all.get(0).id(), all.get(0).priority());
    }
    return all.stream().findFirst();
  }

  /**
   * {@code explicit} when given, else the implementation found with the highest priority.
   *
   * @param howToProvide what the user should do, e.g. "add io.processdeploy:deploy-registry to
   *     the class path or call withImageBuilder(..)"
   * @throws MissingImplementationException naming the SPI and {@code howToProvide}
   */
  public static <T extends Discoverable> T require(Class<T> type, T explicit,
      String howToProvide) {
    if (explicit != null) {
      return explicit;
    }
    return find(type).orElseThrow(() -> new MissingImplementationException(
        "no " + type.getSimpleName() + " found: " + howToProvide));
  }
}
